package kg.exam.scoring.integrity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.scoring.Distributions;

/**
 * Places (a room, a station, a school) that stand out among places, for three measures:
 *
 * <ul>
 *   <li>{@code meanScore} and {@code speed}: the place's mean percentage (mean τ) as an effect size
 *       δ = (mean − cohort mean) / cohort SD, compared with the other places' by a random-effects z
 *       = (δ − median δ) / √(τ² + 1/n): τ² is the variance between places (robustly, 1.4826 × MAD
 *       of δ squared, less the typical sampling variance 1/n) and 1/n the place's own. So a place
 *       is flagged for being unlike other places, not for being large; ordinary differences between
 *       schools are absorbed by τ². Compared only when at least {@value #MIN_PLACES} places have
 *       {@link IntegrityThresholds#minClusterSize()} sittings: with fewer, the median and MAD are
 *       too noisy for the stated rate (measured on simulated cohorts).
 *   <li>{@code flags}: the number of individual flags raised at the place against the number its
 *       tests (sittings × 3 tests, plus its pairs) would raise at the cohort's overall flag rate,
 *       binomial.
 * </ul>
 */
final class Clusters {
  static final int MIN_PLACES = 30;

  private Clusters() {}

  static List<Finding> flags(
      Cohort cohort,
      double[] speed,
      List<Finding> individual,
      long[] pairsAt,
      IntegrityThresholds thresholds) {
    int places = pairsAt.length;
    List<List<Integer>> members = new ArrayList<>();
    for (int p = 0; p < places; p++) {
      members.add(new ArrayList<>());
    }
    for (int j = 0; j < cohort.size(); j++) {
      if (cohort.place()[j] >= 0) {
        members.get(cohort.place()[j]).add(j);
      }
    }
    List<Finding> flags = new ArrayList<>();
    flags.addAll(byMean("meanScore", cohort.score(), cohort, members, thresholds));
    flags.addAll(byMean("speed", speed, cohort, members, thresholds));
    // the flags measure
    int[] raised = new int[places];
    long tests = 0;
    long flagged = 0;
    for (Finding f : individual) {
      if (f.place() >= 0) {
        raised[f.place()]++;
      }
    }
    long[] testsAt = new long[places];
    for (int p = 0; p < places; p++) {
      testsAt[p] = 3L * members.get(p).size() + pairsAt[p];
      tests += testsAt[p];
      flagged += raised[p];
    }
    for (int p = 0; p < places; p++) {
      if (members.get(p).size() < thresholds.minClusterSize() || raised[p] < 2) {
        continue;
      }
      long otherTests = tests - testsAt[p];
      double rate =
          otherTests > 0
              ? Math.max((double) (flagged - raised[p]) / otherTests, thresholds.highRate())
              : thresholds.falsePositiveRate();
      int n = (int) Math.min(Integer.MAX_VALUE, testsAt[p]);
      double pValue = Distributions.binomialUpperTail(raised[p], n, Math.min(1, rate));
      Finding.Severity severity = thresholds.severity(pValue);
      if (severity != null) {
        double expected = rate * testsAt[p];
        flags.add(
            cluster(
                p,
                members.get(p),
                "flags",
                raised[p],
                expected,
                (raised[p] - expected) / Math.sqrt(Math.max(expected, 1e-12)),
                pValue,
                severity));
      }
    }
    return flags;
  }

  private static List<Finding> byMean(
      String measure,
      double[] value,
      Cohort cohort,
      List<List<Integer>> members,
      IntegrityThresholds thresholds) {
    double sum = 0;
    double squares = 0;
    int count = 0;
    for (int j = 0; j < cohort.size(); j++) {
      if (Double.isFinite(value[j])) {
        sum += value[j];
        squares += value[j] * value[j];
        count++;
      }
    }
    List<Finding> flags = new ArrayList<>();
    if (count < 3) {
      return flags;
    }
    double grand = sum / count;
    double sd = Math.sqrt(Math.max(0, (squares - count * grand * grand) / (count - 1)));
    if (!(sd > 0)) {
      return flags;
    }
    List<Integer> compared = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    List<Double> delta = new ArrayList<>();
    List<Double> sampling = new ArrayList<>();
    for (int p = 0; p < members.size(); p++) {
      double s = 0;
      int n = 0;
      for (int j : members.get(p)) {
        if (Double.isFinite(value[j])) {
          s += value[j];
          n++;
        }
      }
      if (n >= thresholds.minClusterSize()) {
        compared.add(p);
        mean.add(s / n);
        delta.add((s / n - grand) / sd);
        sampling.add(1.0 / n);
      }
    }
    if (compared.size() < MIN_PLACES) {
      return flags;
    }
    double[] ds = delta.stream().mapToDouble(Double::doubleValue).toArray();
    double centre = ResponseTimes.median(ds.clone());
    double spread = ResponseTimes.robustSpread(ds);
    double typical =
        ResponseTimes.median(sampling.stream().mapToDouble(Double::doubleValue).toArray());
    double between = Math.max(0, spread * spread - typical);
    for (int k = 0; k < compared.size(); k++) {
      double z = (ds[k] - centre) / Math.sqrt(between + sampling.get(k));
      if (z < thresholds.mediumZ()) {
        continue;
      }
      double p = Distributions.normalUpperTail(z);
      Finding.Severity severity = thresholds.severity(p);
      if (severity != null) {
        int place = compared.get(k);
        flags.add(cluster(place, members.get(place), measure, mean.get(k), grand, z, p, severity));
      }
    }
    return flags;
  }

  private static Finding cluster(
      int place,
      List<Integer> members,
      String measure,
      double value,
      double reference,
      double z,
      double p,
      Finding.Severity severity) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("measure", measure);
    detail.put("value", value);
    detail.put("reference", reference);
    detail.put("sittings", members.size());
    return new Finding(
        Finding.Kind.CLUSTER,
        severity,
        members.stream().mapToInt(Integer::intValue).toArray(),
        place,
        z,
        p,
        detail,
        new int[0]);
  }
}
