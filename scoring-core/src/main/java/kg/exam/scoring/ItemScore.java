package kg.exam.scoring;

import java.util.Objects;

/**
 * The result of response processing for one item of one sitting. Weights are not applied here:
 * {@code score} is in the item's own points, {@code 0 <= score <= maxScore}.
 *
 * @param itemId the scored item
 * @param score points earned, within {@code [0, maxScore]}
 * @param maxScore the item's maximum points
 * @param outcome the classification of the response
 * @param detail why the response is {@link ItemOutcome#MALFORMED} or needs marking; null otherwise
 */
public record ItemScore(
    String itemId, double score, double maxScore, ItemOutcome outcome, String detail) {

  /**
   * Checks the arguments; throws {@link IllegalArgumentException} or {@link NullPointerException}
   * naming the bad value.
   */
  public ItemScore {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(outcome, "outcome");
    if (!Double.isFinite(maxScore) || maxScore < 0) {
      throw new IllegalArgumentException("maxScore=" + maxScore + " must be finite and >= 0");
    }
    if (!(score >= 0 && score <= maxScore)) {
      throw new IllegalArgumentException(
          "score=" + score + " must lie in [0, maxScore=" + maxScore + "]");
    }
  }
}
