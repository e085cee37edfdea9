package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one entry point: {@link MarginalCalibrator#calibrate} routes every model. */
class MarginalCalibratorDispatchTest {

  private static final List<ItemParameters> PARTIAL_CREDIT_ITEMS =
      List.of(
          ItemParameters.partialCredit(1.1, -1.0, 0.4),
          ItemParameters.partialCredit(0.9, -0.3, 0.9),
          ItemParameters.partialCredit(1.3, 0.2),
          ItemParameters.partialCredit(1.0, -0.8, 0.1, 1.1));

  @Test
  void shouldFitPartialCreditModelsThroughTheGeneralCalibratorWithTheSameResult() {
    Responses responses = SimulatedScores.responses(PARTIAL_CREDIT_ITEMS, 2000, 0, 1, 0, 5);
    CalibrationSettings settings = CalibrationSettings.defaults().withThreads(2);

    Calibration routed =
        MarginalCalibrator.calibrate(
            responses, IrtModel.GENERALIZED_PARTIAL_CREDIT, settings, cycle -> {});
    Calibration direct =
        GeneralCalibrator.calibrate(
            responses,
            IrtModel.GENERALIZED_PARTIAL_CREDIT,
            settings,
            GuessingPrior.defaults(),
            Map.of(),
            cycle -> {});

    assertThat(routed.model()).isEqualTo(IrtModel.GENERALIZED_PARTIAL_CREDIT);
    assertThat(routed.items()).isEqualTo(direct.items());
    assertThat(routed.items().get(3).thresholds()).hasSize(3);
  }

  @Test
  void shouldRefusePolytomousScoresForADichotomousModelNamingTheItem() {
    Responses responses = SimulatedScores.responses(PARTIAL_CREDIT_ITEMS, 200, 0, 1, 0, 5);

    assertThatThrownBy(
            () ->
                MarginalCalibrator.calibrate(
                    responses, IrtModel.TWO_PL, CalibrationSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=0 has a score of 2")
        .hasMessageContaining("use PARTIAL_CREDIT or GENERALIZED_PARTIAL_CREDIT");
  }
}
