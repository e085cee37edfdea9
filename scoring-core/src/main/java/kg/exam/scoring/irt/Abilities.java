package kg.exam.scoring.irt;

/**
 * Per-candidate ability estimates, in the candidates' row order. Arrays are owned by this object:
 * callers get copies. A candidate without any presented item has NaN for both. MLE extremes are
 * {@code ±Infinity} with a NaN SE.
 */
public final class Abilities {

  private final AbilityMethod method;
  private final double[] theta;
  private final double[] standardError;

  Abilities(AbilityMethod method, double[] theta, double[] standardError) {
    this.method = method;
    this.theta = theta;
    this.standardError = standardError;
  }

  /**
   * @return the method that produced the estimates
   */
  public AbilityMethod method() {
    return method;
  }

  /**
   * @return number of candidates
   */
  public int size() {
    return theta.length;
  }

  /**
   * @param candidate 0-based row
   * @return θ
   */
  public double theta(int candidate) {
    return theta[candidate];
  }

  /**
   * @param candidate 0-based row
   * @return standard error of θ
   */
  public double standardError(int candidate) {
    return standardError[candidate];
  }
}
