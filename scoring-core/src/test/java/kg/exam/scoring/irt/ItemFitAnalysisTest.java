package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ItemFitAnalysisTest {

  private static List<ItemParameters> raschItems(int count) {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(ItemParameters.of(1, -2 + 4.0 * i / (count - 1)));
    }
    return items;
  }

  @Test
  void shouldGiveMeanSquaresNearOneForDataThatFit() {
    List<ItemParameters> items = raschItems(20);
    Responses responses = Simulated.responses(items, 5000, 1.0, 0.0, 21);
    Abilities abilities =
        AbilityEstimator.standardNormalPrior(items).estimate(AbilityMethod.WLE, responses, 2);

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 2);

    for (ItemFit fit : fits) {
      assertThat(fit.infitMeanSquare()).isCloseTo(1.0, within(0.1));
      assertThat(fit.outfitMeanSquare()).isCloseTo(1.0, within(0.25));
    }
  }

  @Test
  void shouldFlagMiskeyedItemWithLargeMeanSquares() {
    List<ItemParameters> items = raschItems(20);
    Responses fitting = Simulated.responses(items, 3000, 1.0, 0.0, 23);
    byte[] cells = new byte[3000 * 20];
    for (int c = 0; c < 3000; c++) {
      for (int i = 0; i < 20; i++) {
        byte cell = fitting.cell(c, i);
        cells[c * 20 + i] = i == 10 ? (byte) (1 - cell) : cell;
      }
    }
    Responses responses = Responses.wrap(cells, 3000, 20);
    Abilities abilities =
        AbilityEstimator.standardNormalPrior(items).estimate(AbilityMethod.WLE, responses, 1);

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 1);

    assertThat(fits.get(10).infitMeanSquare()).isGreaterThan(1.5);
    assertThat(fits.get(10).outfitMeanSquare()).isGreaterThan(1.5);
  }

  @Test
  void shouldComputeMeanSquaresByHandForTwoCandidates() {
    List<ItemParameters> items = List.of(ItemParameters.of(1, 0), ItemParameters.of(1, 0));
    Responses responses = Responses.wrap(new byte[] {1, 0, 0, 1, 1, 1}, 3, 2);
    Abilities abilities =
        new Abilities(AbilityMethod.WLE, new double[] {Math.log(4), 0, 0}, new double[] {1, 1, 1});

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 1);

    // item 0: P = 0.8 answered 1 (residual² 0.04, variance 0.16, z² 0.25) and P = 0.5 answered 0
    // (0.25, 0.25, 1);
    // the third candidate (all correct) is left out
    assertThat(fits.get(0).infitMeanSquare()).isCloseTo(0.29 / 0.41, within(1e-12));
    assertThat(fits.get(0).outfitMeanSquare()).isCloseTo(1.25 / 2, within(1e-12));
    assertThat(fits.get(0).candidates()).isEqualTo(2);
  }

  @Test
  void shouldGiveTestInformationAndConditionalSemOfWorkedExample() {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(ItemParameters.of(1, 0));
    }

    assertThat(TestInformation.at(items, 0)).isCloseTo(5.0, within(1e-12));
    assertThat(TestInformation.conditionalSem(items, 0)).isCloseTo(0.4472136, within(1e-7));
  }

  private static List<ItemParameters> partialCreditItems(int count) {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double location = -1.5 + 3.0 * i / (count - 1);
      items.add(ItemParameters.partialCredit(1, location - 0.8, location, location + 0.8));
    }
    return items;
  }

  /** At the generating abilities every mean square has expectation exactly 1. */
  @Test
  void shouldGivePartialCreditMeanSquaresNearOneAtTheTrueAbilities() {
    List<ItemParameters> items = partialCreditItems(10);
    double[] theta = new double[4000];
    Responses responses = GeneralAbilityEstimatorTest.simulate(items, theta, 41);
    Abilities abilities = new Abilities(AbilityMethod.WLE, theta, new double[theta.length]);

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 2);

    for (ItemFit fit : fits) {
      assertThat(fit.infitMeanSquare()).isCloseTo(1.0, within(0.06));
      assertThat(fit.outfitMeanSquare()).isCloseTo(1.0, within(0.15));
    }
  }

  /**
   * At estimated abilities the mean squares fall below 1, since each θ is fitted to the same
   * responses; the fewer the items, the more (measured here, with about 9 of 10 items presented:
   * infit 0.86 to 0.93, near 1 − 1/9; at the true abilities 0.97 to 1.04).
   */
  @Test
  void shouldGivePartialCreditMeanSquaresSomewhatBelowOneAtWleAbilities() {
    List<ItemParameters> items = partialCreditItems(10);
    Responses responses = GeneralAbilityEstimatorTest.simulate(items, 4000, 41);
    Abilities abilities =
        AbilityEstimator.standardNormalPrior(items).estimate(AbilityMethod.WLE, responses, 2);

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 2);

    for (ItemFit fit : fits) {
      assertThat(fit.infitMeanSquare()).isBetween(0.8, 1.05);
      assertThat(fit.outfitMeanSquare()).isBetween(0.7, 1.2);
    }
  }

  @Test
  void shouldFlagReverseScoredPartialCreditItemWithLargeMeanSquares() {
    List<ItemParameters> items = partialCreditItems(10);
    Responses fitting = GeneralAbilityEstimatorTest.simulate(items, 3000, 43);
    byte[] cells = new byte[3000 * 10];
    for (int c = 0; c < 3000; c++) {
      for (int i = 0; i < 10; i++) {
        byte cell = fitting.cell(c, i);
        cells[c * 10 + i] = i == 4 && cell != Responses.NOT_PRESENTED ? (byte) (3 - cell) : cell;
      }
    }
    Responses responses = Responses.wrap(cells, 3000, 10);
    Abilities abilities =
        AbilityEstimator.standardNormalPrior(items).estimate(AbilityMethod.WLE, responses, 1);

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 1);

    assertThat(fits.get(4).infitMeanSquare()).isGreaterThan(1.5);
    assertThat(fits.get(4).outfitMeanSquare()).isGreaterThan(1.5);
  }

  @Test
  void shouldComputePartialCreditMeanSquaresByHand() {
    // item 0: partial credit, δ = (−1, 1); item 1: Rasch, b = 0
    List<ItemParameters> items =
        List.of(ItemParameters.partialCredit(1, -1, 1), ItemParameters.of(1, 0));
    Responses responses = Responses.wrap(new byte[] {2, 0, 1, 1, 2, 1}, 3, 2);
    Abilities abilities =
        new Abilities(AbilityMethod.WLE, new double[] {0, 1, 0}, new double[] {1, 1, 1});

    List<ItemFit> fits = ItemFitAnalysis.meanSquares(items, responses, abilities, 1);

    // candidate 0 at θ = 0: P ∝ (1, e^1, e^1 · e^(−1)) = (1, e, 1), E = 1, scored 2
    double[] first = {1, Math.E, 1};
    // candidate 1 at θ = 1: P ∝ (1, e^2, e^2 · e^0), scored 1
    double[] second = {1, Math.exp(2), Math.exp(2)};
    double[] residualAndVariance0 = residualAndVariance(first, 2);
    double[] residualAndVariance1 = residualAndVariance(second, 1);
    double squared0 = residualAndVariance0[0] * residualAndVariance0[0];
    double squared1 = residualAndVariance1[0] * residualAndVariance1[0];
    // the third candidate has the top score on both items and is left out
    assertThat(fits.get(0).candidates()).isEqualTo(2);
    assertThat(fits.get(0).infitMeanSquare())
        .isCloseTo(
            (squared0 + squared1) / (residualAndVariance0[1] + residualAndVariance1[1]),
            within(1e-12));
    assertThat(fits.get(0).outfitMeanSquare())
        .isCloseTo(
            (squared0 / residualAndVariance0[1] + squared1 / residualAndVariance1[1]) / 2,
            within(1e-12));
    assertThat(residualAndVariance0[1]).isCloseTo(0.4238831, within(1e-7));
  }

  /** {@code {x − E, Var}} for unnormalised category weights. */
  private static double[] residualAndVariance(double[] weights, int x) {
    double sum = weights[0] + weights[1] + weights[2];
    double mean = (weights[1] + 2 * weights[2]) / sum;
    double square = (weights[1] + 4 * weights[2]) / sum;
    return new double[] {x - mean, square - mean * mean};
  }

  @Test
  void shouldUseTheGuessingOf3plItemsInTheResiduals() {
    List<ItemParameters> items =
        List.of(ItemParameters.threePl(1, 0, 0.2), ItemParameters.of(1, 0));
    Responses responses = Responses.wrap(new byte[] {0, 1}, 1, 2);
    Abilities abilities = new Abilities(AbilityMethod.WLE, new double[] {0}, new double[] {1});

    ItemFit fit = ItemFitAnalysis.meanSquares(items, responses, abilities, 1).get(0);

    // P = 0.2 + 0.8 · 0.5 = 0.6; residual −0.6, variance 0.24
    assertThat(fit.infitMeanSquare()).isCloseTo(0.36 / 0.24, within(1e-12));
    assertThat(fit.outfitMeanSquare()).isCloseTo(0.36 / 0.24, within(1e-12));
  }

  @Test
  void shouldRefuseAScoreAboveTheItemsMaximum() {
    List<ItemParameters> items = raschItems(2);
    Responses responses = Responses.wrap(new byte[] {2, 0}, 1, 2);
    Abilities abilities = new Abilities(AbilityMethod.WLE, new double[] {0}, new double[] {1});

    assertThatThrownBy(() -> ItemFitAnalysis.meanSquares(items, responses, abilities, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=0")
        .hasMessageContaining("score=2");
  }

  @Test
  void shouldGivePartialCreditInformationOfWorkedExample() {
    // δ = (−1, 1) at θ = 0: P = (0.212, 0.576, 0.212), Var(X) = 0.424
    List<ItemParameters> items = List.of(ItemParameters.partialCredit(1, -1, 1));

    assertThat(TestInformation.at(items, 0)).isCloseTo(0.4238831, within(1e-7));
    assertThat(TestInformation.conditionalSem(items, 0))
        .isCloseTo(1 / Math.sqrt(0.4238831152341711), within(1e-7));
  }
}
