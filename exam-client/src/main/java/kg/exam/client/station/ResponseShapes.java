package kg.exam.client.station;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import kg.exam.contract.exam.Choice;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemScorer;
import kg.exam.scoring.ItemType;

/**
 * The command side's shape check of a response ({@code malformed-response}: a choice id not among
 * the item's choices, a second value for a single choice, a number that does not parse, a gap or a
 * matching end the item does not have...), made with the package's paper only. scoring-core's
 * {@link ItemScorer#checkResponse} reads the key for two things only, which a station does not
 * have: the elements of an ORDERING item and the gaps of a GAP item whose paper lists none (then
 * the station accepts the response and scoring marks a bad one MALFORMED, as before), and a
 * MATCHING item's {@code maxAssociations} (not checked here). Everything else is checked against a
 * neutral key, which the shape does not depend on.
 */
final class ResponseShapes {
  private static final ItemKey NEUTRAL =
      new ItemKey(
          List.of(), Map.of(), 0.0, null, null, false, 0.0, 0.0, false, false, 0, List.of());

  private ResponseShapes() {}

  /**
   * Refuses a response that does not fit the item, as the command side does when online.
   *
   * @throws StationProblem {@code malformed-response} (422) with the reason
   */
  static void check(PackageItem item, List<String> response) {
    if (response.isEmpty()) {
      return; // unanswered (a cleared answer) fits every item
    }
    reason(item, response)
        .ifPresent(
            reason -> {
              throw new StationProblem(
                  "malformed-response",
                  422,
                  "Malformed response",
                  "Item " + item.itemId() + ": " + reason);
            });
  }

  /** Why the response does not fit the item, when the paper alone can tell. */
  static Optional<String> reason(PackageItem item, List<String> response) {
    ItemType type;
    try {
      type = ItemType.valueOf(item.type());
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty(); // a type this station does not know: the command side judges it
    }
    List<String> choiceIds = item.choices().stream().map(Choice::id).toList();
    if (choiceIds.isEmpty() && (type == ItemType.ORDERING || type == ItemType.GAP)) {
      return Optional.empty(); // the key would name the elements or gaps
    }
    Item scored =
        new Item(
            item.itemId(),
            item.sectionId() == null ? "-" : item.sectionId(),
            type,
            item.maxScore() > 0 ? item.maxScore() : 1.0,
            1.0,
            choiceIds,
            item.targets().stream().map(Choice::id).toList(),
            // an ORDERING key names a complete order (scoring indexes it by response position)
            type == ItemType.ORDERING ? ItemKey.matchCorrect(choiceIds) : NEUTRAL);
    return ItemScorer.checkResponse(scored, response);
  }
}
