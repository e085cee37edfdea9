package kg.exam.scoring;

/**
 * The lowest percentage that earns a grade.
 *
 * @param minPercent inclusive lower bound in percent, within {@code [0, 100]}
 * @param grade the grade awarded from {@code minPercent} up to the next boundary
 */
public record GradeBoundary(double minPercent, int grade) {

  /** Checks the arguments; throws {@link IllegalArgumentException} naming the bad value. */
  public GradeBoundary {
    if (!(minPercent >= 0 && minPercent <= 100)) {
      throw new IllegalArgumentException("minPercent=" + minPercent + " must lie in [0, 100]");
    }
  }
}
