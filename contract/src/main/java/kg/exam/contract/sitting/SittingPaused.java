package kg.exam.contract.sitting;

import java.time.Instant;

/** A sitting was paused with {@code remainingMs} left on its clock. */
public record SittingPaused(
    String sittingId, Instant pausedAt, long remainingMs, String reason, String by) {}
