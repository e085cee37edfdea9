package kg.exam.scoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A form with every item prepared for repeated scoring. Immutable and thread-safe: prepare once per
 * form (and per key amendment), share across threads.
 */
public final class PreparedForm {

  private final Form form;
  private final PreparedItem[] items;
  private final Map<String, Integer> itemIndex;
  private final String[] sectionIds;
  private final int[] sectionOfItem;
  private final double[] weights;
  private final double maxTotal;

  PreparedForm(Form form) {
    this.form = Objects.requireNonNull(form, "form");
    int count = form.items().size();
    this.items = new PreparedItem[count];
    this.weights = new double[count];
    this.sectionOfItem = new int[count];
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> sections = new LinkedHashMap<>();
    double max = 0;
    for (int i = 0; i < count; i++) {
      Item item = form.items().get(i);
      items[i] = new PreparedItem(item);
      weights[i] = item.weight();
      index.put(item.itemId(), i);
      sectionOfItem[i] = sections.computeIfAbsent(item.sectionId(), s -> sections.size());
      max += item.weightedMaxScore();
    }
    this.itemIndex = Map.copyOf(index);
    this.sectionIds = sections.keySet().toArray(String[]::new);
    this.maxTotal = max;
  }

  /**
   * @return the form this was prepared from
   */
  public Form form() {
    return form;
  }

  /**
   * @return the number of items
   */
  public int itemCount() {
    return items.length;
  }

  /**
   * @param itemIndex position of the item in the form, 0-based
   * @return the prepared item
   */
  public PreparedItem item(int itemIndex) {
    return items[itemIndex];
  }

  /**
   * @param itemId an item id
   * @return the item's 0-based position in the form, or -1 when the form has no such item
   */
  public int indexOf(String itemId) {
    Integer index = itemIndex.get(itemId);
    return index == null ? -1 : index;
  }

  /**
   * Scores one sitting given by item id. Bad responses come back MALFORMED, never thrown.
   *
   * @param responsesByItemId responses by item id; an item without an entry is unanswered
   * @return the sitting score
   * @throws IllegalArgumentException if a response names an item the form does not have (a caller
   *     error, not a malformed response)
   */
  public SittingScore score(Map<String, List<String>> responsesByItemId) {
    Objects.requireNonNull(responsesByItemId, "responsesByItemId");
    for (String itemId : responsesByItemId.keySet()) {
      if (!itemIndex.containsKey(itemId)) {
        throw new IllegalArgumentException(
            "itemId=" + itemId + " is not on formId=" + form.formId());
      }
    }
    ItemScore[] scores = new ItemScore[items.length];
    for (int i = 0; i < items.length; i++) {
      scores[i] = items[i].score(responsesByItemId.get(items[i].item().itemId()));
    }
    return summarize(scores);
  }

  /**
   * Scores one sitting given in form order, the batch layout.
   *
   * @param responsesInFormOrder one response per item, in form order; null entries are unanswered
   * @return the sitting score
   * @throws IllegalArgumentException if the list does not hold one entry per item
   */
  public SittingScore scoreInFormOrder(List<List<String>> responsesInFormOrder) {
    Objects.requireNonNull(responsesInFormOrder, "responsesInFormOrder");
    if (responsesInFormOrder.size() != items.length) {
      throw new IllegalArgumentException(
          "responsesInFormOrder.size="
              + responsesInFormOrder.size()
              + " must equal itemCount="
              + items.length
              + " (formId="
              + form.formId()
              + ")");
    }
    ItemScore[] scores = new ItemScore[items.length];
    for (int i = 0; i < items.length; i++) {
      scores[i] = items[i].score(responsesInFormOrder.get(i));
    }
    return summarize(scores);
  }

  /**
   * Totals, percentage, pass, grade and withholding for per-item scores in form order.
   *
   * @param scores one score per item, in form order
   * @return the sitting score
   */
  public SittingScore summarize(ItemScore[] scores) {
    if (scores.length != items.length) {
      throw new IllegalArgumentException(
          "scores.length=" + scores.length + " must equal itemCount=" + items.length);
    }
    double[] sectionTotals = new double[sectionIds.length];
    double rawTotal = 0;
    boolean needsHumanMarking = false;
    for (int i = 0; i < scores.length; i++) {
      double contribution = scores[i].score() * weights[i];
      rawTotal += contribution;
      sectionTotals[sectionOfItem[i]] += contribution;
      needsHumanMarking |= scores[i].outcome() == ItemOutcome.NEEDS_HUMAN_MARKING;
    }
    Map<String, Double> sections = new LinkedHashMap<>();
    for (int s = 0; s < sectionIds.length; s++) {
      sections.put(sectionIds[s], sectionTotals[s]);
    }
    double percentage = Math.min(100.0, 100.0 * rawTotal / maxTotal);
    ScoringPolicy policy = form.policy();
    int grade = policy.gradeScale().gradeFor(percentage);
    return new SittingScore(
        new ArrayList<>(Arrays.asList(scores)),
        rawTotal,
        maxTotal,
        sections,
        percentage,
        policy.passes(percentage),
        grade,
        policy.withholds(grade),
        needsHumanMarking);
  }

  /**
   * @return the weighted maximum total
   */
  public double maxTotal() {
    return maxTotal;
  }

  /**
   * @return item weights in form order (a copy)
   */
  public double[] weights() {
    return weights.clone();
  }
}
