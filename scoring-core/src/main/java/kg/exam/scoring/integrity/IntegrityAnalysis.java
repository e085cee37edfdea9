package kg.exam.scoring.integrity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * All integrity analyses of one exam form's cohort: answer similarity within places, response
 * times, wrong-to-right changes, and the places that stand out. The findings are leads for a human;
 * {@link IntegrityThresholds} says how often honest work raises each.
 */
public final class IntegrityAnalysis {
  private IntegrityAnalysis() {}

  /**
   * The findings, HIGH before MEDIUM and then by p-value.
   *
   * @param findings the flags
   * @param pairs the number of pairs compared for similarity
   * @param timed the number of sittings with enough item times for the time analyses
   * @param speed each sitting's fitted speed τ (NaN where not timed)
   */
  public record Result(List<Finding> findings, long pairs, int timed, double[] speed) {}

  /** Runs every analysis over {@code cohort}; pairs are compared in parallel by place. */
  public static Result run(Cohort cohort, IntegrityThresholds thresholds) {
    AnswerSimilarity similarity = AnswerSimilarity.of(cohort);
    List<int[]> places = AnswerSimilarity.places(cohort);
    List<Finding> findings =
        new ArrayList<>(
            places.parallelStream()
                .flatMap(
                    group -> {
                      List<Finding> in = new ArrayList<>();
                      similarity.flagsIn(group, thresholds, in);
                      return in.stream();
                    })
                .toList());
    ResponseTimes times = ResponseTimes.fit(cohort, thresholds.minTimedItems());
    findings.addAll(times.misfits(thresholds));
    findings.addAll(times.tooFast(thresholds));
    findings.addAll(AnswerChanges.flags(cohort, thresholds));
    int placeCount = 0;
    for (int p : cohort.place()) {
      placeCount = Math.max(placeCount, p + 1);
    }
    long[] pairsAt = new long[placeCount];
    long pairs = 0;
    for (int[] group : places) {
      long n = AnswerSimilarity.pairsIn(cohort, group);
      pairsAt[cohort.place()[group[0]]] = n;
      pairs += n;
    }
    double[] speed = times.speed();
    findings.addAll(Clusters.flags(cohort, speed, List.copyOf(findings), pairsAt, thresholds));
    findings.sort(
        Comparator.comparing(Finding::severity)
            .thenComparingDouble(Finding::pValue)
            .thenComparing(Finding::kind));
    int timed = 0;
    for (double s : speed) {
      if (!Double.isNaN(s)) {
        timed++;
      }
    }
    return new Result(List.copyOf(findings), pairs, timed, speed);
  }
}
