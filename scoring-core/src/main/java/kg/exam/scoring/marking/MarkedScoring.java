package kg.exam.scoring.marking;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.RubricCriterion;
import kg.exam.scoring.SittingScore;

/**
 * Scores a sitting with the human marks it has: response processing for every item, then each
 * human-marked item that has a final mark scores that mark, scaled from its rubric's points to the
 * item's own points ({@code total / rubricMax × maxScore}). Items still waiting for a mark stay
 * {@link ItemOutcome#NEEDS_HUMAN_MARKING} with 0 points, so the sitting still needs marking.
 */
public final class MarkedScoring {
  private MarkedScoring() {}

  /**
   * @param form the prepared form
   * @param responsesByItemId the sitting's final responses
   * @param finalMarks final rubric totals by item id (only human-marked items are read)
   * @return the sitting score
   * @throws IllegalArgumentException if a final mark lies outside the item's rubric points
   */
  public static SittingScore score(
      PreparedForm form,
      Map<String, List<String>> responsesByItemId,
      Map<String, Double> finalMarks) {
    Objects.requireNonNull(finalMarks, "finalMarks");
    SittingScore base = form.score(responsesByItemId);
    if (finalMarks.isEmpty()) {
      return base;
    }
    ItemScore[] scores = base.items().toArray(new ItemScore[0]);
    for (int i = 0; i < scores.length; i++) {
      Double total = finalMarks.get(scores[i].itemId());
      if (total != null && scores[i].outcome() == ItemOutcome.NEEDS_HUMAN_MARKING) {
        scores[i] = marked(form.item(i).item(), total);
      }
    }
    return form.summarize(scores);
  }

  /** The points a rubric adds up to; an item without a rubric is marked on its own points. */
  public static double rubricMax(Item item) {
    List<RubricCriterion> rubric = item.key().rubric();
    if (rubric.isEmpty()) {
      return item.maxScore();
    }
    double max = 0;
    for (RubricCriterion c : rubric) {
      max += c.maxPoints();
    }
    return max;
  }

  /** The item score of a final rubric total. */
  public static ItemScore marked(Item item, double total) {
    double rubricMax = rubricMax(item);
    if (!(total >= 0 && total <= rubricMax + 1e-9)) {
      throw new IllegalArgumentException(
          "mark " + total + " of item " + item.itemId() + " is not in [0, " + rubricMax + "]");
    }
    double points =
        rubricMax == 0 ? 0 : Math.min(item.maxScore(), total / rubricMax * item.maxScore());
    ItemOutcome outcome =
        points <= 0
            ? ItemOutcome.INCORRECT
            : points >= item.maxScore() ? ItemOutcome.CORRECT : ItemOutcome.PARTIAL;
    return new ItemScore(item.itemId(), points, item.maxScore(), outcome, null);
  }
}
