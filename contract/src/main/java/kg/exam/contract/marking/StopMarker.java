package kg.exam.contract.marking;

import java.time.Instant;
import kg.exam.contract.session.ExamSessionCommand;

/** Stops a marker in a session: no more scripts, and their unresolved rounds go to others. */
public record StopMarker(
    String sessionId, String markerId, String reason, String stoppedBy, Instant now)
    implements ExamSessionCommand {}
