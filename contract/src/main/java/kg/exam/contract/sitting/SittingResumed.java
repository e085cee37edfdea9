package kg.exam.contract.sitting;

import java.time.Instant;

/** A paused sitting resumed; the deadline moved by the length of the pause. */
public record SittingResumed(
    String sittingId, Instant resumedAt, Instant deadline, String reason, String by) {}
