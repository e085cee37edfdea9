package kg.exam.contract.sitting;

import java.time.Instant;

/** The deadline passed and the sitting was handed in for the candidate. */
public record SittingTimedOut(String sittingId, Instant deadline, Instant timedOutAt) {}
