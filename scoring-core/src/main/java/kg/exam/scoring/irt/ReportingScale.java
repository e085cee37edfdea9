package kg.exam.scoring.irt;

/**
 * A linear reporting scale {@code scaled = slope · θ + intercept}, rounded half up to a multiple of
 * {@code step} and clamped to {@code [lowest, highest]}; a candidate passes when the
 * <em>rounded</em> scaled score is at least {@code passMark}, so the printed score always agrees
 * with the decision.
 *
 * <p>Example, {@link #nationalExample()}: {@code scaled = 20 θ + 100}, whole points, reported on
 * {@code [40, 160]}, pass mark 110. θ = 0.47 gives 109.4 → 109, failed; θ = 0.475 gives 109.5 →
 * 110, passed; an MLE of +∞ (all correct) gives 160 and passes, −∞ gives 40.
 *
 * @param slope points per unit of θ, {@code > 0} and finite
 * @param intercept scaled score at θ = 0, finite
 * @param step rounding unit ({@code 1} for whole points), {@code > 0}
 * @param lowest lowest reported score (also the score for θ = −∞)
 * @param highest highest reported score (also the score for θ = +∞), {@code >= lowest}
 * @param passMark lowest passing scaled score
 */
public record ReportingScale(
    double slope, double intercept, double step, double lowest, double highest, double passMark)
    implements ScoreScale {

  /**
   * @throws IllegalArgumentException on a value out of range
   */
  public ReportingScale {
    if (!(slope > 0) || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
      throw new IllegalArgumentException(
          "slope=" + slope + " must be > 0 and finite, intercept=" + intercept + " finite");
    }
    if (!(step > 0) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("step=" + step + " must be > 0 and finite");
    }
    if (Double.isNaN(lowest) || Double.isNaN(highest) || lowest > highest) {
      throw new IllegalArgumentException("lowest=" + lowest + " must be <= highest=" + highest);
    }
    if (Double.isNaN(passMark)) {
      throw new IllegalArgumentException("passMark=" + passMark + " must be a number");
    }
  }

  /**
   * @return {@code 20 θ + 100} in whole points on [40, 160], pass mark 110
   */
  public static ReportingScale nationalExample() {
    return new ReportingScale(20, 100, 1, 40, 160, 110);
  }

  /**
   * @param theta ability (may be ±∞ for MLE extremes)
   * @return the rounded, clamped scaled score; NaN when θ is NaN (no ability)
   */
  @Override
  public double scaled(double theta) {
    if (Double.isNaN(theta)) {
      return Double.NaN;
    }
    double rounded = roundToStep(slope * theta + intercept, step);
    return Math.max(lowest, Math.min(highest, rounded));
  }

  /**
   * Rounds half up to a multiple of {@code step}, then tidies binary noise such as {@code
   * 109.00000000000001} (to 9 decimals); infinite values pass through. Shared by every {@link
   * ScoreScale} so that all scales round the same way.
   */
  static double roundToStep(double raw, double step) {
    if (Double.isInfinite(raw)) {
      return raw;
    }
    double rounded = Math.floor(raw / step + 0.5) * step;
    return Double.isInfinite(rounded) ? rounded : Math.round(rounded * 1e9) / 1e9;
  }

  /**
   * @param theta ability
   * @return whether {@link #scaled(double)} reaches the pass mark; false when θ is NaN
   */
  @Override
  public boolean passed(double theta) {
    return scaled(theta) >= passMark;
  }
}
