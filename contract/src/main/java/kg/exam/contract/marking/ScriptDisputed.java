package kg.exam.contract.marking;

import java.time.Instant;

/**
 * The two independent marks of a script differ by more than its tolerance: a chief marker
 * adjudicates.
 */
public record ScriptDisputed(
    String sittingId,
    String scriptId,
    String itemId,
    double firstTotal,
    double secondTotal,
    double tolerance,
    Instant disputedAt) {}
