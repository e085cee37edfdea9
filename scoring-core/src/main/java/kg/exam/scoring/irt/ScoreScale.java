package kg.exam.scoring.irt;

/**
 * A reporting scale: turns an ability θ into the reported (rounded, clamped) scaled score and
 * decides pass/fail on that reported score, so the printed score always agrees with the decision.
 *
 * <p>Implementations: {@link ReportingScale} (linear) and {@link TableReportingScale} (piecewise
 * linear through a conversion table). Both are immutable and thread-safe.
 */
public interface ScoreScale {

  /**
   * @param theta ability on the reporting θ scale (may be ±∞ for MLE extremes)
   * @return the reported scaled score, rounded to the scale's step; NaN when θ is NaN (no ability)
   */
  double scaled(double theta);

  /**
   * @return the lowest passing reported scaled score
   */
  double passMark();

  /**
   * @param theta ability
   * @return whether the reported (rounded) {@link #scaled(double)} score is at least {@link
   *     #passMark()}; false when θ is NaN
   */
  default boolean passed(double theta) {
    return scaled(theta) >= passMark();
  }
}
