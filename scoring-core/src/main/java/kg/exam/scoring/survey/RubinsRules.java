package kg.exam.scoring.survey;

/**
 * Combines one statistic estimated once per plausible value (Rubin 1987): the estimate is the mean
 * of the M estimates; its variance {@code T = Ū + (1 + 1/M) B}, with Ū the mean of the M sampling
 * variances (each from the replicates) and B the variance between the M estimates (divisor M − 1).
 * R's {@code mitools::MIcombine} computes the same.
 */
public final class RubinsRules {
  private RubinsRules() {}

  /**
   * @param perValue the statistic estimated on each plausible value, with its replicate standard
   *     error; the first one's counts are carried into the result
   */
  public static Estimate combine(Estimate[] perValue) {
    int m = perValue.length;
    if (m < 2) {
      throw new IllegalArgumentException("Rubin's rules need at least two plausible values");
    }
    double mean = 0;
    double within = 0;
    for (Estimate e : perValue) {
      mean += e.value() / m;
      within += e.standardError() * e.standardError() / m;
    }
    double between = 0;
    for (Estimate e : perValue) {
      between += (e.value() - mean) * (e.value() - mean) / (m - 1);
    }
    double total = within + (1 + 1.0 / m) * between;
    Estimate first = perValue[0];
    return Estimate.of(
        mean, Math.sqrt(total), first.respondents(), first.schools(), first.population());
  }
}
