package kg.exam.scoring.analysis;

import java.util.List;

/**
 * Classical statistics of one item. Variances and covariances are population moments (divided by
 * N). Undefined values (an item everybody answered alike, fewer than three items) are NaN.
 *
 * @param itemId the item
 * @param maxScore the item's maximum points
 * @param meanScore mean item score
 * @param difficulty {@code meanScore / maxScore}: the p-value for dichotomous items (share correct)
 * @param itemTotalCorrelation Pearson correlation of item score and test total (point-biserial for
 *     dichotomous items)
 * @param itemRestCorrelation corrected item-total correlation: with the total of the other items
 * @param alphaIfDeleted Cronbach's alpha of the test without this item
 * @param options distractor analysis for choice items (options in choice order, then unanswered
 *     and, if any, malformed); empty for other items
 */
public record ItemStatistics(
    String itemId,
    double maxScore,
    double meanScore,
    double difficulty,
    double itemTotalCorrelation,
    double itemRestCorrelation,
    double alphaIfDeleted,
    List<OptionStatistics> options) {

  /** Copies the options. */
  public ItemStatistics {
    options = List.copyOf(options);
  }
}
