package kg.exam.contract.exam;

import java.util.List;
import java.util.Map;

/**
 * The scoring key of one item: an IMS QTI response declaration with its processing template.
 * Responses and keys use the same string encoding: a choice id; "source target" for a matched pair;
 * "gapId=value" for a gap; the order given for ordering items; the text for text entry.
 *
 * @param correct correct values (for numeric and short text: every accepted answer)
 * @param mapping map_response points per value; empty means the match_correct template
 * @param mappingDefault points for a value that the mapping does not list
 * @param lowerBound floor of a mapped score, or {@code null}
 * @param upperBound cap of a mapped score, or {@code null}
 * @param partialCredit multiple response: score by the mapping; ordering: credit per adjacent pair
 * @param absoluteTolerance numeric entry: accepted absolute distance, 0 or more
 * @param relativeTolerance numeric entry: accepted relative distance as a fraction (0.01 = 1 %)
 * @param caseSensitive text entry: compare case
 * @param kyrgyzLetterFolding text entry: accept н о у typed for ң ө ү
 * @param maxAssociations matching: most pairs a response may hold, 0 = unlimited
 * @param rubric extended text: criteria for human marking
 */
public record ItemKey(
    List<String> correct,
    Map<String, Double> mapping,
    double mappingDefault,
    Double lowerBound,
    Double upperBound,
    boolean partialCredit,
    double absoluteTolerance,
    double relativeTolerance,
    boolean caseSensitive,
    boolean kyrgyzLetterFolding,
    int maxAssociations,
    List<RubricCriterion> rubric) {

  public ItemKey {
    correct = correct == null ? List.of() : List.copyOf(correct);
    mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    rubric = rubric == null ? List.of() : List.copyOf(rubric);
  }

  /** The key of an item marked by people against {@code rubric} (extended text). */
  public static ItemKey ofRubric(List<RubricCriterion> rubric) {
    return new ItemKey(List.of(), Map.of(), 0, null, null, false, 0, 0, false, false, 0, rubric);
  }

  /** A key for the match_correct template: the response must equal {@code correct}. */
  public static ItemKey matchCorrect(List<String> correct) {
    return new ItemKey(correct, Map.of(), 0, null, null, false, 0, 0, false, false, 0, List.of());
  }
}
