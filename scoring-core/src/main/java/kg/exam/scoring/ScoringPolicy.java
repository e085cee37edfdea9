package kg.exam.scoring;

import java.util.Objects;

/**
 * How a form's total turns into pass/fail and a grade.
 *
 * @param passPercent inclusive pass threshold in percent, within {@code [0, 100]} (same rounding
 *     allowance as {@link GradeScale})
 * @param gradeScale percentage to grade
 * @param withholdGradesBelow null, or a grade: grades below it are withheld from the e-journal
 *     (e.g. a distance-learning school that lets a pupil re-sit before a 2 is recorded); the raw
 *     result, percentage and grade are always kept
 */
public record ScoringPolicy(
    double passPercent, GradeScale gradeScale, Integer withholdGradesBelow) {

  /**
   * Checks the arguments; throws {@link IllegalArgumentException} or {@link NullPointerException}
   * naming the bad value.
   */
  public ScoringPolicy {
    if (!(passPercent >= 0 && passPercent <= 100)) {
      throw new IllegalArgumentException("passPercent=" + passPercent + " must lie in [0, 100]");
    }
    Objects.requireNonNull(gradeScale, "gradeScale");
  }

  /**
   * Pass from 50 % (the start of grade 3), {@link GradeScale#kyrgyzFivePoint()}, nothing withheld.
   *
   * @return the default policy
   */
  public static ScoringPolicy defaults() {
    return new ScoringPolicy(50.0, GradeScale.kyrgyzFivePoint(), null);
  }

  /**
   * @param percent a percentage in {@code [0, 100]}
   * @return whether it reaches {@link #passPercent()}
   */
  public boolean passes(double percent) {
    return percent + GradeScale.BOUNDARY_TOLERANCE_PERCENT >= passPercent;
  }

  /**
   * @param grade a grade from {@link #gradeScale()}
   * @return whether the grade is kept out of the e-journal
   */
  public boolean withholds(int grade) {
    return withholdGradesBelow != null && grade < withholdGradesBelow;
  }
}
