package kg.exam.scoring.survey;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Linking;
import kg.exam.scoring.irt.LinkingConstants;

/**
 * The link between two assessments' scales for a trend: Stocking–Lord constants ({@link Linking})
 * that put the later form's θ on the earlier (reference) form's scale through the items both forms
 * share (same item id), and the <em>linking error</em> of any statistic that depends on them.
 *
 * <p>The linking error is the jackknife over anchor items (as in Monseur and Berezner 2007 and the
 * PISA trend reports: the link depends on which anchors happened to be chosen): with each of the m
 * anchors left out in turn the constants are found again, the statistic is recomputed, and {@code
 * LE = sqrt((m − 1)/m · Σ_i (f_(−i) − f̄)²)}. It is added to the sampling variances of a trend:
 * {@code SE(change)² = SE_from² + SE_to² + LE²}.
 *
 * @param constants {@code θ_reference = A θ_later + B}
 * @param anchors the shared item ids, sorted
 * @param leaveOneOut the constants with each anchor left out, in the order of {@code anchors}
 */
public record TrendLink(
    LinkingConstants constants, List<String> anchors, List<LinkingConstants> leaveOneOut) {

  /** Fewest shared items for a link with a linking error. */
  public static final int MIN_ANCHORS = 3;

  /**
   * Links the later form to the reference form.
   *
   * @param reference the reference form's calibrated items by id
   * @param later the later form's calibrated items by id
   * @throws IllegalArgumentException with fewer than {@value #MIN_ANCHORS} shared items, or items
   *     shared by id that differ in kind (dichotomous against polytomous)
   * @throws IllegalStateException when Stocking–Lord does not converge
   */
  public static TrendLink stockingLord(
      Map<String, ItemParameters> reference, Map<String, ItemParameters> later) {
    TreeSet<String> shared = new TreeSet<>();
    for (String id : reference.keySet()) {
      if (id != null && later.containsKey(id)) {
        shared.add(id);
      }
    }
    if (shared.size() < MIN_ANCHORS) {
      throw new IllegalArgumentException(
          "a trend needs at least "
              + MIN_ANCHORS
              + " items common to both forms (anchors); these share "
              + shared.size());
    }
    List<String> anchors = List.copyOf(shared);
    LinkingConstants all = link(reference, later, anchors, -1);
    List<LinkingConstants> leaveOneOut = new ArrayList<>();
    for (int i = 0; i < anchors.size(); i++) {
      leaveOneOut.add(link(reference, later, anchors, i));
    }
    return new TrendLink(all, anchors, List.copyOf(leaveOneOut));
  }

  private static LinkingConstants link(
      Map<String, ItemParameters> reference,
      Map<String, ItemParameters> later,
      List<String> anchors,
      int leftOut) {
    List<ItemParameters> x = new ArrayList<>();
    List<ItemParameters> y = new ArrayList<>();
    for (int i = 0; i < anchors.size(); i++) {
      if (i != leftOut) {
        x.add(later.get(anchors.get(i)));
        y.add(reference.get(anchors.get(i)));
      }
    }
    return Linking.stockingLord(x, y).constants();
  }

  /** The jackknife linking error of a statistic computed from the constants. */
  public double linkingError(ToDoubleFunction<LinkingConstants> statistic) {
    int m = leaveOneOut.size();
    double[] values = new double[m];
    double mean = 0;
    for (int i = 0; i < m; i++) {
      values[i] = statistic.applyAsDouble(leaveOneOut.get(i));
      mean += values[i] / m;
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt((m - 1.0) / m * squares);
  }
}
