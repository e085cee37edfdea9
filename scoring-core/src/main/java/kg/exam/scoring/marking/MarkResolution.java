package kg.exam.scoring.marking;

import java.util.Objects;

/**
 * The state and final mark of one script (one candidate's answer to one human-marked item) from the
 * marks it has so far. Pure and deterministic: the command side applies it as marks arrive, and the
 * offline verifier applies it again to the marks in the signed stream.
 *
 * <ul>
 *   <li>Marked once (single marking): the mark is final.
 *   <li>Marked twice: if the two totals differ by at most the tolerance, the final mark is their
 *       mean; otherwise the script is disputed and waits for an adjudicator.
 *   <li>Disputed and adjudicated: by {@link ResolutionRule}.
 * </ul>
 */
public final class MarkResolution {
  private MarkResolution() {}

  /** Where a script stands. */
  public enum State {
    /** Fewer independent marks than required. */
    AWAITING_MARKS,
    /** Two marks further apart than the tolerance, no adjudication yet. */
    DISPUTED,
    /** A final mark exists. */
    RESOLVED
  }

  /**
   * @param state where the script stands
   * @param total the final rubric total when {@link State#RESOLVED}, else {@code NaN}
   * @param basis how the final mark was reached: SINGLE, MEAN_OF_TWO, ADJUDICATOR or
   *     CLOSEST_PAIR_MEAN; null unless resolved
   */
  public record Outcome(State state, double total, String basis) {
    static Outcome awaiting() {
      return new Outcome(State.AWAITING_MARKS, Double.NaN, null);
    }

    static Outcome resolved(double total, String basis) {
      return new Outcome(State.RESOLVED, total, basis);
    }
  }

  /**
   * @param marksRequired independent marks the script needs, 1 or 2
   * @param tolerance the largest difference between two marks' totals that needs no adjudication
   * @param rule how an adjudicated script resolves
   * @param first the first independent mark's total, or null
   * @param second the second independent mark's total, or null
   * @param adjudication the adjudicator's total, or null
   * @return the script's state and, when resolved, its final total
   * @throws IllegalArgumentException for marksRequired outside 1..2, a negative or non-finite
   *     tolerance, or an adjudication of a script that is not disputed
   */
  public static Outcome resolve(
      int marksRequired,
      double tolerance,
      ResolutionRule rule,
      Double first,
      Double second,
      Double adjudication) {
    Objects.requireNonNull(rule, "rule");
    if (marksRequired < 1 || marksRequired > 2) {
      throw new IllegalArgumentException("marksRequired=" + marksRequired + " must be 1 or 2");
    }
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException("tolerance=" + tolerance + " must be finite and >= 0");
    }
    if (first == null) {
      return Outcome.awaiting();
    }
    if (marksRequired == 1) {
      return Outcome.resolved(first, "SINGLE");
    }
    if (second == null) {
      return Outcome.awaiting();
    }
    if (!disputed(tolerance, first, second)) {
      if (adjudication != null) {
        throw new IllegalArgumentException("an adjudication of a script that is not disputed");
      }
      return Outcome.resolved((first + second) / 2, "MEAN_OF_TWO");
    }
    if (adjudication == null) {
      return new Outcome(State.DISPUTED, Double.NaN, null);
    }
    if (rule == ResolutionRule.ADJUDICATOR) {
      return Outcome.resolved(adjudication, "ADJUDICATOR");
    }
    double[][] pairs = {{first, adjudication}, {second, adjudication}, {first, second}};
    double[] best = pairs[0];
    for (double[] pair : pairs) {
      if (Math.abs(pair[0] - pair[1]) < Math.abs(best[0] - best[1])) {
        best = pair;
      }
    }
    return Outcome.resolved((best[0] + best[1]) / 2, "CLOSEST_PAIR_MEAN");
  }

  /**
   * Whether two totals are further apart than the tolerance. A tiny slack (1e-9) absorbs the
   * rounding of sums of half points.
   */
  public static boolean disputed(double tolerance, double first, double second) {
    return Math.abs(first - second) > tolerance + 1e-9;
  }
}
