package kg.exam.contract.exam;

import java.util.List;

/**
 * One item of an exam form: what the candidate sees and how it is scored.
 *
 * @param itemId unique within the form
 * @param sectionId the section it belongs to
 * @param type one of SINGLE_CHOICE, MULTIPLE_RESPONSE, TRUE_FALSE, NUMERIC, SHORT_TEXT, ORDERING,
 *     MATCHING, GAP, EXTENDED_TEXT
 * @param maxScore the most points the item can earn
 * @param weight multiplier of the item's score in the total (1 for unweighted forms)
 * @param prompt the question text, in the language of the form
 * @param choices choices, ordering elements, matching sources or gaps
 * @param targets matching targets (empty for other types)
 * @param key the scoring key; never shown to candidates
 */
public record ItemDefinition(
    String itemId,
    String sectionId,
    String type,
    double maxScore,
    double weight,
    String prompt,
    List<Choice> choices,
    List<Choice> targets,
    ItemKey key) {

  public ItemDefinition {
    choices = choices == null ? List.of() : List.copyOf(choices);
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  /** The same item with another key. */
  public ItemDefinition withKey(ItemKey newKey) {
    return new ItemDefinition(
        itemId, sectionId, type, maxScore, weight, prompt, choices, targets, newKey);
  }

  /** This item with weight 0: it counts for nothing in any total (excluded from scoring). */
  public ItemDefinition excludedFromScoring() {
    return new ItemDefinition(itemId, sectionId, type, maxScore, 0, prompt, choices, targets, key);
  }
}
