package kg.exam.contract.session;

import java.time.Instant;

/**
 * Releases a closed session's results to its candidates at {@code releaseAt}, and opens appeals
 * until {@code appealsCloseAt}. May be given again to move a release that has not happened yet.
 */
public record ReleaseResults(
    String sessionId, Instant releaseAt, Instant appealsCloseAt, String releasedBy, Instant now)
    implements ExamSessionCommand {}
