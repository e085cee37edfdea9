package kg.exam.contract.sitting;

import java.time.Instant;

/** The candidate handed in the sitting. */
public record SittingSubmitted(String sittingId, Instant submittedAt) {}
