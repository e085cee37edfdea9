package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * A sitting started. The deadline is fixed by the server: start + duration × (1 + extra time).
 *
 * @param allowedMs time allowed including the accommodation, in milliseconds
 */
public record SittingStarted(
    String sittingId, Instant startedAt, Instant deadline, long allowedMs, List<String> itemIds) {}
