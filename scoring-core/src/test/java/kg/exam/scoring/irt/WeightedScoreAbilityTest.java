package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The 2PL fast path (complete candidates estimated from the weighted score {@code s = Σ a_i x_i}
 * through precomputed tables) against the direct per-pattern solve it replaces, on seeded random
 * items and patterns.
 */
class WeightedScoreAbilityTest {

  private static final byte NP = Responses.NOT_PRESENTED;
  private static final double AGREEMENT = 1e-9;

  private static List<ItemParameters> randomItems(SplittableRandom random, int count) {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(ItemParameters.of(random.nextDouble(0.35, 2.6), random.nextDouble(-2.8, 2.8)));
    }
    return items;
  }

  /**
   * Simulated 2PL patterns for abilities spread over ±4, a share of them with not-presented items,
   * plus the all-incorrect and all-correct patterns.
   */
  private static byte[] randomPatterns(
      SplittableRandom random, List<ItemParameters> items, int candidates, double missing) {
    int m = items.size();
    byte[] cells = new byte[candidates * m];
    for (int c = 0; c < candidates - 2; c++) {
      double theta = random.nextDouble(-4, 4);
      boolean incomplete = random.nextDouble() < 0.3;
      for (int i = 0; i < m; i++) {
        ItemParameters item = items.get(i);
        double p = 1 / (1 + Math.exp(-item.discrimination() * (theta - item.difficulty())));
        byte cell = (byte) (random.nextDouble() < p ? 1 : 0);
        cells[c * m + i] = incomplete && random.nextDouble() < missing ? NP : cell;
      }
    }
    for (int i = 0; i < m; i++) {
      cells[(candidates - 1) * m + i] = 1;
    }
    return cells;
  }

  private static void assertPathsAgree(
      List<ItemParameters> items, double priorMean, double priorSd, int nodes, byte[] cells) {
    int m = items.size();
    int n = cells.length / m;
    Responses responses = Responses.copyOf(cells, n, m);
    AbilityEstimator tables = new AbilityEstimator(items, priorMean, priorSd, nodes, false, true);
    AbilityEstimator direct = new AbilityEstimator(items, priorMean, priorSd, nodes, false, false);
    for (AbilityMethod method : AbilityMethod.values()) {
      Abilities fast = tables.estimate(method, responses, 1);
      Abilities reference = direct.estimate(method, responses, 1);
      for (int c = 0; c < n; c++) {
        assertSame(method, c, fast.theta(c), reference.theta(c));
        assertSame(method, c, fast.standardError(c), reference.standardError(c));
      }
    }
  }

  private static void assertSame(AbilityMethod method, int candidate, double actual, double want) {
    if (Double.isNaN(want)) {
      assertThat(actual).as("%s candidate %d", method, candidate).isNaN();
    } else if (Double.isInfinite(want)) {
      assertThat(actual).as("%s candidate %d", method, candidate).isEqualTo(want);
    } else {
      assertThat(actual)
          .as("%s candidate %d", method, candidate)
          .isCloseTo(want, within(AGREEMENT));
    }
  }

  @Test
  void sixtyItemsAgreeWithTheDirectSolveForAllMethods() {
    SplittableRandom random = new SplittableRandom(71);
    List<ItemParameters> items = randomItems(random, 60);
    assertPathsAgree(items, 0, 1, 61, randomPatterns(random, items, 3000, 0.2));
  }

  @Test
  void shortTestsWithAShiftedPriorAgreeWithTheDirectSolve() {
    SplittableRandom random = new SplittableRandom(72);
    for (int test = 0; test < 20; test++) {
      List<ItemParameters> items = randomItems(random, 3 + random.nextInt(12));
      double mean = random.nextDouble(-1, 1);
      double sd = random.nextDouble(0.5, 2);
      int nodes = 11 + 2 * random.nextInt(60);
      assertPathsAgree(items, mean, sd, nodes, randomPatterns(random, items, 300, 0.4));
    }
  }

  @Test
  void extremePatternsKeepTheirSemantics() {
    SplittableRandom random = new SplittableRandom(73);
    List<ItemParameters> items = randomItems(random, 20);
    AbilityEstimator estimator = new AbilityEstimator(items, 0, 1, 61);
    byte[] zeros = new byte[20];
    byte[] ones = new byte[20];
    Arrays.fill(ones, (byte) 1);
    assertThat(estimator.estimate(AbilityMethod.MLE, zeros)[0]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(estimator.estimate(AbilityMethod.MLE, zeros)[1]).isNaN();
    assertThat(estimator.estimate(AbilityMethod.MLE, ones)[0]).isEqualTo(Double.POSITIVE_INFINITY);
    for (AbilityMethod method : List.of(AbilityMethod.WLE, AbilityMethod.EAP)) {
      double[] low = estimator.estimate(method, zeros);
      double[] high = estimator.estimate(method, ones);
      assertThat(low[0]).isFinite().isLessThan(high[0]);
      assertThat(low[1]).isFinite().isPositive();
      assertThat(high[1]).isFinite().isPositive();
    }
  }

  @Test
  void estimatesDoNotDependOnTheThreadCount() {
    SplittableRandom random = new SplittableRandom(74);
    List<ItemParameters> items = randomItems(random, 40);
    int n = 10_000;
    Responses responses = Responses.copyOf(randomPatterns(random, items, n, 0.2), n, 40);
    AbilityEstimator estimator = new AbilityEstimator(items, 0, 1, 61);
    for (AbilityMethod method : AbilityMethod.values()) {
      Abilities one = estimator.estimate(method, responses, 1);
      Abilities three = estimator.estimate(method, responses, 3);
      for (int c = 0; c < n; c++) {
        assertThat(Double.doubleToLongBits(three.theta(c)))
            .isEqualTo(Double.doubleToLongBits(one.theta(c)));
        assertThat(Double.doubleToLongBits(three.standardError(c)))
            .isEqualTo(Double.doubleToLongBits(one.standardError(c)));
      }
    }
  }
}
