package kg.exam.scoring.irt;

/**
 * Beta prior on the 3PL lower asymptote {@code c}, density proportional to {@code c^(α−1) (1 −
 * c)^(β−1)}. {@link GeneralCalibrator} maximises the expected complete-data log-likelihood plus the
 * log of this density (a MAP estimate of {@code c}), which keeps {@code c} away from 0 and 1 for
 * items that carry little information about it. Example: the default Beta(5, 17) has its mode at
 * {@code (α − 1) / (α + β − 2) = 0.2} and weighs like {@code α + β − 2 = 20} extra observations,
 * BILOG-MG's default.
 *
 * @param alpha {@code α}, finite and {@code >= 1}
 * @param beta {@code β}, finite and {@code > 1} (with the condition on α, the prior has its mode in
 *     {@code [0, 1)} and the MAP estimate stays below 1)
 */
public record GuessingPrior(double alpha, double beta) {

  /**
   * @throws IllegalArgumentException if {@code alpha < 1}, {@code beta <= 1} or either is not
   *     finite
   */
  public GuessingPrior {
    if (!(alpha >= 1 && beta > 1 && Double.isFinite(alpha) && Double.isFinite(beta))) {
      throw new IllegalArgumentException(
          "alpha=" + alpha + " must be >= 1 and beta=" + beta + " > 1, both finite");
    }
  }

  /**
   * @return Beta(5, 17): mode 0.2, weight 20
   */
  public static GuessingPrior defaults() {
    return new GuessingPrior(5, 17);
  }

  /**
   * @return the most probable {@code c} under the prior alone, {@code (α − 1) / (α + β − 2)}
   */
  public double mode() {
    return (alpha - 1) / (alpha + beta - 2);
  }
}
