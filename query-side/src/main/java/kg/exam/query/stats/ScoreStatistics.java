package kg.exam.query.stats;

/**
 * Summarises groups of results for the monitoring dashboards. Thread-safe (no state beyond its
 * settings).
 */
public final class ScoreStatistics {
  /** Groups with fewer results than this are suppressed (the ministry's small-cell rule). */
  public static final int DEFAULT_MINIMUM_CELL = 10;

  /** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond. */
  private static final double[] T_975 = {
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042
  };

  private final int minimumCell;
  private final double passPercent;

  /**
   * @param minimumCell smallest group that is shown, 1 or more
   * @param passPercent pass mark in percent, 0..100
   */
  public ScoreStatistics(int minimumCell, double passPercent) {
    if (minimumCell < 1) {
      throw new IllegalArgumentException("minimumCell=" + minimumCell + " must be 1 or more");
    }
    if (!(passPercent >= 0 && passPercent <= 100)) {
      throw new IllegalArgumentException("passPercent=" + passPercent + " must be within 0..100");
    }
    this.minimumCell = minimumCell;
    this.passPercent = passPercent;
  }

  /**
   * Summarises one group.
   *
   * @param percentages each result's percentage of the maximum score, 0..100
   * @param grades each result's grade 2..5, same order and length as {@code percentages}
   */
  public ScoreSummary summarise(double[] percentages, int[] grades) {
    if (percentages.length != grades.length) {
      throw new IllegalArgumentException(
          "percentages.length=" + percentages.length + " != grades.length=" + grades.length);
    }
    int n = percentages.length;
    if (n < minimumCell) {
      return new ScoreSummary(
          n,
          true,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          new int[10],
          new int[4]);
    }
    double sum = 0;
    int passed = 0;
    int[] histogram = new int[10];
    int[] gradeCounts = new int[4];
    for (int i = 0; i < n; i++) {
      double p = percentages[i];
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException("percentages[" + i + "]=" + p + " is not within 0..100");
      }
      if (grades[i] < 2 || grades[i] > 5) {
        throw new IllegalArgumentException(
            "grades[" + i + "]=" + grades[i] + " is not within 2..5");
      }
      sum += p;
      if (p >= passPercent) {
        passed++;
      }
      histogram[Math.min(9, (int) (p / 10))]++;
      gradeCounts[grades[i] - 2]++;
    }
    double mean = sum / n;
    double squares = 0;
    for (double p : percentages) {
      squares += (p - mean) * (p - mean);
    }
    double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
    double halfWidth = n > 1 ? t975(n - 1) * sd / Math.sqrt(n) : 0;
    return new ScoreSummary(
        n,
        false,
        mean,
        sd,
        Math.max(0, mean - halfWidth),
        Math.min(100, mean + halfWidth),
        (double) passed / n,
        histogram,
        gradeCounts);
  }

  private static double t975(int degreesOfFreedom) {
    return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.96;
  }
}
