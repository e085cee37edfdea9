package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeneralCalibratorTest {

  private static final CalibrationSettings TIGHT =
      CalibrationSettings.defaults().withTolerance(1e-6);

  private static List<ItemParameters> twoPlItems() {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(ItemParameters.of(0.6 + 0.08 * i, -2 + 4.0 * ((i * 7) % 20) / 19));
    }
    return items;
  }

  private static List<ItemParameters> threePlItems() {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(
          ItemParameters.threePl(
              0.8 + 0.06 * i, -1.5 + 3.0 * ((i * 7) % 20) / 19, 0.1 + 0.2 * ((i * 3) % 20) / 19));
    }
    return items;
  }

  /** Items with 1 to 4 thresholds, locations from −1 to 1, discriminations from {@code slope}. */
  private static List<ItemParameters> partialCreditItems(int count, boolean generalized) {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int m = 1 + i % 4;
      double centre = -1 + 2.0 * ((i * 3) % count) / (count - 1);
      double[] thresholds = new double[m];
      for (int v = 0; v < m; v++) {
        thresholds[v] = centre + 0.9 * (v - (m - 1) / 2.0) + 0.2 * ((i + v) % 3 - 1);
      }
      items.add(
          ItemParameters.partialCredit(generalized ? 0.7 + 0.9 * i / (count - 1) : 1, thresholds));
    }
    return items;
  }

  /** |estimate − truth| / SE for every free reported parameter except the polytomous locations. */
  private static List<Double> zScores(List<ItemParameters> truth, List<ItemParameters> estimates) {
    List<Double> z = new ArrayList<>();
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters t = truth.get(i);
      ItemParameters e = estimates.get(i);
      if (!Double.isNaN(e.discriminationSe())) {
        z.add(Math.abs(e.discrimination() - t.discrimination()) / e.discriminationSe());
      }
      if (e.polytomous()) {
        for (int v = 1; v <= e.maxScore(); v++) {
          z.add(Math.abs(e.threshold(v) - t.threshold(v)) / e.thresholdSes()[v - 1]);
        }
      } else {
        z.add(Math.abs(e.difficulty() - t.difficulty()) / e.difficultySe());
      }
    }
    return z;
  }

  private static long share(List<Double> z, double limit) {
    return Math.round(100.0 * z.stream().filter(v -> v < limit).count() / z.size());
  }

  @Test
  void shouldAgreeWithMarginalCalibratorForRasch() {
    List<ItemParameters> truth = twoPlItems();
    Responses responses = Simulated.responses(truth, 5000, 1.2, 0.05, 21);

    Calibration general = GeneralCalibrator.calibrate(responses, IrtModel.RASCH, TIGHT);
    Calibration reference = MarginalCalibrator.calibrate(responses, IrtModel.RASCH, TIGHT);

    assertThat(general.converged()).isTrue();
    assertThat(general.latentSd()).isCloseTo(reference.latentSd(), within(1e-3));
    assertThat(general.logLikelihood()).isCloseTo(reference.logLikelihood(), within(1e-3));
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters g = general.items().get(i);
      ItemParameters r = reference.items().get(i);
      assertThat(g.discrimination()).isEqualTo(1.0);
      assertThat(g.polytomous()).isFalse();
      assertThat(g.difficulty()).as("b of item %d", i).isCloseTo(r.difficulty(), within(1e-3));
      assertThat(g.difficultySe())
          .as("SE of b, item %d", i)
          .isCloseTo(r.difficultySe(), within(1e-3));
    }
  }

  @Test
  void shouldAgreeWithMarginalCalibratorForTwoPl() {
    List<ItemParameters> truth = twoPlItems();
    Responses responses = Simulated.responses(truth, 5000, 1.0, 0.05, 22);

    Calibration general = GeneralCalibrator.calibrate(responses, IrtModel.TWO_PL, TIGHT);
    Calibration reference = MarginalCalibrator.calibrate(responses, IrtModel.TWO_PL, TIGHT);

    assertThat(general.converged()).isTrue();
    assertThat(general.latentSd()).isEqualTo(1.0);
    assertThat(general.latentSdSe()).isNaN();
    assertThat(general.logLikelihood()).isCloseTo(reference.logLikelihood(), within(1e-3));
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters g = general.items().get(i);
      ItemParameters r = reference.items().get(i);
      assertThat(g.discrimination())
          .as("a of item %d", i)
          .isCloseTo(r.discrimination(), within(1e-3));
      assertThat(g.difficulty()).as("b of item %d", i).isCloseTo(r.difficulty(), within(1e-3));
      assertThat(g.discriminationSe())
          .as("SE of a, item %d", i)
          .isCloseTo(r.discriminationSe(), within(1e-3));
      assertThat(g.difficultySe())
          .as("SE of b, item %d", i)
          .isCloseTo(r.difficultySe(), within(1e-3));
    }
  }

  @Test
  void shouldRecoverThreePlParametersWithinThreeStandardErrors() {
    List<ItemParameters> truth = threePlItems();
    Responses responses = SimulatedScores.responses(truth, 20_000, 0, 1, 0.02, 31);

    Calibration calibration =
        GeneralCalibrator.calibrate(responses, IrtModel.THREE_PL, CalibrationSettings.defaults());

    assertThat(calibration.converged()).isTrue();
    List<Double> z = zScores(truth, calibration.items());
    assertThat(share(z, 3))
        .as("a and b within 3 SE, %% of %d", z.size())
        .isGreaterThanOrEqualTo(90);
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters e = calibration.items().get(i);
      assertThat(e.guessing())
          .as("c of item %d", i)
          .isCloseTo(truth.get(i).guessing(), within(0.1));
      assertThat(e.guessingSe()).as("SE of c, item %d", i).isBetween(0.0, 0.1);
    }
  }

  @Test
  void shouldRecoverPartialCreditThresholdsAndAbilitySd() {
    List<ItemParameters> truth = partialCreditItems(12, false);
    Responses responses = SimulatedScores.responses(truth, 6000, 0, 1.3, 0.05, 41);

    Calibration calibration =
        GeneralCalibrator.calibrate(
            responses, IrtModel.PARTIAL_CREDIT, CalibrationSettings.defaults());

    assertThat(calibration.converged()).isTrue();
    assertThat(calibration.latentMean()).isZero();
    assertThat(calibration.latentSd()).isCloseTo(1.3, within(3 * calibration.latentSdSe()));
    for (int i = 0; i < truth.size(); i++) {
      ItemParameters e = calibration.items().get(i);
      assertThat(e.discrimination()).isEqualTo(1.0);
      assertThat(e.maxScore()).isEqualTo(truth.get(i).maxScore());
      assertThat(e.polytomous()).isTrue();
    }
    List<Double> z = zScores(truth, calibration.items());
    assertThat(share(z, 3))
        .as("thresholds within 3 SE, %% of %d", z.size())
        .isGreaterThanOrEqualTo(95);
  }

  @Test
  void shouldRecoverGeneralizedPartialCreditParameters() {
    List<ItemParameters> truth = partialCreditItems(12, true);
    Responses responses = SimulatedScores.responses(truth, 6000, 0, 1, 0.05, 43);

    Calibration calibration =
        GeneralCalibrator.calibrate(
            responses, IrtModel.GENERALIZED_PARTIAL_CREDIT, CalibrationSettings.defaults());

    assertThat(calibration.converged()).isTrue();
    List<Double> z = zScores(truth, calibration.items());
    assertThat(share(z, 3))
        .as("a and thresholds within 3 SE, %% of %d", z.size())
        .isGreaterThanOrEqualTo(95);
  }

  @Test
  void shouldPutFreeGeneralizedPartialCreditItemsOnTheAnchorScale() {
    assertAnchoredRecovery(
        IrtModel.GENERALIZED_PARTIAL_CREDIT, partialCreditItems(16, true), 10_000, 51, 95);
  }

  @Test
  void shouldPutFreePartialCreditItemsOnTheAnchorScale() {
    assertAnchoredRecovery(IrtModel.PARTIAL_CREDIT, partialCreditItems(16, false), 6000, 52, 95);
  }

  @Test
  void shouldPutFreeThreePlItemsOnTheAnchorScale() {
    assertAnchoredRecovery(IrtModel.THREE_PL, threePlItems(), 20_000, 53, 90);
  }

  /**
   * Simulates θ ~ N(0.5, 1.2²), anchors every other item at its true parameters and checks that μ,
   * σ and the free items come out on the generating scale.
   */
  private static void assertAnchoredRecovery(
      IrtModel model, List<ItemParameters> truth, int candidates, long seed, int minimumShare) {
    Responses responses = SimulatedScores.responses(truth, candidates, 0.5, 1.2, 0.03, seed);
    Map<Integer, ItemParameters> anchors = new HashMap<>();
    for (int i = 0; i < truth.size(); i += 2) {
      anchors.put(i, truth.get(i));
    }

    Calibration calibration =
        GeneralCalibrator.calibrate(
            responses,
            model,
            CalibrationSettings.defaults(),
            GuessingPrior.defaults(),
            anchors,
            cycle -> {});

    assertThat(calibration.converged()).isTrue();
    // The mean's SE is below σ / √N (0.012 at N = 10,000) plus the anchors' share of it: the
    // anchors are known exactly here.
    assertThat(calibration.latentMean())
        .isCloseTo(0.5, within(4 * 1.2 / Math.sqrt(candidates) + 0.01));
    assertThat(calibration.latentSd()).isCloseTo(1.2, within(3 * calibration.latentSdSe()));
    List<ItemParameters> free = new ArrayList<>();
    List<ItemParameters> freeTruth = new ArrayList<>();
    for (int i = 0; i < truth.size(); i++) {
      if (anchors.containsKey(i)) {
        assertThat(calibration.items().get(i)).isSameAs(anchors.get(i));
      } else {
        free.add(calibration.items().get(i));
        freeTruth.add(truth.get(i));
      }
    }
    List<Double> z = zScores(freeTruth, free);
    assertThat(share(z, 3))
        .as("free item parameters within 3 SE, %% of %d", z.size())
        .isGreaterThanOrEqualTo(minimumShare);
  }

  @Test
  void shouldGiveIdenticalResultsWhateverTheThreadCount() {
    List<ItemParameters> truth = partialCreditItems(10, true);
    Responses responses = SimulatedScores.responses(truth, 9000, 0.3, 1.1, 0.1, 61);
    Map<Integer, ItemParameters> anchors =
        Map.of(0, truth.get(0), 3, truth.get(3), 5, truth.get(5));
    CalibrationSettings settings = CalibrationSettings.defaults().withTolerance(1e-3);

    Calibration one =
        GeneralCalibrator.calibrate(
            responses,
            IrtModel.GENERALIZED_PARTIAL_CREDIT,
            settings.withThreads(1),
            GuessingPrior.defaults(),
            anchors,
            cycle -> {});
    Calibration three =
        GeneralCalibrator.calibrate(
            responses,
            IrtModel.GENERALIZED_PARTIAL_CREDIT,
            settings.withThreads(3),
            GuessingPrior.defaults(),
            anchors,
            cycle -> {});

    assertThat(three).isEqualTo(one);
  }

  @Test
  void shouldReportNonConvergenceAfterMaxIterations() {
    Responses responses = SimulatedScores.responses(threePlItems(), 2000, 0, 1, 0, 71);
    List<Integer> cycles = new ArrayList<>();

    Calibration calibration =
        GeneralCalibrator.calibrate(
            responses,
            IrtModel.THREE_PL,
            CalibrationSettings.defaults().withMaxIterations(2),
            GuessingPrior.defaults(),
            Map.of(),
            cycles::add);

    assertThat(calibration.converged()).isFalse();
    assertThat(calibration.iterations()).isEqualTo(2);
    assertThat(cycles).containsExactly(1, 2);
    assertThat(calibration.lastMaxChange()).isGreaterThan(1e-4);
    assertThatThrownBy(calibration::requireConverged).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefusePolytomousScoreUnderThreePl() {
    Responses responses = Responses.wrap(new byte[] {0, 1, 1, 2, 0, 0}, 3, 2);

    assertThatThrownBy(
            () ->
                GeneralCalibrator.calibrate(
                    responses, IrtModel.THREE_PL, CalibrationSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=1")
        .hasMessageContaining("dichotomous");
  }

  @Test
  void shouldRefuseCategoryNobodyObtained() {
    Responses responses = Responses.wrap(new byte[] {0, 0, 1, 3, 0, 0, 1, 2, 0, 0}, 5, 2);

    assertThatThrownBy(
            () ->
                GeneralCalibrator.calibrate(
                    responses, IrtModel.PARTIAL_CREDIT, CalibrationSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=1 category=1");
  }

  @Test
  void shouldRefuseAnchorWithWrongNumberOfThresholds() {
    Responses responses = Responses.wrap(new byte[] {0, 1, 1, 2, 0, 0, 1, 1}, 4, 2);
    Map<Integer, ItemParameters> anchors = Map.of(1, ItemParameters.partialCredit(1, -0.5, 0.2, 1));

    assertThatThrownBy(
            () ->
                GeneralCalibrator.calibrate(
                    responses,
                    IrtModel.GENERALIZED_PARTIAL_CREDIT,
                    CalibrationSettings.defaults(),
                    GuessingPrior.defaults(),
                    anchors,
                    cycle -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anchor item=1")
        .hasMessageContaining("3 threshold(s)");
  }

  @Test
  void shouldRefuseItemWithoutVariation() {
    Responses responses = Responses.wrap(new byte[] {0, 1, 1, 1, 0, 1, 1, 1}, 4, 2);

    assertThatThrownBy(
            () ->
                GeneralCalibrator.calibrate(
                    responses, IrtModel.TWO_PL, CalibrationSettings.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=1 has no variation");
  }

  @Test
  void shouldRefuseAnchorWithGuessingUnderTwoPl() {
    Responses responses = Simulated.responses(twoPlItems(), 500, 1.0, 0.0, 81);
    Map<Integer, ItemParameters> anchors = Map.of(4, ItemParameters.threePl(1.2, 0.3, 0.2));

    assertThatThrownBy(
            () ->
                GeneralCalibrator.calibrate(
                    responses,
                    IrtModel.TWO_PL,
                    CalibrationSettings.defaults(),
                    GuessingPrior.defaults(),
                    anchors,
                    cycle -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anchor item=4")
        .hasMessageContaining("guessing must be 0");
  }

  @Test
  void shouldSkipCandidatesWithoutPresentedItems() {
    List<ItemParameters> truth = partialCreditItems(8, true);
    Responses base = SimulatedScores.responses(truth, 1500, 0, 1, 0.05, 91);
    int items = truth.size();
    byte[] cells = new byte[1501 * items];
    for (int c = 0; c < 1500; c++) {
      for (int i = 0; i < items; i++) {
        cells[c * items + i] = base.cell(c, i);
      }
    }
    java.util.Arrays.fill(cells, 1500 * items, cells.length, Responses.NOT_PRESENTED);

    Calibration with =
        GeneralCalibrator.calibrate(
            Responses.wrap(cells, 1501, items),
            IrtModel.GENERALIZED_PARTIAL_CREDIT,
            CalibrationSettings.defaults());
    Calibration without =
        GeneralCalibrator.calibrate(
            base, IrtModel.GENERALIZED_PARTIAL_CREDIT, CalibrationSettings.defaults());

    assertThat(with.candidatesUsed()).isEqualTo(1500);
    assertThat(with.items()).isEqualTo(without.items());
  }

  @Test
  void shouldRefuseAnchorsPresentedToNobody() {
    byte[] cells = {
      0, Responses.NOT_PRESENTED, 1, Responses.NOT_PRESENTED, 1, Responses.NOT_PRESENTED
    };
    Responses responses = Responses.wrap(cells, 3, 2);

    assertThatThrownBy(
            () ->
                GeneralCalibrator.calibrate(
                    responses,
                    IrtModel.TWO_PL,
                    CalibrationSettings.defaults(),
                    GuessingPrior.defaults(),
                    Map.of(1, ItemParameters.of(1, 0)),
                    cycle -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anchor items=[1] were presented to nobody");
  }
}
