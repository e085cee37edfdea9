package kg.exam.contract.sitting;

import java.time.Instant;

/** The candidate hands in the sitting. */
public record SubmitSitting(String sittingId, Instant now) implements SittingCommand {}
