package kg.exam.scoring.irt;

/**
 * One calibrated dichotomous item: {@code P(correct | θ) = 1 / (1 + exp(-discrimination · (θ -
 * difficulty)))}. Example: {@code a = 1, b = 0.5}: a candidate at θ = 0.5 answers correctly with
 * probability 0.5, one at θ = 1.5 with probability 0.731.
 *
 * @param discrimination {@code a}, finite; 1 for Rasch items
 * @param difficulty {@code b} on the θ scale, finite
 * @param discriminationSe standard error of {@code a}; NaN when {@code a} is fixed (Rasch) or
 *     unknown
 * @param difficultySe standard error of {@code b}; NaN when unknown (e.g. parameters typed in by
 *     hand)
 */
public record ItemParameters(
    double discrimination, double difficulty, double discriminationSe, double difficultySe) {

  /**
   * @throws IllegalArgumentException if {@code discrimination} or {@code difficulty} is not finite
   */
  public ItemParameters {
    if (!Double.isFinite(discrimination) || !Double.isFinite(difficulty)) {
      throw new IllegalArgumentException(
          "discrimination=" + discrimination + " and difficulty=" + difficulty + " must be finite");
    }
  }

  /**
   * @param discrimination {@code a}
   * @param difficulty {@code b}
   * @return parameters with unknown standard errors
   */
  public static ItemParameters of(double discrimination, double difficulty) {
    return new ItemParameters(discrimination, difficulty, Double.NaN, Double.NaN);
  }

  /**
   * @param theta ability
   * @return probability of a correct response
   */
  public double probability(double theta) {
    return 1.0 / (1.0 + Math.exp(-discrimination * (theta - difficulty)));
  }
}
