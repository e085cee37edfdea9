package kg.exam.contract.marking;

import java.time.Instant;

/** A marker may mark no more in the session; their unresolved rounds are released. */
public record MarkerStopped(
    String sessionId, String markerId, String reason, String stoppedBy, Instant stoppedAt) {}
