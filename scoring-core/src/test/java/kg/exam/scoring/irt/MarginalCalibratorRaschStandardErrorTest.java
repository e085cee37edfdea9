package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rasch standard errors of {@link MarginalCalibrator}: Louis's observed information for σ (with the
 * cross-item terms of its complete-data score) and for its covariance with each difficulty.
 */
class MarginalCalibratorRaschStandardErrorTest {

  private static List<ItemParameters> raschItems(int count) {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(ItemParameters.of(1, -2 + 4.0 * ((i * 7) % count) / (count - 1)));
    }
    return items;
  }

  private static void assertSameStandardErrorsAsGeneralCalibrator(Responses responses) {
    CalibrationSettings settings = CalibrationSettings.defaults().withTolerance(1e-6);

    Calibration marginal = MarginalCalibrator.calibrate(responses, IrtModel.RASCH, settings);
    Calibration general = GeneralCalibrator.calibrate(responses, IrtModel.RASCH, settings);

    assertThat(marginal.converged()).isTrue();
    assertThat(general.converged()).isTrue();
    assertThat(marginal.latentSd()).isCloseTo(general.latentSd(), within(1e-4));
    assertThat(marginal.latentSdSe())
        .as("SE of σ")
        .isCloseTo(general.latentSdSe(), within(0.03 * general.latentSdSe()));
    for (int i = 0; i < general.items().size(); i++) {
      ItemParameters m = marginal.items().get(i);
      ItemParameters g = general.items().get(i);
      assertThat(m.difficulty()).as("b of item %d", i).isCloseTo(g.difficulty(), within(1e-4));
      assertThat(m.difficultySe())
          .as("SE of b of item %d", i)
          .isCloseTo(g.difficultySe(), within(0.03 * g.difficultySe()));
    }
  }

  @Test
  void shouldGiveTheSameSigmaAndDifficultySesAsGeneralCalibratorOnCompleteData() {
    // every candidate presented every item: all of them go through the raw-score groups
    assertSameStandardErrorsAsGeneralCalibrator(
        Simulated.responses(raschItems(15), 3000, 1.2, 0.0, 41));
  }

  @Test
  void shouldGiveTheSameSigmaAndDifficultySesAsGeneralCalibratorWithNotPresentedItems() {
    // 5 % not presented: about half the candidates are listed rows, the rest raw-score groups
    assertSameStandardErrorsAsGeneralCalibrator(
        Simulated.responses(raschItems(15), 3000, 0.9, 0.05, 43));
  }

  @Test
  void shouldGiveTheSameSigmaSeWhetherOrNotCandidatesAreGroupedByRawScore() {
    Responses responses = Simulated.responses(raschItems(20), 4000, 1.1, 0.03, 47);
    CalibrationSettings settings = CalibrationSettings.defaults();

    Calibration grouped = MarginalCalibrator.calibrate(responses, IrtModel.RASCH, settings);
    Calibration ungrouped = MarginalCalibrator.calibrateWithoutScoreGroups(responses, settings);

    assertThat(grouped.latentSdSe()).isCloseTo(ungrouped.latentSdSe(), within(1e-9));
    for (int i = 0; i < grouped.items().size(); i++) {
      assertThat(grouped.items().get(i).difficultySe())
          .isCloseTo(ungrouped.items().get(i).difficultySe(), within(1e-9));
    }
  }

  @Test
  void shouldReportASigmaSeCloseToTheSpreadOfSigmaEstimatesOverReplications() {
    int replications = 60;
    double trueSd = 1.0;
    List<ItemParameters> truth = raschItems(15);
    double sum = 0;
    double sumOfSquares = 0;
    double seSum = 0;
    for (int r = 0; r < replications; r++) {
      Responses responses = Simulated.responses(truth, 1000, trueSd, 0.0, 1000 + r);
      Calibration calibration =
          MarginalCalibrator.calibrate(responses, IrtModel.RASCH, CalibrationSettings.defaults());
      assertThat(calibration.converged()).isTrue();
      sum += calibration.latentSd();
      sumOfSquares += calibration.latentSd() * calibration.latentSd();
      seSum += calibration.latentSdSe();
    }
    double mean = sum / replications;
    double empiricalSd =
        Math.sqrt((sumOfSquares - replications * mean * mean) / (replications - 1));
    double meanSe = seSum / replications;

    assertThat(mean).isCloseTo(trueSd, within(3 * empiricalSd / Math.sqrt(replications)));
    assertThat(meanSe)
        .as("mean reported SE of σ against the empirical SD %s of σ-hat", empiricalSd)
        .isCloseTo(empiricalSd, within(0.2 * empiricalSd));
  }
}
