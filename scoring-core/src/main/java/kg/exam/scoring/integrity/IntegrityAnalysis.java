package kg.exam.scoring.integrity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
   * @param notAnalysed the analyses left out (or in part) because the cohort is too small for their
   *     stated rate, with the reason in words
   */
  public record Result(
      List<Finding> findings,
      long pairs,
      int timed,
      double[] speed,
      Map<Finding.Kind, String> notAnalysed) {}

  /** Runs every analysis over {@code cohort}; pairs are compared in parallel by place. */
  public static Result run(Cohort cohort, IntegrityThresholds thresholds) {
    Map<Finding.Kind, String> notAnalysed = new EnumMap<>(Finding.Kind.class);
    List<int[]> places = AnswerSimilarity.places(cohort);
    List<Finding> findings = new ArrayList<>();
    if (cohort.size() >= AnswerSimilarity.MIN_COHORT) {
      AnswerSimilarity similarity = AnswerSimilarity.of(cohort);
      findings.addAll(
          places.parallelStream()
              .flatMap(
                  group -> {
                    List<Finding> in = new ArrayList<>();
                    similarity.flagsIn(group, thresholds, in);
                    return in.stream();
                  })
              .toList());
    } else {
      notAnalysed.put(
          Finding.Kind.SIMILARITY,
          "fewer than "
              + AnswerSimilarity.MIN_COHORT
              + " sittings: too few to tell ability bands apart");
    }
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
    if (timed < ResponseTimes.MIN_SPEED_COHORT) {
      notAnalysed.put(
          Finding.Kind.SPEED,
          "fewer than "
              + ResponseTimes.MIN_SPEED_COHORT
              + " timed sittings: too few to know how fast a score usually is");
    }
    int comparable = 0;
    for (int[] group : places) {
      comparable += group.length >= thresholds.minClusterSize() ? 1 : 0;
    }
    if (comparable < Clusters.MIN_PLACES) {
      notAnalysed.put(
          Finding.Kind.CLUSTER,
          "fewer than "
              + Clusters.MIN_PLACES
              + " places of "
              + thresholds.minClusterSize()
              + " sittings: means not compared, only each place's count of flags");
    }
    return new Result(List.copyOf(findings), pairs, timed, speed, Map.copyOf(notAnalysed));
  }
}
