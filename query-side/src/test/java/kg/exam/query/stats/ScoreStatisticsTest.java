package kg.exam.query.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreStatisticsTest {
  private final ScoreStatistics statistics =
      new ScoreStatistics(ScoreStatistics.DEFAULT_MINIMUM_CELL, 50);

  private static final double[] TEN = {40, 50, 60, 70, 80, 55, 65, 75, 45, 85};
  private static final int[] TEN_GRADES = {2, 3, 3, 4, 4, 3, 3, 4, 2, 5};

  @Test
  void shouldComputeMeanAndStudentTConfidenceIntervalByHand() {
    ScoreSummary s = statistics.summarise(TEN, TEN_GRADES);

    assertThat(s.meanPercent()).isEqualTo(62.5);
    assertThat(s.standardDeviation()).isCloseTo(15.1383, within(1e-4));
    assertThat(s.ciLow()).isCloseTo(62.5 - 2.262 * 15.1383 / Math.sqrt(10), within(1e-3));
    assertThat(s.ciHigh()).isCloseTo(62.5 + 2.262 * 15.1383 / Math.sqrt(10), within(1e-3));
  }

  @Test
  void shouldCountPassesAtOrAboveThePassMark() {
    assertThat(statistics.summarise(TEN, TEN_GRADES).passRate()).isEqualTo(0.8);
  }

  @Test
  void shouldBinTheHistogramInTenPointStepsWithOneHundredInTheLastBin() {
    double[] p = {0, 9.99, 10, 55, 99, 100, 100, 30, 30, 30};
    int[] g = {2, 2, 2, 3, 5, 5, 5, 2, 2, 2};

    assertThat(statistics.summarise(p, g).histogram())
        .containsExactly(2, 1, 0, 3, 0, 1, 0, 0, 0, 3);
  }

  @Test
  void shouldCountGrades() {
    assertThat(statistics.summarise(TEN, TEN_GRADES).gradeCounts()).containsExactly(2, 4, 3, 1);
  }

  @Test
  void shouldSuppressCellsSmallerThanTheMinimumSoNobodyCanBeSingledOut() {
    ScoreSummary s =
        statistics.summarise(
            new double[] {90, 20, 50, 60, 70, 80, 10, 30, 40},
            new int[] {5, 2, 3, 3, 4, 4, 2, 2, 2});

    assertThat(s.suppressed()).isTrue();
    assertThat(s.candidates()).isEqualTo(9);
    assertThat(s.meanPercent()).isNaN();
    assertThat(s.histogram()).containsOnly(0);
  }

  @Test
  void shouldUseTheNormalQuantileForLargeGroups() {
    double[] p = new double[100];
    int[] g = new int[100];
    for (int i = 0; i < 100; i++) {
      p[i] = i;
      g[i] = 3;
    }
    ScoreSummary s = statistics.summarise(p, g);

    assertThat(s.ciHigh() - s.meanPercent())
        .isCloseTo(1.96 * s.standardDeviation() / 10, within(1e-9));
  }

  @Test
  void shouldRefuseAPercentageOutsideZeroToHundredNamingIt() {
    double[] p = TEN.clone();
    p[3] = 101;

    assertThatThrownBy(() -> statistics.summarise(p, TEN_GRADES))
        .hasMessage("percentages[3]=101.0 is not within 0..100");
  }

  @Test
  void shouldRefuseAMinimumCellBelowOne() {
    assertThatThrownBy(() -> new ScoreStatistics(0, 50))
        .hasMessage("minimumCell=0 must be 1 or more");
  }

  @Test
  void shouldGiveTheSameSummaryFromDatabaseSumsAsFromTheValues() {
    ScoreSummary fromValues = statistics.summarise(TEN, TEN_GRADES);
    double sum = 0;
    double squares = 0;
    for (double p : TEN) {
      sum += p;
      squares += p * p;
    }
    ScoreSummary fromMoments =
        statistics.fromMoments(
            10,
            sum,
            squares,
            8,
            fromValues.histogram(),
            new java.util.TreeMap<>(java.util.Map.of(2, 2, 3, 4, 4, 3, 5, 1)));

    assertThat(sum).isEqualTo(625);
    assertThat(squares).isEqualTo(41_125);
    assertThat(fromMoments.meanPercent()).isEqualTo(62.5);
    assertThat(fromMoments.standardDeviation())
        .isCloseTo(fromValues.standardDeviation(), within(1e-12));
    assertThat(fromMoments.ciLow()).isCloseTo(51.67, within(0.01));
    assertThat(fromMoments.ciHigh()).isCloseTo(73.33, within(0.01));
    assertThat(fromMoments.passRate()).isEqualTo(0.8);
  }

  @Test
  void shouldLeaveAnEmptyGroupUnsuppressedButWithoutValues() {
    ScoreSummary s = statistics.fromMoments(0, 0, 0, 0, new int[10], new java.util.TreeMap<>());

    assertThat(s.suppressed()).isFalse();
    assertThat(s.meanPercent()).isNaN();
  }

  @Test
  void shouldShowASmallGroupToCallersWithoutAMinimumCell() {
    ScoreSummary s =
        new ScoreStatistics(1, 50)
            .fromMoments(1, 70, 4_900, 1, new int[10], new java.util.TreeMap<>());

    assertThat(s.suppressed()).isFalse();
    assertThat(s.meanPercent()).isEqualTo(70);
    // one result: no sample spread and no interval, rather than a falsely certain [70, 70]
    assertThat(s.standardDeviation()).isNaN();
    assertThat(s.ciLow()).isNaN();
    assertThat(s.ciHigh()).isNaN();
  }

  @Test
  void shouldRefuseMorePassesThanResults() {
    assertThatThrownBy(
            () -> statistics.fromMoments(3, 150, 7_500, 4, new int[10], new java.util.TreeMap<>()))
        .hasMessage("n=3, passed=4 must be 0 <= passed <= n");
  }
}
