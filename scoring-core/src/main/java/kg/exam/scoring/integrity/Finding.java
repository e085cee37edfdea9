package kg.exam.scoring.integrity;

import java.util.Map;

/**
 * One lead for a human reviewer: what stands out, about which sittings, how strongly. Never a
 * sanction: a flag says that honest candidates rarely look like this (at the stated rate), not that
 * these did not work honestly.
 *
 * @param kind the analysis that raised it
 * @param severity {@link Severity#HIGH} below the high rate, else {@link Severity#MEDIUM}
 * @param sittings the cohort indexes of the sittings concerned (two for a pair; a place's for a
 *     cluster)
 * @param place the place index (room, station or school) or −1
 * @param statistic the test statistic (a z score, or the person-fit chi-square)
 * @param pValue its upper-tail probability under honest work
 * @param detail the numbers behind it, named (see each analysis)
 * @param items the items that carry the evidence (matching answers, fast items, changed items), in
 *     the order of their weight; empty for a cluster
 */
public record Finding(
    Kind kind,
    Severity severity,
    int[] sittings,
    int place,
    double statistic,
    double pValue,
    Map<String, Object> detail,
    int[] items) {

  /** The analyses. */
  public enum Kind {
    /** Two candidates' answers match more than their abilities explain (Wollack's ω). */
    SIMILARITY,
    /** A sitting's item times do not fit the lognormal model (van der Linden's l_z). */
    RESPONSE_TIME,
    /** A sitting much faster than its score predicts. */
    SPEED,
    /** More wrong-to-right changes than candidates of the same ability make. */
    ANSWER_CHANGES,
    /** A place whose results, speed or flags stand out among places. */
    CLUSTER
  }

  /** How unlikely under honest work. */
  public enum Severity {
    HIGH,
    MEDIUM
  }
}
