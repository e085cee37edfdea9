package kg.exam.scoring;

import java.util.List;
import java.util.Objects;

/**
 * One item of a form, as response processing sees it. Immutable: lists are copied.
 *
 * @param itemId identifier, unique within the form
 * @param sectionId the section whose total the item counts towards
 * @param type the interaction type, which fixes the response encoding (see {@link ItemScorer})
 * @param maxScore the item's full points, finite and {@code > 0}
 * @param weight multiplier of the item's contribution to test totals, finite and {@code >= 0}
 * @param choiceIds valid identifiers: choices, ordering elements, matching sources, or gap ids;
 *     empty for NUMERIC, SHORT_TEXT, EXTENDED_TEXT (TRUE_FALSE: empty or "true", "false")
 * @param targetIds MATCHING targets; empty otherwise (an empty list for MATCHING means undirected
 *     pairs among {@code choiceIds}, as in QTI associate)
 * @param key the scoring key
 */
public record Item(
    String itemId,
    String sectionId,
    ItemType type,
    double maxScore,
    double weight,
    List<String> choiceIds,
    List<String> targetIds,
    ItemKey key) {

  /**
   * Checks and copies the arguments; throws {@link IllegalArgumentException} or {@link
   * NullPointerException} naming the bad value.
   */
  public Item {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(sectionId, "sectionId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(key, "key");
    if (itemId.isBlank()) {
      throw new IllegalArgumentException("itemId='" + itemId + "' must not be blank");
    }
    if (!(maxScore > 0) || !Double.isFinite(maxScore)) {
      throw new IllegalArgumentException(
          "maxScore=" + maxScore + " must be finite and > 0 (itemId=" + itemId + ")");
    }
    if (!(weight >= 0) || !Double.isFinite(weight)) {
      throw new IllegalArgumentException(
          "weight=" + weight + " must be finite and >= 0 (itemId=" + itemId + ")");
    }
    choiceIds = List.copyOf(Objects.requireNonNull(choiceIds, "choiceIds"));
    targetIds = List.copyOf(Objects.requireNonNull(targetIds, "targetIds"));
  }

  /**
   * A weight-1 item without matching targets, the common case.
   *
   * @param itemId identifier, unique within the form
   * @param sectionId the section whose total the item counts towards
   * @param type the interaction type
   * @param maxScore the item's full points, {@code > 0}
   * @param choiceIds valid identifiers (see the record description)
   * @param key the scoring key
   * @return the item
   */
  public static Item of(
      String itemId,
      String sectionId,
      ItemType type,
      double maxScore,
      List<String> choiceIds,
      ItemKey key) {
    return new Item(itemId, sectionId, type, maxScore, 1.0, choiceIds, List.of(), key);
  }

  /**
   * @return the most this item adds to a weighted test total: {@code maxScore * weight}
   */
  public double weightedMaxScore() {
    return maxScore * weight;
  }
}
