package kg.exam.scoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Detection power at the default thresholds (1e-4 per test) on simulated cheating, 6,000 candidates
 * × 40 items in rooms of 30. The power figures asserted are the floors of what the simulations give
 * (the measured values are in scoring-core/README.md), so a change that weakens an analysis fails
 * here.
 */
class IntegrityPowerTest {
  private static final IntegrityThresholds DEFAULTS = IntegrityThresholds.defaults();

  @Test
  void shouldFindNearlyAllCopiersWhoCopiedThreeQuartersOfTheirAnswersFromARoomMate() {
    IntegritySimulation.Simulated sim =
        IntegritySimulation.simulate(
            IntegritySimulation.Settings.honest(6_000, 30, 40, 11).withCopying(0.03, 0.75));
    IntegrityAnalysis.Result result = IntegrityAnalysis.run(sim.cohort(), DEFAULTS);
    Set<Long> flaggedPairs = new HashSet<>();
    for (Finding f : IntegrityCalibrationTest.of(result, Finding.Kind.SIMILARITY)) {
      flaggedPairs.add(pair(f.sittings()[0], f.sittings()[1]));
    }
    int copiers = 0;
    int found = 0;
    for (int j = 0; j < sim.source().length; j++) {
      if (sim.source()[j] >= 0) {
        copiers++;
        if (flaggedPairs.contains(pair(j, sim.source()[j]))) {
          found++;
        }
      }
    }
    assertThat(copiers).isGreaterThan(100);
    assertThat((double) found / copiers).isGreaterThan(0.9);
    // and the other flagged pairs are no more than honest pairs give at the stated rate: pairs
    // linked by copying (a copier and its source, two copiers of one source, a chain of copies)
    // share answers and are true leads
    int wrong = 0;
    for (long p : flaggedPairs) {
      if (root(sim.source(), (int) (p >> 32)) != root(sim.source(), (int) p)) {
        wrong++;
      }
    }
    long pairs = AnswerSimilarity.pairs(sim.cohort());
    double expected = DEFAULTS.falsePositiveRate() * pairs;
    assertThat(wrong).isLessThanOrEqualTo((int) (expected + 4 * Math.sqrt(expected) + 3));
  }

  @Test
  void shouldFindCandidatesWhoKnewAQuarterOfTheItemsByTheirTimes() {
    IntegritySimulation.Simulated sim =
        IntegritySimulation.simulate(
            IntegritySimulation.Settings.honest(6_000, 30, 40, 13).withPreknowledge(0.03, 0.25));
    IntegrityAnalysis.Result result = IntegrityAnalysis.run(sim.cohort(), DEFAULTS);
    Set<Integer> flagged = new HashSet<>();
    for (Finding f : IntegrityCalibrationTest.of(result, Finding.Kind.RESPONSE_TIME)) {
      flagged.add(f.sittings()[0]);
    }
    int knew = 0;
    int found = 0;
    for (int j = 0; j < sim.preknowledge().length; j++) {
      if (sim.preknowledge()[j]) {
        knew++;
        if (flagged.contains(j)) {
          found++;
        }
      }
    }
    assertThat(knew).isGreaterThan(100);
    assertThat((double) found / knew).isGreaterThan(0.8);
    assertThat(flagged.stream().filter(j -> !sim.preknowledge()[j]).count()).isLessThanOrEqualTo(5);
    // the evidence lists the fast items first, and they are the compromised ones
    Finding first = IntegrityCalibrationTest.of(result, Finding.Kind.RESPONSE_TIME).get(0);
    assertThat(first.items()).hasSize(40);
  }

  @Test
  void shouldFindSittingsWhoseWrongAnswersWereChangedToRightAfterwards() {
    IntegritySimulation.Simulated sim =
        IntegritySimulation.simulate(
            IntegritySimulation.Settings.honest(6_000, 30, 40, 17).withTampering(0.02, 12));
    IntegrityAnalysis.Result result = IntegrityAnalysis.run(sim.cohort(), DEFAULTS);
    List<Finding> changes = IntegrityCalibrationTest.of(result, Finding.Kind.ANSWER_CHANGES);
    Set<Integer> flagged = new HashSet<>();
    for (Finding f : changes) {
      flagged.add(f.sittings()[0]);
      assertThat(f.items()).hasSize(((Number) f.detail().get("wrongToRight")).intValue());
    }
    int tampered = 0;
    int found = 0;
    for (int j = 0; j < sim.tampered().length; j++) {
      if (sim.tampered()[j]) {
        tampered++;
        if (flagged.contains(j)) {
          found++;
        }
      }
    }
    assertThat(tampered).isGreaterThan(80);
    assertThat((double) found / tampered).isGreaterThan(0.95);
    assertThat(flagged.stream().filter(j -> !sim.tampered()[j]).count()).isLessThanOrEqualTo(5);
  }

  /** The first candidate of a chain of copies. */
  private static int root(int[] source, int j) {
    while (source[j] >= 0) {
      j = source[j];
    }
    return j;
  }

  private static long pair(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }
}
