package kg.exam.scoring.integrity;

/**
 * The sittings of one exam form, as the integrity analyses read them. Arrays are indexed
 * [sitting][item] over the form's items in a fixed order.
 *
 * @param responses each final answer as a category of its item (0, 1, … for the distinct answers
 *     given to it), −1 for no answer or an item whose answers are not categories (essays)
 * @param correct 1 when the final answer earned the item's full score, 0 when not, −1 when unknown
 *     (not scored, human-marked)
 * @param changes 0 when the answer never changed, {@link #CHANGED_TO_WRONG} or {@link
 *     #WRONG_TO_RIGHT} when a first answer was replaced by a different final one; only for items
 *     with a single right answer, where a change to the right answer is a change from a wrong one
 * @param seconds the time the item took (NaN when unknown)
 * @param score each sitting's percentage score
 * @param place each sitting's place (room, station or school) as an index ≥ 0, or −1
 * @param start when each sitting started, epoch milliseconds
 * @param end when each sitting ended, epoch milliseconds (pairs are formed only among sittings of
 *     one place whose times overlap)
 */
public record Cohort(
    int[][] responses,
    byte[][] correct,
    byte[][] changes,
    double[][] seconds,
    double[] score,
    int[] place,
    long[] start,
    long[] end) {

  /** A first answer replaced by a different final answer that is wrong. */
  public static final byte CHANGED_TO_WRONG = 1;

  /** A first answer replaced by the right answer (so the first was wrong). */
  public static final byte WRONG_TO_RIGHT = 2;

  public Cohort {
    int n = responses.length;
    if (correct.length != n
        || changes.length != n
        || seconds.length != n
        || score.length != n
        || place.length != n
        || start.length != n
        || end.length != n) {
      throw new IllegalArgumentException("every array needs one entry per sitting");
    }
    int items = n == 0 ? 0 : responses[0].length;
    for (int j = 0; j < n; j++) {
      if (responses[j].length != items
          || correct[j].length != items
          || changes[j].length != items
          || seconds[j].length != items) {
        throw new IllegalArgumentException("sitting " + j + " does not have " + items + " items");
      }
    }
  }

  /** The number of sittings. */
  public int size() {
    return responses.length;
  }

  /** The number of items. */
  public int items() {
    return responses.length == 0 ? 0 : responses[0].length;
  }
}
