package kg.exam.scoring.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.scoring.Form;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.ScoringPolicy;
import kg.exam.scoring.SittingScore;

/**
 * Per-candidate results of the columnar path, indexed by the candidate's row in the {@link
 * ResponseMatrix}. Read-only after construction; the accessors return copies or single values.
 */
public final class KeyedBatchResult {

  private final KeyedForm form;
  private final int[] numberCorrect;
  private final int[] unanswered;
  private final int[] malformed;
  private final double[] rawTotals;
  private final double maxTotal;

  KeyedBatchResult(
      KeyedForm form, int[] numberCorrect, int[] unanswered, int[] malformed, double[] rawTotals) {
    this.form = form;
    this.numberCorrect = numberCorrect;
    this.unanswered = unanswered;
    this.malformed = malformed;
    this.rawTotals = rawTotals;
    this.maxTotal = form.form().maxTotal();
  }

  /**
   * @return rows scored
   */
  public int candidateCount() {
    return numberCorrect.length;
  }

  /**
   * Returns items answered correctly.
   *
   * @param candidate row
   * @return items answered correctly
   */
  public int numberCorrect(int candidate) {
    return numberCorrect[candidate];
  }

  /**
   * Returns items left unanswered.
   *
   * @param candidate row
   * @return items left unanswered
   */
  public int unansweredCount(int candidate) {
    return unanswered[candidate];
  }

  /**
   * Returns malformed cells (scored 0).
   *
   * @param candidate row
   * @return malformed cells (scored 0)
   */
  public int malformedCount(int candidate) {
    return malformed[candidate];
  }

  /**
   * Returns weighted total.
   *
   * @param candidate row
   * @return weighted total
   */
  public double rawTotal(int candidate) {
    return rawTotals[candidate];
  }

  /**
   * @return the weighted maximum
   */
  public double maxTotal() {
    return maxTotal;
  }

  /**
   * @param candidate row @return {@code 100 * rawTotal / maxTotal}
   */
  public double percentage(int candidate) {
    return Math.min(100.0, 100.0 * rawTotals[candidate] / maxTotal);
  }

  /**
   * Returns whether the policy's pass threshold is reached.
   *
   * @param candidate row
   * @return whether the policy's pass threshold is reached
   */
  public boolean passed(int candidate) {
    return form.form().policy().passes(percentage(candidate));
  }

  /**
   * Returns the policy's grade.
   *
   * @param candidate row
   * @return the policy's grade
   */
  public int grade(int candidate) {
    return form.form().policy().gradeScale().gradeFor(percentage(candidate));
  }

  /**
   * Returns whether the grade is withheld from the e-journal.
   *
   * @param candidate row
   * @return whether the grade is withheld from the e-journal
   */
  public boolean gradeWithheld(int candidate) {
    return form.form().policy().withholds(grade(candidate));
  }

  /**
   * @return all candidates' weighted totals (a copy)
   */
  public double[] rawTotals() {
    return rawTotals.clone();
  }

  /**
   * @return all candidates' numbers correct (a copy)
   */
  public int[] numberCorrect() {
    return numberCorrect.clone();
  }

  /**
   * @return malformed cells over all candidates
   */
  public long totalMalformed() {
    long total = 0;
    for (int count : malformed) {
      total += count;
    }
    return total;
  }

  /**
   * Materialises one candidate's full {@link SittingScore}, equal to what {@link
   * kg.exam.scoring.FormScorer} gives for the same responses up to binary rounding of non-integer
   * totals (malformed cells carry a generic detail).
   *
   * @param responses the matrix that was scored
   * @param candidate row
   * @return the sitting score
   */
  public SittingScore sittingScore(ResponseMatrix responses, int candidate) {
    Form f = form.form();
    ScoringPolicy policy = f.policy();
    byte[] key = form.keyChoiceIndexes();
    byte[] counts = form.choiceCounts();
    List<ItemScore> scores = new ArrayList<>(f.items().size());
    Map<String, Double> sections = new LinkedHashMap<>();
    for (int i = 0; i < f.items().size(); i++) {
      Item item = f.items().get(i);
      byte cell = responses.cell(candidate, i);
      ItemScore score;
      if (cell == KeyedForm.UNANSWERED) {
        score = new ItemScore(item.itemId(), 0, item.maxScore(), ItemOutcome.UNANSWERED, null);
      } else if ((cell & 0xFF) >= counts[i]) {
        score =
            new ItemScore(
                item.itemId(),
                0,
                item.maxScore(),
                ItemOutcome.MALFORMED,
                "cell value " + (cell & 0xFF) + " is not a choice");
      } else if (cell == key[i]) {
        score =
            new ItemScore(
                item.itemId(), item.maxScore(), item.maxScore(), ItemOutcome.CORRECT, null);
      } else {
        score = new ItemScore(item.itemId(), 0, item.maxScore(), ItemOutcome.INCORRECT, null);
      }
      scores.add(score);
      sections.merge(item.sectionId(), score.score() * item.weight(), Double::sum);
    }
    double percentage = percentage(candidate);
    int grade = grade(candidate);
    return new SittingScore(
        scores,
        rawTotals[candidate],
        maxTotal,
        sections,
        percentage,
        policy.passes(percentage),
        grade,
        policy.withholds(grade),
        false);
  }
}
