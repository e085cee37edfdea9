package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkingTest {

  /** θ_Y = 1.25 θ_X − 0.4. */
  private static final LinkingConstants TRUTH = new LinkingConstants(1.25, -0.4);

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of("2PL", reference("2PL", 12, 1)),
        Arguments.of("3PL", reference("3PL", 12, 2)),
        Arguments.of("partial credit", reference("PCM", 8, 3)),
        Arguments.of("mixed", reference("mixed", 15, 4)));
  }

  /** Common items on the reference scale Y. */
  static List<ItemParameters> reference(String family, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String kind = family.equals("mixed") ? List.of("2PL", "3PL", "PCM").get(i % 3) : family;
      double a = 0.6 + 1.4 * random.nextDouble();
      double b = Simulated.gaussian(random);
      items.add(
          switch (kind) {
            case "2PL" -> ItemParameters.of(a, b);
            case "3PL" -> ItemParameters.threePl(a, b, 0.1 + 0.15 * random.nextDouble());
            default -> {
              double[] steps = new double[2 + (i % 2)];
              for (int v = 0; v < steps.length; v++) {
                steps[v] = b + 0.8 * Simulated.gaussian(random);
              }
              yield ItemParameters.partialCredit(a, steps);
            }
          });
    }
    return List.copyOf(items);
  }

  /** The same items on the new form's scale X, where θ_X = (θ_Y − B) / A. */
  static List<ItemParameters> onNewForm(List<ItemParameters> reference) {
    return reference.stream().map(TRUTH.inverse()::transform).toList();
  }

  /** New-form estimates with calibration noise: log a ± 0.08, locations ± 0.1, c ± 0.02. */
  static List<ItemParameters> noisy(List<ItemParameters> items, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return items.stream()
        .map(
            item -> {
              double a = item.discrimination() * Math.exp(0.08 * Simulated.gaussian(random));
              double b = item.difficulty() + 0.1 * Simulated.gaussian(random);
              if (item.polytomous()) {
                double[] steps = item.thresholds();
                for (int v = 0; v < steps.length; v++) {
                  steps[v] += 0.1 * Simulated.gaussian(random);
                }
                return ItemParameters.partialCredit(a, steps);
              }
              if (item.guessing() > 0) {
                double c = item.guessing() + 0.02 * Simulated.gaussian(random);
                return ItemParameters.threePl(a, b, Math.max(0, c));
              }
              return ItemParameters.of(a, b);
            })
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void shouldRecoverKnownConstantsExactlyByMeanSigma(String family, List<ItemParameters> y) {
    LinkingConstants linked = Linking.meanSigma(onNewForm(y), y);

    assertThat(linked.slope()).isCloseTo(1.25, within(1e-8));
    assertThat(linked.intercept()).isCloseTo(-0.4, within(1e-8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void shouldRecoverKnownConstantsExactlyByMeanMean(String family, List<ItemParameters> y) {
    LinkingConstants linked = Linking.meanMean(onNewForm(y), y);

    assertThat(linked.slope()).isCloseTo(1.25, within(1e-8));
    assertThat(linked.intercept()).isCloseTo(-0.4, within(1e-8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void shouldRecoverKnownConstantsExactlyByStockingLord(String family, List<ItemParameters> y) {
    Linking.StockingLordResult result = Linking.stockingLord(onNewForm(y), y);

    assertThat(result.constants().slope()).isCloseTo(1.25, within(1e-8));
    assertThat(result.constants().intercept()).isCloseTo(-0.4, within(1e-8));
    assertThat(result.criterion()).isLessThan(1e-20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void shouldRecoverKnownConstantsByStockingLordFromAPoorStart(
      String family, List<ItemParameters> y) {
    LinkingConstants poor = new LinkingConstants(0.5, 1.0);

    Linking.StockingLordResult result =
        Linking.stockingLord(onNewForm(y), y, Linking.Grid.standard(), poor);

    assertThat(result.start()).isEqualTo(poor);
    assertThat(result.iterations()).isGreaterThan(3);
    assertThat(result.constants().slope()).isCloseTo(1.25, within(1e-8));
    assertThat(result.constants().intercept()).isCloseTo(-0.4, within(1e-8));
  }

  @Test
  void shouldRecoverRandomConstantsFromRandomStarts() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 200; trial++) {
      String family = List.of("2PL", "3PL", "PCM", "mixed").get(trial % 4);
      List<ItemParameters> y = reference(family, 2 + random.nextInt(20), random.nextLong());
      LinkingConstants truth =
          new LinkingConstants(0.4 + 2 * random.nextDouble(), -2 + 4 * random.nextDouble());
      LinkingConstants start =
          new LinkingConstants(0.3 + 3 * random.nextDouble(), -3 + 6 * random.nextDouble());
      List<ItemParameters> x = y.stream().map(truth.inverse()::transform).toList();

      LinkingConstants linked =
          Linking.stockingLord(x, y, Linking.Grid.standard(), start).constants();

      assertThat(linked.slope()).as("trial %d", trial).isCloseTo(truth.slope(), within(1e-8));
      assertThat(linked.intercept())
          .as("trial %d", trial)
          .isCloseTo(truth.intercept(), within(1e-8));
    }
  }

  @Test
  void shouldConvergeFromAPoorStartWhenLocationsDoNotVary() {
    List<ItemParameters> y =
        List.of(
            ItemParameters.of(0.8, 0.3), ItemParameters.of(1.6, 0.3), ItemParameters.of(1.1, 0.3));
    List<ItemParameters> x = onNewForm(y);

    Linking.StockingLordResult result = Linking.stockingLord(x, y);

    assertThat(result.start()).isEqualTo(Linking.meanMean(x, y));
    assertThat(result.constants().slope()).isCloseTo(1.25, within(1e-8));
    assertThat(result.constants().intercept()).isCloseTo(-0.4, within(1e-8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void shouldFindALocalMinimumNearTheTruthWithNoisyParameters(
      String family, List<ItemParameters> y) {
    List<ItemParameters> x = noisy(onNewForm(y), 99);
    Linking.Grid grid = Linking.Grid.standard();

    Linking.StockingLordResult result = Linking.stockingLord(x, y, grid);
    LinkingConstants solution = result.constants();
    double atSolution = Linking.stockingLordCriterion(x, y, solution, grid);

    assertThat(solution.slope()).isCloseTo(1.25, within(0.1));
    assertThat(solution.intercept()).isCloseTo(-0.4, within(0.1));
    assertThat(atSolution).isCloseTo(result.criterion(), within(1e-12));
    assertThat(atSolution)
        .isLessThanOrEqualTo(Linking.stockingLordCriterion(x, y, Linking.meanSigma(x, y), grid));
    for (double dA : new double[] {-1e-4, 0, 1e-4}) {
      for (double dB : new double[] {-1e-4, 0, 1e-4}) {
        LinkingConstants nearby =
            new LinkingConstants(solution.slope() + dA, solution.intercept() + dB);
        assertThat(atSolution)
            .as("F at A%+g, B%+g", dA, dB)
            .isLessThanOrEqualTo(Linking.stockingLordCriterion(x, y, nearby, grid));
      }
    }
  }

  @Test
  void shouldThrowRatherThanReturnUnconvergedConstants() {
    List<ItemParameters> y = reference("mixed", 9, 5);
    LinkingConstants poor = new LinkingConstants(0.5, 1.0);

    assertThatThrownBy(
            () -> Linking.stockingLord(onNewForm(y), y, Linking.Grid.standard(), poor, 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not converge (iteration limit reached) after 2 of at most 2");
  }

  @Test
  void shouldAcceptACustomGrid() {
    List<ItemParameters> y = reference("mixed", 9, 7);
    double[] thetas = {-2, -1, 0, 1, 2};
    Linking.Grid grid = Linking.Grid.of(thetas, new double[] {1, 2, 4, 2, 1});

    Linking.StockingLordResult result = Linking.stockingLord(onNewForm(y), y, grid);

    assertThat(grid.weights()).containsExactly(0.1, 0.2, 0.4, 0.2, 0.1);
    assertThat(result.constants().slope()).isCloseTo(1.25, within(1e-8));
    assertThat(result.constants().intercept()).isCloseTo(-0.4, within(1e-8));
  }

  @Test
  void shouldUseFortyOneNormalWeightedPointsOnPlusMinusFourByDefault() {
    Linking.Grid grid = Linking.Grid.standard();
    double[] thetas = grid.thetas();
    double[] weights = grid.weights();

    assertThat(thetas).hasSize(41);
    assertThat(thetas[0]).isEqualTo(-4.0);
    assertThat(thetas[20]).isEqualTo(0.0);
    assertThat(thetas[40]).isEqualTo(4.0);
    assertThat(Arrays.stream(weights).sum()).isCloseTo(1.0, within(1e-15));
    assertThat(weights[20] / weights[25]).isCloseTo(Math.exp(0.5), within(1e-12));
  }

  static Stream<Arguments> singleItems() {
    return Stream.of(
        Arguments.of(ItemParameters.of(1.3, 0.4)),
        Arguments.of(ItemParameters.threePl(0.9, -0.6, 0.2)),
        Arguments.of(ItemParameters.partialCredit(1.0, -1.2, 0.1, 1.5)),
        Arguments.of(ItemParameters.partialCredit(1.7, 0.5)));
  }

  @ParameterizedTest
  @MethodSource("singleItems")
  void shouldLeaveResponseProbabilitiesInvariant(ItemParameters x) {
    LinkingConstants constants = new LinkingConstants(0.7, 1.3);
    ItemParameters y = constants.transform(x);
    double[] onX = new double[x.maxScore() + 1];
    double[] onY = new double[x.maxScore() + 1];

    for (double theta = -4; theta <= 4; theta += 0.25) {
      x.categoryProbabilities(theta, onX);
      y.categoryProbabilities(constants.transformTheta(theta), onY);
      for (int score = 0; score <= x.maxScore(); score++) {
        assertThat(onY[score])
            .as("P(%d | θ=%s)", score, theta)
            .isCloseTo(onX[score], within(1e-12));
      }
      assertThat(y.expectedScore(constants.transformTheta(theta)))
          .isCloseTo(x.expectedScore(theta), within(1e-12));
    }
  }

  @Test
  void shouldTransformParametersAndStandardErrors() {
    LinkingConstants constants = new LinkingConstants(2, 0.5);
    ItemParameters threePl =
        new ItemParameters(1.2, -0.3, 0.1, 0.2, 0.15, 0.03, new double[0], new double[0]);
    ItemParameters partial =
        new ItemParameters(
            0.8,
            0.25,
            0.05,
            Double.NaN,
            0,
            Double.NaN,
            new double[] {-0.5, 1.0},
            new double[] {0.1, 0.3});

    ItemParameters a = constants.transform(threePl);
    ItemParameters b = constants.transform(partial);

    assertThat(a.discrimination()).isEqualTo(0.6);
    assertThat(a.difficulty()).isCloseTo(-0.1, within(1e-15));
    assertThat(a.guessing()).isEqualTo(0.15);
    assertThat(a.discriminationSe()).isEqualTo(0.05);
    assertThat(a.difficultySe()).isEqualTo(0.4);
    assertThat(a.guessingSe()).isEqualTo(0.03);
    assertThat(b.thresholds()).containsExactly(-0.5, 2.5);
    assertThat(b.thresholdSes()).containsExactly(0.2, 0.6);
    assertThat(b.difficulty()).isEqualTo(1.0);
    assertThat(b.difficultySe()).isNaN();
    assertThat(constants.transformTheta(1.5)).isEqualTo(3.5);
    assertThat(constants.transformThetaSe(0.3)).isEqualTo(0.6);
    assertThat(constants.transformTheta(Double.NEGATIVE_INFINITY))
        .isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void shouldUndoATransformationWithItsInverse() {
    LinkingConstants constants = new LinkingConstants(1.6, -0.7);

    assertThat(constants.inverse().transformTheta(constants.transformTheta(0.9)))
        .isCloseTo(0.9, within(1e-15));
  }

  @Test
  void shouldRefuseListsOfDifferentLength() {
    List<ItemParameters> y = reference("2PL", 4, 1);

    assertThatThrownBy(() -> Linking.stockingLord(y.subList(0, 3), y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("newForm has 3 but reference has 4");
  }

  @Test
  void shouldRefuseFewerThanTwoCommonItems() {
    List<ItemParameters> one = List.of(ItemParameters.of(1, 0));

    assertThatThrownBy(() -> Linking.meanSigma(one, one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 common items, got 1");
  }

  @Test
  void shouldRefuseMeanSigmaWithoutSpreadOfLocations() {
    List<ItemParameters> same = List.of(ItemParameters.of(1, 0.5), ItemParameters.of(2, 0.5));

    assertThatThrownBy(() -> Linking.meanSigma(same, same))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sd(b_X)=0.0");
  }

  @Test
  void shouldRefuseAnItemDichotomousOnOneFormAndPolytomousOnTheOther() {
    List<ItemParameters> x = List.of(ItemParameters.of(1, 0), ItemParameters.of(1, 1));
    List<ItemParameters> y =
        List.of(ItemParameters.of(1, 0), ItemParameters.partialCredit(1, 0.5, 1.5));

    assertThatThrownBy(() -> Linking.stockingLord(x, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("common item 2 differs in model between forms");
  }

  @Test
  void shouldRefuseDifferentNumbersOfThresholds() {
    List<ItemParameters> x =
        List.of(ItemParameters.of(1, 0), ItemParameters.partialCredit(1, 0, 1, 2));
    List<ItemParameters> y =
        List.of(ItemParameters.of(1, 0), ItemParameters.partialCredit(1, 0.5, 1.5));

    assertThatThrownBy(() -> Linking.meanMean(x, y))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("polytomous with 3 thresholds on the new form")
        .hasMessageContaining("polytomous with 2 thresholds on the reference");
  }

  @Test
  void shouldRefuseANonPositiveSlope() {
    assertThatThrownBy(() -> new LinkingConstants(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("slope A=0.0");
  }

  @Test
  void shouldRefuseAnInvalidGrid() {
    assertThatThrownBy(() -> Linking.Grid.of(new double[] {0, 1}, new double[] {1, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grid point 2")
        .hasMessageContaining("weight=-1.0");
  }
}
