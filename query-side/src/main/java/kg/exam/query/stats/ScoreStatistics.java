package kg.exam.query.stats;

import java.util.SortedMap;
import java.util.TreeMap;

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
    double sum = 0;
    double squares = 0;
    int passed = 0;
    int[] histogram = new int[10];
    SortedMap<Integer, Integer> gradeCounts = new TreeMap<>();
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
      squares += p * p;
      if (p >= passPercent) {
        passed++;
      }
      histogram[bin(p)]++;
      gradeCounts.merge(grades[i], 1, Integer::sum);
    }
    return fromMoments(n, sum, squares, passed, histogram, gradeCounts);
  }

  /**
   * Summarises a group from its sufficient statistics, as a database aggregate delivers them
   * ({@code count, sum(p), sum(p*p)}, passes, bin and grade counts), so that a national cohort is
   * summarised without loading a row per candidate. The sample variance is {@code (Σp² − (Σp)²/n) /
   * (n − 1)}; for percentages within 0..100 and n up to millions the cancellation costs less than
   * 1e-6 points.
   *
   * <p>Example: n = 10, Σp = 625, Σp² = 41 125 (the percentages of the class example) give mean
   * 62.5, sd √((41 125 − 39 062.5) / 9) = 15.14 and the interval [51.67, 73.33].
   *
   * @param n results in the group, 0 or more
   * @param sum sum of their percentages
   * @param sumOfSquares sum of the squared percentages
   * @param passed results that passed (each against the pass mark of the version it was sat on)
   * @param histogram counts in ten 10-point bins (see {@link #bin}), length 10
   * @param grades count per grade, any grade scale
   */
  public ScoreSummary fromMoments(
      int n,
      double sum,
      double sumOfSquares,
      int passed,
      int[] histogram,
      SortedMap<Integer, Integer> grades) {
    if (n < 0 || passed < 0 || passed > n) {
      throw new IllegalArgumentException(
          "n=" + n + ", passed=" + passed + " must be 0 <= passed <= n");
    }
    if (histogram.length != 10) {
      throw new IllegalArgumentException("histogram.length=" + histogram.length + " must be 10");
    }
    if (n == 0 || n < minimumCell) {
      return new ScoreSummary(
          n,
          n > 0,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          new int[10],
          new TreeMap<>());
    }
    double mean = sum / n;
    // One result has no sample spread and no interval: undefined (null in the API), not 0 and
    // [mean, mean], which would read as certainty.
    double variance = n > 1 ? Math.max(0, (sumOfSquares - sum * sum / n) / (n - 1)) : Double.NaN;
    double sd = Math.sqrt(variance);
    double halfWidth = n > 1 ? t975(n - 1) * sd / Math.sqrt(n) : Double.NaN;
    return new ScoreSummary(
        n,
        false,
        mean,
        sd,
        n > 1 ? Math.max(0, mean - halfWidth) : Double.NaN,
        n > 1 ? Math.min(100, mean + halfWidth) : Double.NaN,
        (double) passed / n,
        histogram,
        grades);
  }

  /** The histogram bin of a percentage: [0,10) is 0 … [90,100] is 9. */
  public static int bin(double percent) {
    return Math.max(0, Math.min(9, (int) (percent / 10)));
  }

  /** The smallest group shown. */
  public int minimumCell() {
    return minimumCell;
  }

  private static double t975(int degreesOfFreedom) {
    return degreesOfFreedom <= T_975.length ? T_975[degreesOfFreedom - 1] : 1.96;
  }
}
