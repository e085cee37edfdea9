package kg.exam.scoring.irt;

/**
 * Linking constants that put a new form's θ scale X on the reference scale Y: {@code θ_Y = A θ_X +
 * B}. Item parameters follow from the invariance of the response probabilities, {@code P_X(θ) =
 * P_Y*(A θ + B)}: discrimination {@code a / A}, difficulty {@code A b + B}, guessing {@code c}
 * unchanged, step difficulties {@code A δ + B}; standard errors {@code SE(a) / A}, {@code A SE(b)},
 * {@code SE(c)}, {@code A SE(δ)} (NaN stays NaN).
 *
 * <p>Example: {@code A = 1.2, B = −0.3} turns the item {@code a = 1.2, b = 0.5} into {@code a = 1,
 * b = 0.3}, and the ability θ = 1 (SE 0.25) into 0.9 (SE 0.3).
 *
 * @param slope {@code A}, {@code > 0} and finite
 * @param intercept {@code B}, finite
 */
public record LinkingConstants(double slope, double intercept) {

  /**
   * @throws IllegalArgumentException when {@code A} is not positive and finite or {@code B} not
   *     finite
   */
  public LinkingConstants {
    if (!(slope > 0) || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
      throw new IllegalArgumentException(
          "slope A=" + slope + " must be > 0 and finite, intercept B=" + intercept + " finite");
    }
  }

  /**
   * @return {@code A = 1, B = 0}
   */
  public static LinkingConstants identity() {
    return new LinkingConstants(1, 0);
  }

  /**
   * @param theta ability on the new form's scale X (±∞ and NaN pass through)
   * @return {@code A θ + B}, the ability on the reference scale Y
   */
  public double transformTheta(double theta) {
    return slope * theta + intercept;
  }

  /**
   * @param thetaSe standard error of an ability on scale X
   * @return {@code A · SE}, its standard error on scale Y
   */
  public double transformThetaSe(double thetaSe) {
    return slope * thetaSe;
  }

  /**
   * @param item parameters on scale X
   * @return the same item on scale Y, standard errors carried along
   */
  public ItemParameters transform(ItemParameters item) {
    double[] thresholds = item.thresholds();
    double[] thresholdSes = item.thresholdSes();
    for (int v = 0; v < thresholds.length; v++) {
      thresholds[v] = slope * thresholds[v] + intercept;
      thresholdSes[v] = slope * thresholdSes[v];
    }
    return new ItemParameters(
        item.discrimination() / slope,
        slope * item.difficulty() + intercept,
        item.discriminationSe() / slope,
        slope * item.difficultySe(),
        item.guessing(),
        item.guessingSe(),
        thresholds,
        thresholdSes);
  }

  /**
   * @return the constants that take scale Y back to X: {@code 1 / A}, {@code −B / A}
   */
  public LinkingConstants inverse() {
    return new LinkingConstants(1 / slope, -intercept / slope);
  }
}
