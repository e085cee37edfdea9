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
 * @param seedRate share of a marker's allocations that are seeded scripts (a definitive mark is
 *     known), 0..1; null for 0
 * @param seedTolerance a marker whose seed marks differ from the definitive ones by more than this
 *     on average (mean absolute difference, rubric points) is flagged; null for 1
 * @param seedMinimum seed marks needed before a marker can be flagged; null for 3
 */
public record MarkingPlan(
    double doubleMarkingShare,
    double defaultTolerance,
    Map<String, Double> itemTolerances,
    String resolution,
    Double seedRate,
    Double seedTolerance,
    Integer seedMinimum) {

  public MarkingPlan {
    itemTolerances = itemTolerances == null ? Map.of() : Map.copyOf(itemTolerances);
    seedRate = seedRate == null ? 0.0 : seedRate;
    seedTolerance = seedTolerance == null ? 1.0 : seedTolerance;
    seedMinimum = seedMinimum == null ? 3 : seedMinimum;
  }

  /** A plan without seeded scripts. */
  public MarkingPlan(
      double doubleMarkingShare,
      double defaultTolerance,
      Map<String, Double> itemTolerances,
      String resolution) {
    this(doubleMarkingShare, defaultTolerance, itemTolerances, resolution, null, null, null);
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
