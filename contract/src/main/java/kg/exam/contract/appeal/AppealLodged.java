package kg.exam.contract.appeal;

import java.time.Instant;

/** An appeal of the sitting's released result, by the candidate or their school. */
public record AppealLodged(
    String sittingId,
    String appealId,
    String lodgedByRole,
    String lodgedBy,
    String reason,
    Instant lodgedAt) {}
