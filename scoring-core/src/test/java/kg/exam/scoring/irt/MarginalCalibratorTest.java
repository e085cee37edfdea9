package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarginalCalibratorTest {

  private static List<ItemParameters> twoPlItems() {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(ItemParameters.of(0.6 + 0.08 * i, -2 + 4.0 * ((i * 7) % 20) / 19));
    }
    return items;
  }

  @Test
  void shouldRecoverTwoPlParametersWithinThreeStandardErrors() {
    List<ItemParameters> truth = twoPlItems();
    Responses responses = Simulated.responses(truth, 8000, 1.0, 0.05, 7);

    Calibration calibration =
        MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, CalibrationSettings.defaults());

    assertThat(calibration.converged()).isTrue();
    int withinTwo = 0;
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters estimate = calibration.items().get(i);
      double zA =
          (estimate.discrimination() - truth.get(i).discrimination()) / estimate.discriminationSe();
      double zB = (estimate.difficulty() - truth.get(i).difficulty()) / estimate.difficultySe();
      assertThat(Math.abs(zA)).as("a of item %d", i).isLessThan(3.0);
      assertThat(Math.abs(zB)).as("b of item %d", i).isLessThan(3.0);
      withinTwo += (Math.abs(zA) < 2 ? 1 : 0) + (Math.abs(zB) < 2 ? 1 : 0);
    }
    assertThat(withinTwo).as("estimates within 2 SE of 40").isGreaterThanOrEqualTo(34);
  }

  @Test
  void shouldRecoverRaschDifficultiesAndAbilitySd() {
    List<ItemParameters> truth = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      truth.add(ItemParameters.of(1, -1.5 + 3.0 * i / 14));
    }
    Responses responses = Simulated.responses(truth, 5000, 1.3, 0.0, 11);

    Calibration calibration =
        MarginalCalibrator.calibrate(responses, IrtModel.RASCH, CalibrationSettings.defaults());

    assertThat(calibration.converged()).isTrue();
    assertThat(calibration.latentSd()).isCloseTo(1.3, within(3 * calibration.latentSdSe()));
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters estimate = calibration.items().get(i);
      assertThat(estimate.discrimination()).isEqualTo(1.0);
      assertThat(estimate.difficulty())
          .as("b of item %d", i)
          .isCloseTo(truth.get(i).difficulty(), within(3.5 * estimate.difficultySe()));
    }
  }

  @Test
  void shouldGiveIdenticalResultsWhateverTheThreadCount() {
    Responses responses = Simulated.responses(twoPlItems(), 9000, 1.0, 0.1, 3);
    CalibrationSettings settings = CalibrationSettings.defaults().withTolerance(1e-3);

    Calibration one =
        MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, settings.withThreads(1));
    Calibration three =
        MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, settings.withThreads(3));

    assertThat(three).isEqualTo(one);
  }

  @Test
  void shouldGiveSameRaschCalibrationWithCandidatesGroupedByRawScore() {
    Responses responses = Simulated.responses(twoPlItems(), 6000, 1.2, 0.02, 13);
    CalibrationSettings settings = CalibrationSettings.defaults();

    Calibration grouped = MarginalCalibrator.calibrate(responses, IrtModel.RASCH, settings);
    Calibration ungrouped = MarginalCalibrator.calibrateWithoutScoreGroups(responses, settings);

    assertThat(grouped.iterations()).isEqualTo(ungrouped.iterations());
    assertThat(grouped.logLikelihood()).isCloseTo(ungrouped.logLikelihood(), within(1e-6));
    assertThat(grouped.latentSd()).isCloseTo(ungrouped.latentSd(), within(1e-9));
    assertThat(grouped.latentSdSe()).isCloseTo(ungrouped.latentSdSe(), within(1e-9));
    for (int i = 0; i < grouped.items().size(); i++) {
      assertThat(grouped.items().get(i).difficulty())
          .isCloseTo(ungrouped.items().get(i).difficulty(), within(1e-9));
      assertThat(grouped.items().get(i).difficultySe())
          .isCloseTo(ungrouped.items().get(i).difficultySe(), within(1e-9));
    }
  }

  @Test
  void shouldGiveIdenticalRaschResultsWhateverTheThreadCount() {
    Responses responses = Simulated.responses(twoPlItems(), 9000, 1.0, 0.1, 4);

    Calibration one =
        MarginalCalibrator.calibrate(
            responses, IrtModel.RASCH, CalibrationSettings.defaults().withThreads(1));
    Calibration two =
        MarginalCalibrator.calibrate(
            responses, IrtModel.RASCH, CalibrationSettings.defaults().withThreads(2));

    assertThat(two).isEqualTo(one);
  }

  @Test
  void shouldReachTheSameTwoPlEstimatesInFewerFullCyclesFromSubsampleWarmStart() {
    Responses responses = Simulated.responses(twoPlItems(), 30_000, 1.0, 0.0, 31);
    CalibrationSettings settings = CalibrationSettings.defaults();

    Calibration cold =
        MarginalCalibrator.calibrate(
            responses, IrtModel.TWO_PL, settings, cycle -> {}, Integer.MAX_VALUE, 0);
    Calibration warm =
        MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, settings, cycle -> {}, 1, 6000);

    assertThat(warm.converged()).isTrue();
    assertThat(warm.iterations()).isLessThan(cold.iterations());
    for (int i = 0; i < cold.items().size(); i++) {
      assertThat(warm.items().get(i).discrimination())
          .isCloseTo(cold.items().get(i).discrimination(), within(2e-3));
      assertThat(warm.items().get(i).difficulty())
          .isCloseTo(cold.items().get(i).difficulty(), within(2e-3));
    }
  }

  @Test
  void shouldReachTheSameTwoPlFixedPointWithSquaremAsWithPlainEm() {
    Responses responses = Simulated.responses(twoPlItems(), 6000, 1.0, 0.05, 17);
    CalibrationSettings settings = CalibrationSettings.defaults().withTolerance(1e-8);

    Calibration plain =
        MarginalCalibrator.calibrateWithPlainEm(
            responses, IrtModel.TWO_PL, settings, cycle -> {}, Integer.MAX_VALUE, 0);
    Calibration accelerated =
        MarginalCalibrator.calibrate(
            responses, IrtModel.TWO_PL, settings, cycle -> {}, Integer.MAX_VALUE, 0);

    assertThat(plain.converged()).isTrue();
    assertThat(accelerated.converged()).isTrue();
    assertThat(accelerated.iterations()).isLessThan(plain.iterations());
    assertThat(accelerated.logLikelihood()).isCloseTo(plain.logLikelihood(), within(1e-6));
    for (int i = 0; i < plain.items().size(); i++) {
      ItemParameters a = accelerated.items().get(i);
      ItemParameters p = plain.items().get(i);
      assertThat(a.discrimination())
          .as("a of item %d", i)
          .isCloseTo(p.discrimination(), within(1e-6));
      assertThat(a.difficulty()).as("b of item %d", i).isCloseTo(p.difficulty(), within(1e-6));
      assertThat(a.discriminationSe()).isCloseTo(p.discriminationSe(), within(1e-8));
      assertThat(a.difficultySe()).isCloseTo(p.difficultySe(), within(1e-8));
    }
  }

  @Test
  void shouldStopSquaremByThePlainEmCriterionNoFartherFromTheFixedPointThanPlainEm() {
    Responses responses = Simulated.responses(twoPlItems(), 4000, 1.0, 0.0, 19);
    CalibrationSettings settings = CalibrationSettings.defaults();
    List<Integer> cycles = new ArrayList<>();

    Calibration accelerated =
        MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, settings, cycles::add);
    Calibration plain =
        MarginalCalibrator.calibrateWithPlainEm(
            responses, IrtModel.TWO_PL, settings, cycle -> {}, Integer.MAX_VALUE, 0);
    Calibration fixedPoint =
        MarginalCalibrator.calibrateWithPlainEm(
            responses,
            IrtModel.TWO_PL,
            settings.withTolerance(1e-12),
            cycle -> {},
            Integer.MAX_VALUE,
            0);

    assertThat(accelerated.converged()).isTrue();
    assertThat(accelerated.lastMaxChange()).isLessThanOrEqualTo(settings.tolerance());
    assertThat(cycles).hasSize(accelerated.iterations());
    assertThat(largestDistance(accelerated, fixedPoint))
        .isLessThanOrEqualTo(largestDistance(plain, fixedPoint));
  }

  private static double largestDistance(Calibration from, Calibration to) {
    double largest = 0;
    for (int i = 0; i < to.items().size(); i++) {
      ItemParameters a = from.items().get(i);
      ItemParameters b = to.items().get(i);
      largest = Math.max(largest, Math.abs(a.discrimination() - b.discrimination()));
      largest = Math.max(largest, Math.abs(a.difficulty() - b.difficulty()));
    }
    return largest;
  }

  @Test
  void shouldGiveTheSameTwoPlEstimatesWhenCorrectAndIncorrectAnswersAreSwapped() {
    // swapping 0 and 1 turns every row that is listed by its correct items into one listed by its
    // incorrect items (and back); the 2PL fit of the swapped data is the mirror image: a, -b
    Responses responses = Simulated.responses(twoPlItems(), 5000, 1.0, 0.05, 23);
    byte[] swapped = new byte[5000 * 20];
    for (int c = 0; c < 5000; c++) {
      for (int i = 0; i < 20; i++) {
        byte cell = responses.cell(c, i);
        swapped[c * 20 + i] = cell == Responses.NOT_PRESENTED ? cell : (byte) (1 - cell);
      }
    }
    CalibrationSettings settings = CalibrationSettings.defaults().withTolerance(1e-8);

    Calibration original = MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, settings);
    Calibration mirrored =
        MarginalCalibrator.calibrate(Responses.wrap(swapped, 5000, 20), IrtModel.TWO_PL, settings);

    assertThat(mirrored.logLikelihood()).isCloseTo(original.logLikelihood(), within(1e-6));
    for (int i = 0; i < 20; i++) {
      assertThat(mirrored.items().get(i).discrimination())
          .isCloseTo(original.items().get(i).discrimination(), within(1e-6));
      assertThat(mirrored.items().get(i).difficulty())
          .isCloseTo(-original.items().get(i).difficulty(), within(1e-6));
      assertThat(mirrored.items().get(i).difficultySe())
          .isCloseTo(original.items().get(i).difficultySe(), within(1e-7));
    }
  }

  @Test
  void shouldReportNonConvergenceInsteadOfReturningSilently() {
    Responses responses = Simulated.responses(twoPlItems(), 2000, 1.0, 0.0, 5);

    Calibration calibration =
        MarginalCalibrator.calibrate(
            responses, IrtModel.TWO_PL, CalibrationSettings.defaults().withMaxIterations(3));

    assertThat(calibration.converged()).isFalse();
    assertThat(calibration.iterations()).isEqualTo(3);
    assertThat(calibration.lastMaxChange()).isGreaterThan(1e-4);
    assertThatThrownBy(calibration::requireConverged)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not converge");
  }

  @Test
  void shouldRefuseItemAnsweredAlikeByEverybody() {
    byte[] cells = {1, 0, 1, 1, 1, Responses.NOT_PRESENTED, 1, 0};
    Responses responses = Responses.wrap(cells, 4, 2);

    assertThatThrownBy(
            () ->
                MarginalCalibrator.calibrate(
                    responses, IrtModel.RASCH, CalibrationSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=0");
  }

  @Test
  void shouldSkipCandidatesWithoutPresentedItems() {
    List<ItemParameters> truth = twoPlItems();
    Responses base = Simulated.responses(truth, 1000, 1.0, 0.0, 9);
    byte[] cells = new byte[1001 * truth.size()];
    for (int c = 0; c < 1000; c++) {
      for (int i = 0; i < truth.size(); i++) {
        cells[c * truth.size() + i] = base.cell(c, i);
      }
    }
    java.util.Arrays.fill(cells, 1000 * truth.size(), cells.length, Responses.NOT_PRESENTED);

    Calibration with =
        MarginalCalibrator.calibrate(
            Responses.wrap(cells, 1001, truth.size()),
            IrtModel.RASCH,
            CalibrationSettings.defaults());
    Calibration without =
        MarginalCalibrator.calibrate(base, IrtModel.RASCH, CalibrationSettings.defaults());

    assertThat(with.candidatesUsed()).isEqualTo(1000);
    assertThat(with.items()).isEqualTo(without.items());
  }
}
