package kg.exam.scoring.survey;

/**
 * A weighted estimate with its replicate-based standard error and 95 % confidence interval (normal
 * quantile 1.959964).
 *
 * @param value the full-sample estimate; NaN when the domain has no respondent
 * @param standardError from the replicates; NaN when a replicate leaves the domain without weight
 * @param lower {@code value − 1.959964 · standardError}
 * @param upper {@code value + 1.959964 · standardError}
 * @param respondents pupils in the domain (unweighted)
 * @param schools participating schools with a pupil in the domain
 * @param population the domain's estimated population (sum of weights)
 */
public record Estimate(
    double value,
    double standardError,
    double lower,
    double upper,
    int respondents,
    int schools,
    double population) {
  /** The normal quantile for a two-sided 95 % interval. */
  public static final double Z_975 = 1.959963984540054;

  static Estimate of(
      double value, double standardError, int respondents, int schools, double population) {
    return new Estimate(
        value,
        standardError,
        value - Z_975 * standardError,
        value + Z_975 * standardError,
        respondents,
        schools,
        population);
  }
}
