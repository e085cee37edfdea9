package kg.exam.contract.marking;

import java.time.Instant;

/**
 * A script has its final mark.
 *
 * @param total the final rubric total
 * @param basis SINGLE, MEAN_OF_TWO, ADJUDICATOR or CLOSEST_PAIR_MEAN
 */
public record ScriptResolved(
    String sittingId,
    String scriptId,
    String itemId,
    double total,
    String basis,
    Instant resolvedAt) {}
