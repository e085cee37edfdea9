package kg.exam.scoring.batch;

import java.util.List;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.SittingScore;

/**
 * Results of the general batch path, columnar: cell {@code (candidate, item)} at {@code candidate *
 * itemCount + item}. Read-only after construction.
 */
public final class BatchResult {

  private static final ItemOutcome[] OUTCOMES = ItemOutcome.values();

  private final PreparedForm form;
  private final double[] itemScores;
  private final byte[] outcomes;
  private final double[] rawTotals;
  private final List<MalformedResponse> malformed;

  BatchResult(
      PreparedForm form,
      double[] itemScores,
      byte[] outcomes,
      double[] rawTotals,
      List<MalformedResponse> malformed) {
    this.form = form;
    this.itemScores = itemScores;
    this.outcomes = outcomes;
    this.rawTotals = rawTotals;
    this.malformed = List.copyOf(malformed);
  }

  /**
   * @return the form the sittings were scored against
   */
  public PreparedForm form() {
    return form;
  }

  /**
   * @return candidates scored
   */
  public int candidateCount() {
    return rawTotals.length;
  }

  /**
   * @return items per candidate
   */
  public int itemCount() {
    return form.itemCount();
  }

  /**
   * Returns the item's unweighted score.
   *
   * @param candidate row
   * @param item column
   * @return the item's unweighted score
   */
  public double itemScore(int candidate, int item) {
    return itemScores[candidate * form.itemCount() + item];
  }

  /**
   * Returns the item's outcome.
   *
   * @param candidate row
   * @param item column
   * @return the item's outcome
   */
  public ItemOutcome outcome(int candidate, int item) {
    return OUTCOMES[outcomes[candidate * form.itemCount() + item]];
  }

  /**
   * Returns the weighted total.
   *
   * @param candidate row
   * @return the weighted total
   */
  public double rawTotal(int candidate) {
    return rawTotals[candidate];
  }

  /**
   * @return all weighted totals (a copy)
   */
  public double[] rawTotals() {
    return rawTotals.clone();
  }

  /**
   * @return each candidate's unweighted total, the sum of its item scores (the total item analysis
   *     uses)
   */
  public double[] unweightedTotals() {
    int items = form.itemCount();
    double[] totals = new double[rawTotals.length];
    for (int c = 0; c < totals.length; c++) {
      double total = 0;
      for (int i = 0; i < items; i++) {
        total += itemScores[c * items + i];
      }
      totals[c] = total;
    }
    return totals;
  }

  /**
   * @return all unweighted item scores, candidate-major (a copy)
   */
  public double[] itemScores() {
    return itemScores.clone();
  }

  /**
   * @return malformed responses in candidate then item order
   */
  public List<MalformedResponse> malformed() {
    return malformed;
  }

  /**
   * @param candidate row
   * @return the candidate's full sitting score, equal to {@link
   *     PreparedForm#scoreInFormOrder(List)} for the same responses except that MALFORMED details
   *     are in {@link #malformed()}
   */
  public SittingScore sittingScore(int candidate) {
    int items = form.itemCount();
    ItemScore[] scores = new ItemScore[items];
    for (int i = 0; i < items; i++) {
      Item item = form.item(i).item();
      ItemOutcome outcome = outcome(candidate, i);
      scores[i] =
          new ItemScore(
              item.itemId(),
              itemScore(candidate, i),
              item.maxScore(),
              outcome,
              detailOf(candidate, i, outcome));
    }
    return form.summarize(scores);
  }

  private String detailOf(int candidate, int item, ItemOutcome outcome) {
    if (outcome == ItemOutcome.NEEDS_HUMAN_MARKING) {
      return form.item(item).score(List.of("-")).detail();
    }
    if (outcome != ItemOutcome.MALFORMED) {
      return null;
    }
    for (MalformedResponse response : malformed) {
      if (response.candidateIndex() == candidate && response.itemIndex() == item) {
        return response.detail();
      }
    }
    return "malformed";
  }
}
