package kg.exam.command.marking;

import java.util.List;
import java.util.Map;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.marking.MarkScript;

/** The rules every mark follows, of a script, a seeded script or a re-mark on appeal. */
public final class RubricMarks {
  private RubricMarks() {}

  /**
   * Checks a mark against its rubric and returns its total: exactly the rubric's criteria, each
   * finite and within its points; the rubric adding up to the points the script was opened with; a
   * comment of at most {@value MarkScript#MAX_COMMENT} characters.
   *
   * @param rubric the item's rubric at the mark's key version; empty for an item without rubric,
   *     marked with the single criterion {@value MarkScript#TOTAL} out of {@code rubricMax}
   * @throws RuleViolation {@code invalid-mark}
   */
  public static double total(
      List<RubricCriterion> rubric,
      Map<String, Double> criterionScores,
      double rubricMax,
      int keyVersion,
      String comment) {
    List<RubricCriterion> criteria =
        rubric == null || rubric.isEmpty()
            ? List.of(new RubricCriterion(MarkScript.TOTAL, MarkScript.TOTAL, rubricMax))
            : rubric;
    Map<String, Double> points = criterionScores == null ? Map.of() : criterionScores;
    double max = 0;
    double total = 0;
    for (RubricCriterion c : criteria) {
      max += c.maxPoints();
      Double p = points.get(c.criterionId());
      if (p == null || !(p >= 0 && p <= c.maxPoints())) {
        throw new RuleViolation(
            ProblemType.INVALID_MARK,
            "Criterion "
                + c.criterionId()
                + " needs points from 0 to "
                + c.maxPoints()
                + (p == null ? "; none given." : "; given " + p + "."));
      }
      total += p;
    }
    for (String id : points.keySet()) {
      if (criteria.stream().noneMatch(c -> c.criterionId().equals(id))) {
        throw new RuleViolation(
            ProblemType.INVALID_MARK, "The rubric has no criterion " + id + ".");
      }
    }
    if (Math.abs(max - rubricMax) > 1e-9) {
      throw new RuleViolation(
          ProblemType.INVALID_MARK,
          "The rubric of key version "
              + keyVersion
              + " adds up to "
              + max
              + " points; the script was opened with "
              + rubricMax
              + ".");
    }
    if (comment != null && comment.length() > MarkScript.MAX_COMMENT) {
      throw new RuleViolation(
          ProblemType.INVALID_MARK,
          "The comment has "
              + comment.length()
              + " characters; at most "
              + MarkScript.MAX_COMMENT
              + ".");
    }
    return total;
  }
}
