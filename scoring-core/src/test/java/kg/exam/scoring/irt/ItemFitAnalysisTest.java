package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
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
}
