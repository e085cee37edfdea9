package kg.exam.scoring.survey;

import java.util.Arrays;

/**
 * Weighted estimates of a sample survey, for the whole population and for domains (subgroups), with
 * standard errors from replicate weights: {@code SE² = c · Σ_r (θ_r − θ)²}, the deviations taken
 * from the full-sample estimate θ as TIMSS and PISA do (R's {@code survey} with {@code mse =
 * TRUE}), c from {@link SampleDesign#varianceScale()}.
 *
 * <p>Respondents are given as parallel arrays: the index of each one's school in the design, the
 * value, and a domain level (−1 when outside every level). A domain estimate keeps the full design
 * (every replicate), as domain estimation must.
 *
 * <p>Means cost one pass over the respondents plus {@code levels × schools × replicates}; a
 * percentile costs a counting sort and {@code respondents × replicates} per level.
 */
public final class SurveyEstimator {
  private final double[] schoolWeight;
  private final double[][] factors;
  private final double scale;

  public SurveyEstimator(SampleDesign design, SurveyWeights weights) {
    this.schoolWeight = weights.schoolWeight().clone();
    this.factors = design.replicateFactors();
    this.scale = design.varianceScale();
  }

  /** The number of replicates. */
  public int replicates() {
    return factors.length;
  }

  /**
   * The weighted mean of {@code value} in each domain level (a percentage is the mean of a 0/100
   * indicator).
   */
  public Estimate[] means(int[] school, double[] value, int[] domain, int levels) {
    check(school, value, domain);
    int schools = schoolWeight.length;
    double[][] weighted = new double[levels][schools];
    double[][] weights = new double[levels][schools];
    int[] respondents = new int[levels];
    for (int i = 0; i < school.length; i++) {
      int d = domain[i];
      if (d < 0) {
        continue;
      }
      double w = schoolWeight[school[i]];
      weighted[d][school[i]] += w * value[i];
      weights[d][school[i]] += w;
      respondents[d]++;
    }
    Estimate[] out = new Estimate[levels];
    for (int d = 0; d < levels; d++) {
      double num = 0;
      double den = 0;
      int present = 0;
      for (int s = 0; s < schools; s++) {
        num += weighted[d][s];
        den += weights[d][s];
        if (weights[d][s] > 0) {
          present++;
        }
      }
      double theta = den > 0 ? num / den : Double.NaN;
      double squares = 0;
      for (double[] f : factors) {
        double rn = 0;
        double rd = 0;
        for (int s = 0; s < schools; s++) {
          rn += f[s] * weighted[d][s];
          rd += f[s] * weights[d][s];
        }
        double deviation = rn / rd - theta;
        squares += deviation * deviation;
      }
      out[d] = Estimate.of(theta, Math.sqrt(scale * squares), respondents[d], present, den);
    }
    return out;
  }

  /**
   * The weighted {@code p}-quantile of {@code value} in each domain level, by the inverse of the
   * weighted distribution function: the smallest value v with {@code F(v) ≥ p} (R's {@code
   * svyquantile} rule "math"); its standard error from the replicates' quantiles.
   */
  public Estimate[] quantiles(int[] school, double[] value, int[] domain, int levels, double p) {
    check(school, value, domain);
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be between 0 and 1, exclusive");
    }
    int[] order = valueOrder(value);
    int[] start = new int[levels + 1];
    for (int d : domain) {
      if (d >= 0) {
        start[d + 1]++;
      }
    }
    for (int d = 0; d < levels; d++) {
      start[d + 1] += start[d];
    }
    int[] byDomain = new int[start[levels]];
    int[] next = Arrays.copyOf(start, levels);
    for (int i : order) {
      if (domain[i] >= 0) {
        byDomain[next[domain[i]]++] = i;
      }
    }
    Estimate[] out = new Estimate[levels];
    for (int d = 0; d < levels; d++) {
      int from = start[d];
      int to = start[d + 1];
      boolean[] seen = new boolean[schoolWeight.length];
      int present = 0;
      double population = 0;
      for (int k = from; k < to; k++) {
        int s = school[byDomain[k]];
        population += schoolWeight[s];
        if (!seen[s]) {
          seen[s] = true;
          present++;
        }
      }
      double theta = quantile(byDomain, from, to, school, value, null, p);
      double squares = 0;
      for (double[] f : factors) {
        double deviation = quantile(byDomain, from, to, school, value, f, p) - theta;
        squares += deviation * deviation;
      }
      out[d] = Estimate.of(theta, Math.sqrt(scale * squares), to - from, present, population);
    }
    return out;
  }

  private double quantile(
      int[] sorted, int from, int to, int[] school, double[] value, double[] factor, double p) {
    double total = 0;
    for (int k = from; k < to; k++) {
      int s = school[sorted[k]];
      total += factor == null ? schoolWeight[s] : schoolWeight[s] * factor[s];
    }
    if (!(total > 0)) {
      return Double.NaN;
    }
    double cumulative = 0;
    for (int k = from; k < to; k++) {
      int s = school[sorted[k]];
      cumulative += factor == null ? schoolWeight[s] : schoolWeight[s] * factor[s];
      if (cumulative / total >= p) {
        return value[sorted[k]];
      }
    }
    return value[sorted[to - 1]];
  }

  /** Respondent indices in ascending order of value (a counting sort over the distinct values). */
  private static int[] valueOrder(double[] value) {
    double[] distinct = value.clone();
    Arrays.sort(distinct);
    int m = 0;
    for (int i = 0; i < distinct.length; i++) {
      if (i == 0 || Double.compare(distinct[i], distinct[m - 1]) != 0) {
        distinct[m++] = distinct[i];
      }
    }
    int[] rank = new int[value.length];
    int[] count = new int[m + 1];
    for (int i = 0; i < value.length; i++) {
      rank[i] = Arrays.binarySearch(distinct, 0, m, value[i]);
      count[rank[i] + 1]++;
    }
    for (int k = 0; k < m; k++) {
      count[k + 1] += count[k];
    }
    int[] order = new int[value.length];
    for (int i = 0; i < value.length; i++) {
      order[count[rank[i]]++] = i;
    }
    return order;
  }

  private void check(int[] school, double[] value, int[] domain) {
    if (school.length != value.length || school.length != domain.length) {
      throw new IllegalArgumentException("school, value and domain differ in length");
    }
    for (int i = 0; i < school.length; i++) {
      if (school[i] < 0 || school[i] >= schoolWeight.length || schoolWeight[school[i]] <= 0) {
        throw new IllegalArgumentException(
            "respondent " + i + " is not at a participating school of the design");
      }
      if (Double.isNaN(value[i])) {
        throw new IllegalArgumentException("respondent " + i + " has no value");
      }
    }
  }
}
