package kg.exam.scoring.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The false-positive rates of the integrity analyses on simulated honest cohorts (see {@link
 * IntegritySimulation} for the model): 20,000 candidates × 40 items in rooms of 30, so 20,000 tests
 * per sitting-level analysis and 290,000 pairs. Each analysis must flag no more honest sittings
 * (pairs) than its stated rate allows, up to Poisson noise (λ + 4√λ + 3 for λ expected flags). The
 * figures are in scoring-core/README.md.
 */
class IntegrityCalibrationTest {
  private static IntegritySimulation.Simulated honest;

  @BeforeAll
  static void simulate() {
    honest = IntegritySimulation.simulate(IntegritySimulation.Settings.honest(20_000, 30, 40, 7));
  }

  @Test
  void shouldFlagHonestCohortsAtNoMoreThanTheStatedRateOfOnePerThousand() {
    assertCalibrated(new IntegrityThresholds(1e-3, 1e-5, 10, 5));
  }

  @Test
  void shouldFlagHonestCohortsAtNoMoreThanTheDefaultRateOfOnePerTenThousand() {
    assertCalibrated(IntegrityThresholds.defaults());
  }

  @Test
  void shouldNotBeSoConservativeThatTheStatedRateMeansNothing() {
    // at 1 % the analyses must still raise some honest flags: a rate of 0 would mean the
    // thresholds are far stricter than stated, and the power tests would overstate what they show
    IntegrityThresholds onePercent = new IntegrityThresholds(0.01, 1e-4, 10, 5);
    Map<Finding.Kind, Integer> flags = count(IntegrityAnalysis.run(honest.cohort(), onePercent));
    assertThat(flags.get(Finding.Kind.RESPONSE_TIME)).isGreaterThan(50);
    assertThat(flags.get(Finding.Kind.SPEED)).isGreaterThan(50);
    assertThat(flags.get(Finding.Kind.SIMILARITY)).isGreaterThan(290);
  }

  @Test
  void shouldKeepTheStatedRateInSmallSessionsOrLeaveTheAnalysisOut() {
    // 40 sessions of 150 sittings in 5 rooms (a school): 87,000 honest pairs, 6,000 sittings
    IntegrityThresholds onePercent = new IntegrityThresholds(0.01, 1e-4, 10, 5);
    long pairs = 0;
    Map<Finding.Kind, Integer> flags = new EnumMap<>(Finding.Kind.class);
    for (int session = 0; session < 40; session++) {
      IntegrityAnalysis.Result result =
          IntegrityAnalysis.run(
              IntegritySimulation.simulate(
                      IntegritySimulation.Settings.honest(150, 30, 40, 1_000 + session))
                  .cohort(),
              onePercent);
      pairs += result.pairs();
      count(result).forEach((kind, n) -> flags.merge(kind, n, Integer::sum));
      // too few sittings to know how fast a score usually is, too few places to compare means
      assertThat(result.notAnalysed()).containsKeys(Finding.Kind.SPEED, Finding.Kind.CLUSTER);
      assertThat(result.notAnalysed()).doesNotContainKey(Finding.Kind.SIMILARITY);
    }
    assertThat(flags.get(Finding.Kind.SIMILARITY)).isLessThanOrEqualTo(bound(0.01 * pairs));
    assertThat(flags.get(Finding.Kind.RESPONSE_TIME)).isLessThanOrEqualTo(bound(0.01 * 6_000));
    assertThat(flags.get(Finding.Kind.SPEED)).isZero();
    // and below 100 sittings similarity is left out: its bands would be too coarse
    IntegrityAnalysis.Result tiny =
        IntegrityAnalysis.run(
            IntegritySimulation.simulate(IntegritySimulation.Settings.honest(60, 30, 40, 5))
                .cohort(),
            onePercent);
    assertThat(tiny.notAnalysed()).containsKey(Finding.Kind.SIMILARITY);
    assertThat(of(tiny, Finding.Kind.SIMILARITY)).isEmpty();
  }

  private static void assertCalibrated(IntegrityThresholds thresholds) {
    IntegrityAnalysis.Result result = IntegrityAnalysis.run(honest.cohort(), thresholds);
    assertThat(result.pairs()).isEqualTo(20_000L / 30 * (30 * 29 / 2) + (20 * 19 / 2));
    Map<Finding.Kind, Integer> flags = count(result);
    double alpha = thresholds.falsePositiveRate();
    assertThat(flags.get(Finding.Kind.SIMILARITY))
        .isLessThanOrEqualTo(bound(alpha * result.pairs()));
    assertThat(flags.get(Finding.Kind.RESPONSE_TIME)).isLessThanOrEqualTo(bound(alpha * 20_000));
    assertThat(flags.get(Finding.Kind.SPEED)).isLessThanOrEqualTo(bound(alpha * 20_000));
    assertThat(flags.get(Finding.Kind.ANSWER_CHANGES)).isLessThanOrEqualTo(bound(alpha * 20_000));
    // 667 rooms, three measures
    assertThat(flags.get(Finding.Kind.CLUSTER)).isLessThanOrEqualTo(bound(alpha * 667 * 3));
  }

  static Map<Finding.Kind, Integer> count(IntegrityAnalysis.Result result) {
    Map<Finding.Kind, Integer> flags = new EnumMap<>(Finding.Kind.class);
    for (Finding.Kind kind : Finding.Kind.values()) {
      flags.put(kind, 0);
    }
    for (Finding f : result.findings()) {
      flags.merge(f.kind(), 1, Integer::sum);
    }
    return flags;
  }

  private static int bound(double expected) {
    return (int) Math.floor(expected + 4 * Math.sqrt(expected) + 3);
  }

  static List<Finding> of(IntegrityAnalysis.Result result, Finding.Kind kind) {
    return result.findings().stream().filter(f -> f.kind() == kind).toList();
  }
}
