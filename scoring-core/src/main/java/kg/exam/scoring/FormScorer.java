package kg.exam.scoring;

import java.util.List;
import java.util.Map;

/**
 * Scores a whole sitting of a form. Stateless and thread-safe. For many sittings of one form,
 * {@link #prepare(Form)} once (or use the batch scorers).
 *
 * <p>Example with the default policy: two items of maxScore 1, weights 1 and 3, the second answered
 * correctly: rawTotal 3, maxTotal 4, percentage 75, passed, grade 4.
 */
public final class FormScorer {

  private FormScorer() {}

  /**
   * @param form the form
   * @return the form with every item prepared, immutable and thread-safe
   */
  public static PreparedForm prepare(Form form) {
    return new PreparedForm(form);
  }

  /**
   * Scores one sitting. Bad responses come back MALFORMED in the item scores, never thrown.
   *
   * @param form the form
   * @param responsesByItemId responses by item id; a missing item is unanswered
   * @return the sitting score; item contributions are {@code score * weight}
   * @throws IllegalArgumentException if a response names an item the form does not have
   */
  public static SittingScore score(Form form, Map<String, List<String>> responsesByItemId) {
    return prepare(form).score(responsesByItemId);
  }
}
