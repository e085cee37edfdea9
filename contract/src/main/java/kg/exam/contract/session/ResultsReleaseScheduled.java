package kg.exam.contract.session;

import java.time.Instant;

/**
 * A session's results are released to candidates at {@code releaseAt} (nothing is shown before);
 * candidates and their schools may appeal until {@code appealsCloseAt}. A later event of this type
 * before {@code releaseAt} moves the release.
 */
public record ResultsReleaseScheduled(
    String sessionId,
    Instant releaseAt,
    Instant appealsCloseAt,
    String releasedBy,
    Instant scheduledAt) {}
