package kg.exam.scoring.marking;

/**
 * Agreement between pairs of independent marks (first marker, second marker) of the same scripts:
 * exact agreement, adjacent agreement (within one point), quadratic weighted kappa and the mean
 * difference. Totals are rounded to whole points to form kappa's categories (exact and adjacent
 * agreement and the mean difference use the totals as they are). Constant memory per accumulator
 * (one count per pair of categories), so a million marks cost a million additions.
 *
 * <p>Quadratic weighted kappa (Cohen 1968): {@code κ = 1 − Σ w_ij O_ij / Σ w_ij E_ij} with {@code
 * w_ij = (i − j)²}, O the observed counts and {@code E_ij = row_i × col_j / N}. It is undefined
 * (NaN) when every mark falls in one category.
 */
public final class Agreement {
  /** The highest whole-point category kept (marks above it are counted in it). */
  public static final int MAX_CATEGORY = 200;

  private long[][] counts = new long[0][0];
  private long n;
  private long exact;
  private long adjacent;
  private double differenceSum;

  /**
   * The statistics of the pairs added so far.
   *
   * @param pairs number of pairs
   * @param exact share of pairs with equal totals, 0..1 (NaN without pairs)
   * @param adjacent share of pairs whose totals differ by at most one point
   * @param quadraticWeightedKappa κ_w, NaN when undefined
   * @param meanDifference mean of (first − second)
   */
  public record Result(
      long pairs,
      double exact,
      double adjacent,
      double quadraticWeightedKappa,
      double meanDifference) {}

  /**
   * Adds one pair of marks.
   *
   * @throws IllegalArgumentException for a negative or non-finite mark
   */
  public void add(double first, double second) {
    if (!(first >= 0) || !(second >= 0) || Double.isInfinite(first) || Double.isInfinite(second)) {
      throw new IllegalArgumentException("marks must be finite and >= 0: " + first + ", " + second);
    }
    double d = first - second;
    n++;
    differenceSum += d;
    if (Math.abs(d) <= 1e-9) {
      exact++;
    }
    if (Math.abs(d) <= 1 + 1e-9) {
      adjacent++;
    }
    int i = category(first);
    int j = category(second);
    int needed = Math.max(i, j) + 1;
    if (needed > counts.length) {
      long[][] grown = new long[needed][needed];
      for (int r = 0; r < counts.length; r++) {
        System.arraycopy(counts[r], 0, grown[r], 0, counts.length);
      }
      counts = grown;
    }
    counts[i][j]++;
  }

  /** Adds every pair of another accumulator (for merging per-thread or per-item results). */
  public void addAll(Agreement other) {
    for (int i = 0; i < other.counts.length; i++) {
      for (int j = 0; j < other.counts.length; j++) {
        long c = other.counts[i][j];
        if (c > 0) {
          int needed = Math.max(i, j) + 1;
          if (needed > counts.length) {
            long[][] grown = new long[needed][needed];
            for (int r = 0; r < counts.length; r++) {
              System.arraycopy(counts[r], 0, grown[r], 0, counts.length);
            }
            counts = grown;
          }
          counts[i][j] += c;
        }
      }
    }
    n += other.n;
    exact += other.exact;
    adjacent += other.adjacent;
    differenceSum += other.differenceSum;
  }

  public Result result() {
    if (n == 0) {
      return new Result(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    int k = counts.length;
    double[] rows = new double[k];
    double[] cols = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        rows[i] += counts[i][j];
        cols[j] += counts[i][j];
      }
    }
    double observed = 0;
    double expected = 0;
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        double w = (double) (i - j) * (i - j);
        observed += w * counts[i][j];
        expected += w * rows[i] * cols[j] / n;
      }
    }
    double kappa = expected == 0 ? Double.NaN : 1 - observed / expected;
    return new Result(n, (double) exact / n, (double) adjacent / n, kappa, differenceSum / n);
  }

  private static int category(double mark) {
    return (int) Math.min(MAX_CATEGORY, Math.round(mark));
  }
}
