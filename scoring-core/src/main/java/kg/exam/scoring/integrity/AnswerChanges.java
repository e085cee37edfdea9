package kg.exam.scoring.integrity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.scoring.Distributions;

/**
 * Wrong-to-right answer changes per sitting against candidates of the same ability, in the spirit
 * of Wollack and Eckerly's erasure detection index. Paper tests infer changes from erasures; our
 * streams record every answer, so a change is exact: the first answer to an item differs from the
 * final one. Only items with a single right answer count, where a change to the right answer is a
 * change from a wrong one.
 *
 * <p>How often a candidate revises differs a lot between honest candidates, so the number of
 * changes alone says little. What honest revision does not do is end right nearly every time: of a
 * band's changes a share q ends right, and given a sitting's c changes its wrong-to-right count is
 * taken as binomial (c, q). Ability is the number right on the items the sitting did not change (so
 * the changes under test do not lift it into a better {@link ScoreBands band}); q is estimated
 * twice, the second time without the sittings the first estimate puts beyond 1e-3, so that a few
 * dozen tampered sittings do not raise their band's q and hide themselves; and it is shrunk towards
 * the cohort's share by five changes' worth, so it is never 0 or 1.
 */
public final class AnswerChanges {
  private AnswerChanges() {}

  /** The sittings with more wrong-to-right changes than their band explains. */
  public static List<Finding> flags(Cohort cohort, IntegrityThresholds thresholds) {
    int n = cohort.size();
    int items = cohort.items();
    int[] unchangedRight = new int[n];
    int[] changed = new int[n];
    int[] wrongToRight = new int[n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < items; i++) {
        byte change = cohort.changes()[j][i];
        if (change == 0 && cohort.correct()[j][i] == 1) {
          unchangedRight[j]++;
        }
        if (change != 0) {
          changed[j]++;
        }
        if (change == Cohort.WRONG_TO_RIGHT) {
          wrongToRight[j]++;
        }
      }
    }
    ScoreBands bands = ScoreBands.of(unchangedRight, items);
    // Estimate the bands' shares, then again without the sittings the first estimate puts beyond
    // 1e-3: a few dozen tampered sittings in a band would otherwise raise its share enough to hide
    // themselves.
    boolean[] excluded = new boolean[n];
    double[] q = shareRight(bands, changed, wrongToRight, excluded);
    for (int j = 0; j < n; j++) {
      excluded[j] = upperTail(wrongToRight[j], changed[j], q[bands.of(j)]) < 1e-3;
    }
    q = shareRight(bands, changed, wrongToRight, excluded);
    List<Finding> flags = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      double share = q[bands.of(j)];
      if (wrongToRight[j] == 0 || Double.isNaN(share)) {
        continue;
      }
      double p = upperTail(wrongToRight[j], changed[j], share);
      Finding.Severity severity = thresholds.severity(p);
      if (severity == null) {
        continue;
      }
      double expected = share * changed[j];
      double sd = Math.sqrt(changed[j] * share * (1 - share));
      double z = (wrongToRight[j] - expected) / sd; // q is in (0, 1), so sd > 0
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("changed", changed[j]);
      detail.put("wrongToRight", wrongToRight[j]);
      detail.put("expected", expected);
      List<Integer> evidence = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        if (cohort.changes()[j][i] == Cohort.WRONG_TO_RIGHT) {
          evidence.add(i);
        }
      }
      flags.add(
          new Finding(
              Finding.Kind.ANSWER_CHANGES,
              severity,
              new int[] {j},
              cohort.place()[j],
              z,
              p,
              detail,
              evidence.stream().mapToInt(Integer::intValue).toArray()));
    }
    return flags;
  }

  /** Changes' worth of the cohort's share mixed into each band's. */
  private static final double SHRINK = 5;

  /** P(X ≥ count) for X binomial (changed, q). */
  private static double upperTail(int count, int changed, double q) {
    if (count == 0 || Double.isNaN(q)) {
      return 1;
    }
    return Distributions.binomialUpperTail(count, changed, q);
  }

  /** Each band's share of changes that end right, over its sittings not {@code excluded}. */
  private static double[] shareRight(
      ScoreBands bands, int[] changed, int[] wrongToRight, boolean[] excluded) {
    double[] right = new double[bands.count()];
    double[] all = new double[bands.count()];
    for (int j = 0; j < changed.length; j++) {
      if (!excluded[j]) {
        right[bands.of(j)] += wrongToRight[j];
        all[bands.of(j)] += changed[j];
      }
    }
    // shrunk towards the cohort's share by a few changes' worth, so that a band where (nearly)
    // nobody else ended a change right never has q = 0, which would make any such change "certain"
    double cohortRight = 0;
    double cohortAll = 0;
    for (int b = 0; b < right.length; b++) {
      cohortRight += right[b];
      cohortAll += all[b];
    }
    double[] q = new double[bands.count()];
    if (cohortAll == 0) {
      java.util.Arrays.fill(q, Double.NaN);
      return q;
    }
    double overall = Math.max(cohortRight, 0.5) / (cohortAll + 0.5);
    for (int b = 0; b < q.length; b++) {
      q[b] = (right[b] + SHRINK * overall) / (all[b] + SHRINK);
    }
    return q;
  }
}
