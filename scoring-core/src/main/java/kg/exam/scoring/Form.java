package kg.exam.scoring;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A test form: its items in delivery order and the policy that grades it. Immutable.
 *
 * @param formId identifier of the form
 * @param items at least one item, unique ids, with a positive weighted maximum in total
 * @param policy pass threshold, grade scale, withholding rule
 */
public record Form(String formId, List<Item> items, ScoringPolicy policy) {

  /**
   * Checks and copies the arguments; throws {@link IllegalArgumentException} or {@link
   * NullPointerException} naming the bad value.
   */
  public Form {
    Objects.requireNonNull(formId, "formId");
    Objects.requireNonNull(policy, "policy");
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    if (items.isEmpty()) {
      throw new IllegalArgumentException(
          "items=[] must hold at least one item (formId=" + formId + ")");
    }
    Set<String> seen = new HashSet<>();
    double weightedMax = 0;
    for (Item item : items) {
      if (!seen.add(item.itemId())) {
        throw new IllegalArgumentException(
            "itemId=" + item.itemId() + " occurs twice (formId=" + formId + ")");
      }
      weightedMax += item.weightedMaxScore();
    }
    if (!(weightedMax > 0)) {
      throw new IllegalArgumentException(
          "weighted maxTotal=" + weightedMax + " must be > 0 (formId=" + formId + ")");
    }
  }

  /**
   * @return the weighted maximum total: the sum of {@code maxScore * weight}
   */
  public double maxTotal() {
    double total = 0;
    for (Item item : items) {
      total += item.weightedMaxScore();
    }
    return total;
  }

  /**
   * @return the weighted maximum per section, in order of first appearance
   */
  public Map<String, Double> sectionMaxTotals() {
    Map<String, Double> totals = new LinkedHashMap<>();
    for (Item item : items) {
      totals.merge(item.sectionId(), item.weightedMaxScore(), Double::sum);
    }
    return java.util.Collections.unmodifiableMap(totals);
  }
}
