package kg.exam.scoring;

import java.util.List;
import java.util.Optional;

/**
 * QTI 2.1 response processing for one item. Stateless and thread-safe. For repeated scoring of the
 * same item, {@link #prepare(Item)} once and reuse the {@link PreparedItem}.
 *
 * <p>Response encoding, a list of strings per item (the same encoding as {@link
 * ItemKey#correct()}):
 *
 * <table>
 * <caption>Responses by item type</caption>
 * <tr><th>type</th><th>response</th><th>example</th></tr>
 * <tr><td>SINGLE_CHOICE</td><td>one choice id</td><td>{@code ["B"]}</td></tr>
 * <tr><td>MULTIPLE_RESPONSE</td><td>distinct choice ids, any order</td><td>{@code ["A", "C"]}</td></tr>
 * <tr><td>TRUE_FALSE</td><td>"true" or "false" (any case)</td><td>{@code ["false"]}</td></tr>
 * <tr><td>NUMERIC</td><td>one decimal, point or comma</td><td>{@code ["3,5"]}</td></tr>
 * <tr><td>SHORT_TEXT</td><td>one text</td><td>{@code ["Бишкек"]}</td></tr>
 * <tr><td>ORDERING</td><td>distinct element ids in the order given</td><td>{@code ["C", "A", "B"]}</td></tr>
 * <tr><td>MATCHING</td><td>distinct pairs "source target"</td><td>{@code ["A 2", "B 1"]}</td></tr>
 * <tr><td>GAP</td><td>"gapId=value", at most one per gap; missing gaps are unanswered</td><td>{@code ["g1=Нарын", "g2=Чүй"]}</td></tr>
 * <tr><td>EXTENDED_TEXT</td><td>one text</td><td>{@code ["..."]}</td></tr>
 * </table>
 *
 * Null, an empty list, or only blank values is unanswered and scores 0 (the QTI templates'
 * default); blank values beside others are ignored. Identifiers are compared after trimming. A
 * response that does not fit (wrong number of values, unknown id, a value given twice, more pairs
 * than {@code maxAssociations}, an unparsable number) is {@link ItemOutcome#MALFORMED}, scores 0
 * and says why.
 *
 * <p>Scores: match_correct gives {@code maxScore} or 0; map_response sums mapped points, applies
 * the key's bounds; every score is then clamped to {@code [0, maxScore]}. ORDERING with partial
 * credit earns {@code maxScore * k / (n - 1)} for k of the n - 1 adjacent pairs of the correct
 * order that the response keeps in the right relative order (key C A B, response C B A: C before A
 * holds, A before B does not, so half). GAP without mapping earns {@code maxScore / gaps} per gap
 * whose value matches an accepted value after {@link TextNormalizer normalisation}; with mapping,
 * the sum of mapped points per answered gap, bounded. SHORT_TEXT accepts each {@code correct}
 * answer for {@code maxScore} unless the mapping gives it other points; unlisted answers earn
 * {@code mappingDefault} (with a mapping) or 0.
 */
public final class ItemScorer {

  private ItemScorer() {}

  /**
   * Compiles an item's key for repeated scoring.
   *
   * @param item the item
   * @return the prepared item, immutable and thread-safe
   */
  public static PreparedItem prepare(Item item) {
    return new PreparedItem(item);
  }

  /**
   * Scores one response. Never throws on a bad response: it comes back {@link
   * ItemOutcome#MALFORMED} with a one-line {@code detail}.
   *
   * @param item the item
   * @param response the response values; null or empty means unanswered
   * @return the item score, {@code 0 <= score <= item.maxScore()}
   */
  public static ItemScore score(Item item, List<String> response) {
    return prepare(item).score(response);
  }

  /**
   * @param item the item
   * @param response the response values
   * @return empty if the response has an acceptable shape (an unanswered one does), else a one-line
   *     human reason, e.g. {@code "unknown choice 'E'"}
   */
  public static Optional<String> checkResponse(Item item, List<String> response) {
    return prepare(item).checkResponse(response);
  }

  /**
   * Authoring validation: is the key consistent with the type and the choices?
   *
   * @param item the item
   * @return problems, one line each, e.g. {@code "correct names unknown choice 'E'"}; empty when
   *     consistent
   */
  public static List<String> checkItem(Item item) {
    return ItemChecks.check(item);
  }
}
