package kg.exam.scoring.irt;

import java.util.Arrays;

/**
 * One calibrated item under any {@link IrtModel}.
 *
 * <ul>
 *   <li><b>Dichotomous</b> (no thresholds): {@code P(1 | θ) = c + (1 − c) / (1 + exp(−a (θ − b)))}
 *       with discrimination {@code a}, difficulty {@code b} and lower asymptote ("guessing") {@code
 *       c} (0 for Rasch and 2PL). Example: {@code a = 1, b = 0.5, c = 0}: a candidate at θ = 0.5
 *       answers correctly with probability 0.5, one at θ = 1.5 with probability 0.731.
 *   <li><b>Polytomous</b> (partial credit, {@code m ≥ 1} thresholds): scores {@code 0..m} with
 *       {@code P(x | θ) ∝ exp(Σ_{v=1..x} a (θ − δ_v))}, the step difficulties {@code δ_v} in {@code
 *       thresholds}; {@code difficulty} is then their mean (the item's location) and {@code c = 0}.
 *       Example: {@code a = 1, δ = (−1, 1)} at θ = 0: scores 0, 1, 2 with probabilities 0.212,
 *       0.576, 0.212.
 * </ul>
 *
 * <p>Standard errors are NaN when a parameter is fixed (a = 1 for Rasch, c = 0 for 2PL, an anchor
 * item) or unknown (parameters typed in by hand). Arrays are copied in and out: instances are
 * immutable.
 *
 * @param discrimination {@code a}, finite
 * @param difficulty {@code b} on the θ scale, finite; for polytomous items the mean of the
 *     thresholds
 * @param discriminationSe standard error of {@code a}
 * @param difficultySe standard error of {@code b}
 * @param guessing lower asymptote {@code c} in {@code [0, 1)}; 0 for polytomous items
 * @param guessingSe standard error of {@code c}
 * @param thresholds step difficulties {@code δ_1..δ_m} of a polytomous item, finite; empty for a
 *     dichotomous item
 * @param thresholdSes standard errors of the thresholds, same length as {@code thresholds}
 */
public record ItemParameters(
    double discrimination,
    double difficulty,
    double discriminationSe,
    double difficultySe,
    double guessing,
    double guessingSe,
    double[] thresholds,
    double[] thresholdSes) {

  private static final double[] NONE = new double[0];

  /**
   * @throws IllegalArgumentException if a parameter is not finite, {@code c} is outside {@code [0,
   *     1)}, or the threshold arrays differ in length
   */
  public ItemParameters {
    if (!Double.isFinite(discrimination) || !Double.isFinite(difficulty)) {
      throw new IllegalArgumentException(
          "discrimination=" + discrimination + " and difficulty=" + difficulty + " must be finite");
    }
    if (!(guessing >= 0 && guessing < 1)) {
      throw new IllegalArgumentException("guessing=" + guessing + " must be in [0, 1)");
    }
    thresholds = thresholds == null ? NONE : thresholds.clone();
    thresholdSes = thresholdSes == null ? NONE : thresholdSes.clone();
    if (thresholdSes.length != thresholds.length) {
      throw new IllegalArgumentException(
          "thresholdSes.length="
              + thresholdSes.length
              + " must equal thresholds.length="
              + thresholds.length);
    }
    for (int v = 0; v < thresholds.length; v++) {
      if (!Double.isFinite(thresholds[v])) {
        throw new IllegalArgumentException(
            "threshold " + (v + 1) + "=" + thresholds[v] + " must be finite");
      }
    }
    if (thresholds.length > 0 && guessing != 0) {
      throw new IllegalArgumentException(
          "guessing=" + guessing + " must be 0 for a polytomous item");
    }
  }

  /**
   * A dichotomous item without guessing (Rasch, 2PL).
   *
   * @param discrimination {@code a}
   * @param difficulty {@code b}
   * @param discriminationSe SE of {@code a}
   * @param difficultySe SE of {@code b}
   */
  public ItemParameters(
      double discrimination, double difficulty, double discriminationSe, double difficultySe) {
    this(discrimination, difficulty, discriminationSe, difficultySe, 0, Double.NaN, NONE, NONE);
  }

  /**
   * @param discrimination {@code a}
   * @param difficulty {@code b}
   * @return a dichotomous item without guessing, with unknown standard errors
   */
  public static ItemParameters of(double discrimination, double difficulty) {
    return new ItemParameters(discrimination, difficulty, Double.NaN, Double.NaN);
  }

  /**
   * @param discrimination {@code a}
   * @param difficulty {@code b}
   * @param guessing {@code c}
   * @return a 3PL item with unknown standard errors
   */
  public static ItemParameters threePl(double discrimination, double difficulty, double guessing) {
    return new ItemParameters(
        discrimination, difficulty, Double.NaN, Double.NaN, guessing, Double.NaN, NONE, NONE);
  }

  /**
   * @param discrimination {@code a} (1 for the partial credit model)
   * @param thresholds step difficulties {@code δ_1..δ_m}, {@code m >= 1}
   * @return a polytomous item with unknown standard errors; its difficulty is the thresholds' mean
   */
  public static ItemParameters partialCredit(double discrimination, double... thresholds) {
    if (thresholds.length == 0) {
      throw new IllegalArgumentException("a partial credit item needs at least one threshold");
    }
    double[] ses = new double[thresholds.length];
    Arrays.fill(ses, Double.NaN);
    return new ItemParameters(
        discrimination,
        Arrays.stream(thresholds).average().orElseThrow(),
        Double.NaN,
        Double.NaN,
        0,
        Double.NaN,
        thresholds,
        ses);
  }

  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  @Override
  public double[] thresholdSes() {
    return thresholdSes.clone();
  }

  /**
   * @return whether the item is scored 0..m with thresholds (partial credit)
   */
  public boolean polytomous() {
    return thresholds.length > 0;
  }

  /**
   * @return the highest score: the number of thresholds, or 1 for a dichotomous item
   */
  public int maxScore() {
    return polytomous() ? thresholds.length : 1;
  }

  /**
   * @param step 1-based step {@code v}
   * @return {@code δ_v} without copying the array
   */
  public double threshold(int step) {
    return thresholds[step - 1];
  }

  /**
   * @param theta ability
   * @return probability of a correct response (dichotomous items), of the top score (polytomous)
   */
  public double probability(double theta) {
    if (polytomous()) {
      double[] p = new double[thresholds.length + 1];
      categoryProbabilities(theta, p);
      return p[thresholds.length];
    }
    return guessing + (1 - guessing) / (1.0 + Math.exp(-discrimination * (theta - difficulty)));
  }

  /**
   * @param theta ability
   * @param out receives {@code P(x | θ)} for {@code x = 0..maxScore()} in {@code
   *     out[0..maxScore()]}
   */
  public void categoryProbabilities(double theta, double[] out) {
    if (!polytomous()) {
      double p = probability(theta);
      out[0] = 1 - p;
      out[1] = p;
      return;
    }
    int m = thresholds.length;
    double cumulative = 0;
    double max = 0;
    out[0] = 0;
    for (int x = 1; x <= m; x++) {
      cumulative += discrimination * (theta - thresholds[x - 1]);
      out[x] = cumulative;
      max = Math.max(max, cumulative);
    }
    double sum = 0;
    for (int x = 0; x <= m; x++) {
      out[x] = Math.exp(out[x] - max);
      sum += out[x];
    }
    for (int x = 0; x <= m; x++) {
      out[x] /= sum;
    }
  }

  /**
   * @param theta ability
   * @return {@code E[X | θ]}, the item characteristic (expected score) curve
   */
  public double expectedScore(double theta) {
    if (!polytomous()) {
      return probability(theta);
    }
    double[] p = new double[thresholds.length + 1];
    categoryProbabilities(theta, p);
    double expected = 0;
    for (int x = 1; x < p.length; x++) {
      expected += x * p[x];
    }
    return expected;
  }

  /**
   * Fisher information of the item at θ: {@code a² P Q} for 2PL, {@code a² (Q / P) ((P − c) / (1 −
   * c))²} for 3PL, {@code a² Var(X | θ)} for partial credit.
   *
   * @param theta ability
   * @return information, {@code >= 0}
   */
  public double information(double theta) {
    if (!polytomous()) {
      double p = probability(theta);
      if (guessing == 0) {
        return discrimination * discrimination * p * (1 - p);
      }
      double ratio = (p - guessing) / (1 - guessing);
      return p <= 0 ? 0 : discrimination * discrimination * ((1 - p) / p) * ratio * ratio;
    }
    double[] p = new double[thresholds.length + 1];
    categoryProbabilities(theta, p);
    double mean = 0;
    double square = 0;
    for (int x = 1; x < p.length; x++) {
      mean += x * p[x];
      square += (double) x * x * p[x];
    }
    return discrimination * discrimination * Math.max(0, square - mean * mean);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ItemParameters that
        && Double.compare(discrimination, that.discrimination) == 0
        && Double.compare(difficulty, that.difficulty) == 0
        && Double.compare(discriminationSe, that.discriminationSe) == 0
        && Double.compare(difficultySe, that.difficultySe) == 0
        && Double.compare(guessing, that.guessing) == 0
        && Double.compare(guessingSe, that.guessingSe) == 0
        && Arrays.equals(thresholds, that.thresholds)
        && Arrays.equals(thresholdSes, that.thresholdSes);
  }

  @Override
  public int hashCode() {
    int hash =
        java.util.Objects.hash(
            discrimination, difficulty, discriminationSe, difficultySe, guessing, guessingSe);
    return 31 * (31 * hash + Arrays.hashCode(thresholds)) + Arrays.hashCode(thresholdSes);
  }

  @Override
  public String toString() {
    return "ItemParameters[a="
        + discrimination
        + ", b="
        + difficulty
        + (guessing != 0 ? ", c=" + guessing : "")
        + (polytomous() ? ", thresholds=" + Arrays.toString(thresholds) : "")
        + "]";
  }
}
