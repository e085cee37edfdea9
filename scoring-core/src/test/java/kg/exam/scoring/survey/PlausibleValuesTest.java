package kg.exam.scoring.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Responses;
import org.junit.jupiter.api.Test;

/**
 * Plausible values on simulated data of known truth: 6,000 pupils in two groups whose abilities
 * differ by 0.5 (N(−0.25, 0.9²) and N(0.25, 0.9²)), 20 Rasch items. The latent regression must
 * recover the difference and the spread; draws from one common prior (no conditioning) shrink the
 * difference, which is why the groups that are reported are conditioned on.
 */
class PlausibleValuesTest {
  private static final int N = 6_000;
  private static final int ITEMS = 20;

  private record Data(Responses responses, List<ItemParameters> items, int[] group) {}

  private static Data simulate(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ItemParameters> items = new ArrayList<>();
    for (int j = 0; j < ITEMS; j++) {
      items.add(ItemParameters.of(1, -2 + 4.0 * j / (ITEMS - 1)));
    }
    byte[] cells = new byte[N * ITEMS];
    int[] group = new int[N];
    for (int i = 0; i < N; i++) {
      group[i] = i % 2;
      double theta = (group[i] == 1 ? 0.25 : -0.25) + 0.9 * gaussian(random);
      for (int j = 0; j < ITEMS; j++) {
        cells[i * ITEMS + j] =
            (byte) (random.nextDouble() < items.get(j).probability(theta) ? 1 : 0);
      }
    }
    return new Data(Responses.wrap(cells, N, ITEMS), items, group);
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static double difference(double[] values, int[] group) {
    double[] sum = new double[2];
    int[] count = new int[2];
    for (int i = 0; i < values.length; i++) {
      sum[group[i]] += values[i];
      count[group[i]]++;
    }
    return sum[1] / count[1] - sum[0] / count[0];
  }

  @Test
  void shouldRecoverAGroupDifferenceAndTheSpreadThroughTheLatentRegression() {
    Data data = simulate(20261206L);
    double[][] x = new double[N][];
    for (int i = 0; i < N; i++) {
      x[i] = new double[] {1, data.group()[i]};
    }

    PlausibleValues.Result pv = PlausibleValues.draw(data.responses(), data.items(), x, 5, 7L);

    assertThat(pv.converged()).isTrue();
    assertThat(pv.coefficients()[1]).isCloseTo(0.5, within(0.06));
    assertThat(pv.residualSd()).isCloseTo(0.9, within(0.05));
    for (double[] draw : pv.values()) {
      assertThat(difference(draw, data.group())).isCloseTo(0.5, within(0.07));
      double mean = 0;
      for (double v : draw) {
        mean += v / N;
      }
      double sd = 0;
      for (double v : draw) {
        sd += (v - mean) * (v - mean) / (N - 1);
      }
      assertThat(Math.sqrt(sd))
          .as("PV spread = population spread, not EAP's shrunken one")
          .isCloseTo(Math.sqrt(0.9 * 0.9 + 0.25 * 0.25), within(0.05));
    }
  }

  @Test
  void shouldShrinkTheDifferenceWithoutConditioningWhichIsWhyGroupsAreConditionedOn() {
    Data data = simulate(20261207L);
    double[][] intercept = new double[N][];
    for (int i = 0; i < N; i++) {
      intercept[i] = new double[] {1};
    }

    PlausibleValues.Result pv =
        PlausibleValues.draw(data.responses(), data.items(), intercept, 5, 7L);

    double shrunk = difference(pv.values()[0], data.group());
    assertThat(shrunk).isLessThan(0.45).isGreaterThan(0.2);
  }

  @Test
  void shouldGiveTheSameValuesForTheSameSeed() {
    Data data = simulate(1L);
    double[][] x = new double[N][];
    for (int i = 0; i < N; i++) {
      x[i] = new double[] {1};
    }

    assertThat(PlausibleValues.draw(data.responses(), data.items(), x, 2, 42L).values())
        .isDeepEqualTo(PlausibleValues.draw(data.responses(), data.items(), x, 2, 42L).values());
  }
}
