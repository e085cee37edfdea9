package kg.exam.scoring.batch;

import java.util.Objects;

/**
 * A response the batch path could not score, reported instead of thrown.
 *
 * @param candidateIndex 0-based row of the sitting in the batch input
 * @param itemIndex 0-based position of the item in the form
 * @param itemId the item
 * @param detail one-line reason
 */
public record MalformedResponse(int candidateIndex, int itemIndex, String itemId, String detail) {

  /** Checks the arguments; throws naming the bad value. */
  public MalformedResponse {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(detail, "detail");
    if (candidateIndex < 0 || itemIndex < 0) {
      throw new IllegalArgumentException(
          "candidateIndex=" + candidateIndex + ", itemIndex=" + itemIndex + " must be >= 0");
    }
  }
}
