package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * A sitting got extra time; {@code deadline} is the new deadline (or, while paused, unchanged and
 * the remaining time grew).
 */
public record SittingTimeExtended(
    String sittingId,
    Instant extendedAt,
    int minutes,
    Instant deadline,
    long remainingMs,
    String reason,
    String by) {}
