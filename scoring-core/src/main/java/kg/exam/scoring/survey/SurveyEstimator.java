package kg.exam.scoring.survey;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 * <p>A replicate's factor for a school depends only on the school's zone and half, so weights are
 * summed per such <em>cell</em> (two per zone) before the replicates are formed: a mean costs one
 * pass over the respondents plus {@code levels × cells × replicates}; a percentile costs a counting
 * sort, one pass, and {@code runs × replicates} per level, a run being the cells that hold one
 * distinct value (at most 101 values × 150 cells for whole percentages and 75 zones, however many
 * pupils; about one per pupil for continuous values such as plausible values).
 */
public final class SurveyEstimator {
  private final double[] schoolWeight;
  private final int[] cellOf;
  private final double[][] cellFactors;
  private final int cells;
  private final double scale;

  public SurveyEstimator(SampleDesign design, SurveyWeights weights) {
    this.schoolWeight = weights.schoolWeight().clone();
    double[][] factors = design.replicateFactors();
    Map<Long, Integer> cellIndex = new HashMap<>();
    this.cellOf = new int[design.schools().size()];
    for (int s = 0; s < cellOf.length; s++) {
      SampledSchool school = design.schools().get(s);
      long key = ((long) school.zone() << 2) | school.half();
      cellOf[s] = cellIndex.computeIfAbsent(key, k -> cellIndex.size());
    }
    this.cells = cellIndex.size();
    this.cellFactors = new double[factors.length][cells];
    for (int r = 0; r < factors.length; r++) {
      for (int s = 0; s < cellOf.length; s++) {
        cellFactors[r][cellOf[s]] = factors[r][s];
      }
    }
    this.scale = design.varianceScale();
  }

  /** The number of replicates. */
  public int replicates() {
    return cellFactors.length;
  }

  /**
   * The weighted mean of {@code value} in each domain level (a percentage is the mean of a 0/100
   * indicator).
   */
  public Estimate[] means(int[] school, double[] value, int[] domain, int levels) {
    check(school, value, domain);
    double[][] weighted = new double[levels][cells];
    double[][] weights = new double[levels][cells];
    int[] respondents = new int[levels];
    boolean[][] seen = new boolean[levels][schoolWeight.length];
    int[] present = new int[levels];
    for (int i = 0; i < school.length; i++) {
      int d = domain[i];
      if (d < 0) {
        continue;
      }
      int s = school[i];
      double w = schoolWeight[s];
      weighted[d][cellOf[s]] += w * value[i];
      weights[d][cellOf[s]] += w;
      respondents[d]++;
      if (!seen[d][s]) {
        seen[d][s] = true;
        present[d]++;
      }
    }
    Estimate[] out = new Estimate[levels];
    for (int d = 0; d < levels; d++) {
      double num = 0;
      double den = 0;
      for (int c = 0; c < cells; c++) {
        num += weighted[d][c];
        den += weights[d][c];
      }
      double theta = den > 0 ? num / den : Double.NaN;
      double squares = 0;
      for (double[] f : cellFactors) {
        double rn = 0;
        double rd = 0;
        for (int c = 0; c < cells; c++) {
          rn += f[c] * weighted[d][c];
          rd += f[c] * weights[d][c];
        }
        double deviation = rn / rd - theta;
        squares += deviation * deviation;
      }
      out[d] = Estimate.of(theta, Math.sqrt(scale * squares), respondents[d], present[d], den);
    }
    return out;
  }

  /**
   * The weighted {@code p}-quantile of {@code value} in each domain level, by the inverse of the
   * weighted distribution function: the smallest value v with {@code F(v) ≥ p} (R's {@code
   * svyquantile} rule "math"); its standard error from the replicates' quantiles.
   */
  public Estimate[] quantiles(int[] school, double[] value, int[] domain, int levels, double p) {
    return quantiles(school, value, domain, levels, new double[] {p})[0];
  }

  /**
   * As {@link #quantiles(int[], double[], int[], int, double)} for several {@code p} at once (one
   * sort, one summing per level): {@code [p index][level]}.
   */
  public Estimate[][] quantiles(
      int[] school, double[] value, int[] domain, int levels, double[] ps) {
    check(school, value, domain);
    for (double p : ps) {
      if (!(p > 0 && p < 1)) {
        throw new IllegalArgumentException("p must be between 0 and 1, exclusive");
      }
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
    Estimate[][] out = new Estimate[ps.length][levels];
    for (int d = 0; d < levels; d++) {
      Estimate[] level = quantile(byDomain, start[d], start[d + 1], school, value, ps);
      for (int k = 0; k < ps.length; k++) {
        out[k][d] = level[k];
      }
    }
    return out;
  }

  /** One level's quantile: its pupils (sorted by value) summed into runs of (value, cell). */
  private Estimate[] quantile(
      int[] sorted, int from, int to, int[] school, double[] value, double[] ps) {
    int n = to - from;
    double[] runValue = new double[n];
    int[] runEnd = new int[n];
    int[] runCell = new int[n];
    double[] runWeight = new double[n];
    double[] scratch = new double[cells];
    int[] touched = new int[cells];
    boolean[] seen = new boolean[schoolWeight.length];
    int present = 0;
    double population = 0;
    int runs = 0;
    int entries = 0;
    int k = from;
    while (k < to) {
      double v = value[sorted[k]];
      int touchedCount = 0;
      while (k < to && Double.compare(value[sorted[k]], v) == 0) {
        int s = school[sorted[k]];
        int c = cellOf[s];
        if (scratch[c] == 0) {
          touched[touchedCount++] = c;
        }
        scratch[c] += schoolWeight[s];
        population += schoolWeight[s];
        if (!seen[s]) {
          seen[s] = true;
          present++;
        }
        k++;
      }
      for (int t = 0; t < touchedCount; t++) {
        runCell[entries] = touched[t];
        runWeight[entries] = scratch[touched[t]];
        scratch[touched[t]] = 0;
        entries++;
      }
      runValue[runs] = v;
      runEnd[runs] = entries;
      runs++;
    }
    Estimate[] out = new Estimate[ps.length];
    for (int pi = 0; pi < ps.length; pi++) {
      if (n == 0) {
        out[pi] = Estimate.of(Double.NaN, Double.NaN, 0, 0, 0);
        continue;
      }
      double theta = quantile(runValue, runEnd, runCell, runWeight, runs, null, ps[pi]);
      double squares = 0;
      for (double[] f : cellFactors) {
        double deviation = quantile(runValue, runEnd, runCell, runWeight, runs, f, ps[pi]) - theta;
        squares += deviation * deviation;
      }
      out[pi] = Estimate.of(theta, Math.sqrt(scale * squares), n, present, population);
    }
    return out;
  }

  private static double quantile(
      double[] runValue,
      int[] runEnd,
      int[] runCell,
      double[] runWeight,
      int runs,
      double[] factor,
      double p) {
    int entries = runEnd[runs - 1];
    double total = 0;
    for (int e = 0; e < entries; e++) {
      total += factor == null ? runWeight[e] : runWeight[e] * factor[runCell[e]];
    }
    if (!(total > 0)) {
      return Double.NaN;
    }
    double target = p * total;
    double cumulative = 0;
    int e = 0;
    for (int r = 0; r < runs; r++) {
      for (; e < runEnd[r]; e++) {
        cumulative += factor == null ? runWeight[e] : runWeight[e] * factor[runCell[e]];
      }
      if (cumulative >= target) {
        return runValue[r];
      }
    }
    return runValue[runs - 1];
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
      if (!Double.isFinite(value[i])) {
        throw new IllegalArgumentException("respondent " + i + " has no finite value");
      }
    }
  }
}
