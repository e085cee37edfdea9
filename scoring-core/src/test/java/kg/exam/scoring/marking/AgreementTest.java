package kg.exam.scoring.marking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AgreementTest {

  /**
   * Worked by hand. Pairs (0,0) (1,1) (2,2) (2,1) (0,1) (1,2): rows 2 2 2, columns 1 3 2, N = 6.
   * Observed Σ w·O = three pairs one apart = 3. Expected E_ij = row_i·col_j/6 = col_j/3, so Σ w·E =
   * (1·5 + 3·2 + 2·5)/3 = 7 (Σ_i (i−j)² is 5, 2, 5 for j = 0, 1, 2). κ = 1 − 3/7 = 4/7.
   */
  @Test
  void computesTheStatisticsOfAHandWorkedTable() {
    Agreement a = new Agreement();
    double[][] pairs = {{0, 0}, {1, 1}, {2, 2}, {2, 1}, {0, 1}, {1, 2}};
    for (double[] p : pairs) {
      a.add(p[0], p[1]);
    }
    Agreement.Result r = a.result();
    assertThat(r.pairs()).isEqualTo(6);
    assertThat(r.exact()).isEqualTo(0.5);
    assertThat(r.adjacent()).isEqualTo(1.0);
    assertThat(r.quadraticWeightedKappa()).isCloseTo(4.0 / 7, within(1e-12));
    assertThat(r.meanDifference()).isCloseTo(-1.0 / 6, within(1e-12));
  }

  @Test
  void perfectAgreementIsKappaOne() {
    Agreement a = new Agreement();
    for (int i = 0; i < 5; i++) {
      a.add(i, i);
    }
    assertThat(a.result().quadraticWeightedKappa()).isEqualTo(1.0);
    assertThat(a.result().exact()).isEqualTo(1.0);
  }

  @Test
  void kappaIsUndefinedWhenEveryMarkIsInOneCategory() {
    Agreement a = new Agreement();
    a.add(2, 2);
    a.add(2, 2);
    assertThat(a.result().quadraticWeightedKappa()).isNaN();
  }

  @Test
  void adjacentAgreementCountsPairsOnePointApartButNotTwo() {
    Agreement a = new Agreement();
    a.add(3, 2);
    a.add(4, 2);
    assertThat(a.result().exact()).isEqualTo(0.0);
    assertThat(a.result().adjacent()).isEqualTo(0.5);
    assertThat(a.result().meanDifference()).isEqualTo(1.5);
  }

  @Test
  void independentMarksGiveKappaNearZero() {
    Random random = new Random(7);
    Agreement a = new Agreement();
    for (int i = 0; i < 200_000; i++) {
      a.add(random.nextInt(5), random.nextInt(5));
    }
    assertThat(a.result().quadraticWeightedKappa()).isCloseTo(0.0, within(0.01));
  }

  @Test
  void mergingGivesTheSameResultAsAddingEverything() {
    Random random = new Random(11);
    Agreement all = new Agreement();
    Agreement left = new Agreement();
    Agreement right = new Agreement();
    for (int i = 0; i < 1_000; i++) {
      int x = random.nextInt(7);
      int y = Math.max(0, x + random.nextInt(3) - 1);
      all.add(x, y);
      (i % 2 == 0 ? left : right).add(x, y);
    }
    left.addAll(right);
    assertThat(left.result()).isEqualTo(all.result());
  }

  @Test
  void refusesANegativeMark() {
    assertThatThrownBy(() -> new Agreement().add(-1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Agreement().add(Double.NaN, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
