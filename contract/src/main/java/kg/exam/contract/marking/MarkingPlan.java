package kg.exam.contract.marking;

import java.util.Map;

/**
 * How a session's human-marked items are marked.
 *
 * @param doubleMarkingShare share of scripts marked independently twice, 0..1 (1 for high stakes)
 * @param defaultTolerance largest difference between two marks' rubric totals that needs no
 *     adjudication, for items not in {@code itemTolerances}
 * @param itemTolerances tolerance per item id
 * @param resolution ADJUDICATOR (a disputed script takes the chief marker's mark) or
 *     CLOSEST_PAIR_MEAN (the mean of the closest two of the three marks)
 */
public record MarkingPlan(
    double doubleMarkingShare,
    double defaultTolerance,
    Map<String, Double> itemTolerances,
    String resolution) {

  public MarkingPlan {
    itemTolerances = itemTolerances == null ? Map.of() : Map.copyOf(itemTolerances);
  }

  /** The plan of a session that configured none: every script twice, one point, adjudicator. */
  public static MarkingPlan defaults() {
    return new MarkingPlan(1.0, 1.0, Map.of(), "ADJUDICATOR");
  }

  /** The tolerance of an item. */
  public double toleranceFor(String itemId) {
    Double t = itemTolerances.get(itemId);
    return t == null ? defaultTolerance : t;
  }
}
