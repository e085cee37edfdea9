package kg.exam.scoring.analysis;

import java.util.List;

/**
 * Classical test statistics over unweighted totals (the sum of item scores). Population moments.
 *
 * @param candidateCount candidates analysed
 * @param itemCount items
 * @param meanTotal mean test total
 * @param standardDeviation population standard deviation of the totals
 * @param minTotal lowest total (NaN with no candidates)
 * @param maxTotal highest total (NaN with no candidates)
 * @param alpha Cronbach's alpha {@code k/(k-1) * (1 - sum(item variances) / total variance)};
 *     equals KR-20 when {@code dichotomous}
 * @param dichotomous whether every item score was 0 or the item's maximum
 * @param standardErrorOfMeasurement {@code standardDeviation * sqrt(1 - alpha)}
 * @param groupSize candidates in each of the upper and lower groups: {@code round(0.27 * N)}, ties
 *     at the cut broken by input order (lower group: earliest rows, upper group: latest rows)
 * @param distribution histogram of totals
 * @param items per-item statistics in form order
 */
public record TestAnalysis(
    int candidateCount,
    int itemCount,
    double meanTotal,
    double standardDeviation,
    double minTotal,
    double maxTotal,
    double alpha,
    boolean dichotomous,
    double standardErrorOfMeasurement,
    int groupSize,
    ScoreDistribution distribution,
    List<ItemStatistics> items) {

  /** Copies the items. */
  public TestAnalysis {
    items = List.copyOf(items);
  }

  /**
   * @return KR-20, which is {@link #alpha()} for dichotomous items, NaN otherwise
   */
  public double kr20() {
    return dichotomous ? alpha : Double.NaN;
  }
}
