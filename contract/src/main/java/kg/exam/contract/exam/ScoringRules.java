package kg.exam.contract.exam;

import java.util.List;

/**
 * How a sitting's raw score becomes a result.
 *
 * @param passPercent percentage of the maximum score needed to pass, 0..100
 * @param gradeBoundaries boundaries of the grade scale; empty means the Kyrgyz 5-point default
 * @param withholdGradesBelow grades below this are not sent to the e-journal (the raw result is
 *     always kept); {@code null} means every grade is released
 */
public record ScoringRules(
    double passPercent, List<GradeBoundary> gradeBoundaries, Integer withholdGradesBelow) {
  public ScoringRules {
    gradeBoundaries = gradeBoundaries == null ? List.of() : List.copyOf(gradeBoundaries);
  }
}
