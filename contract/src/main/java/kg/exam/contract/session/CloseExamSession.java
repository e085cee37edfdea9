package kg.exam.contract.session;

import java.time.Instant;

/** Closes a session: no sitting can start after it. */
public record CloseExamSession(String sessionId, Instant closedAt, String reason, String closedBy)
    implements ExamSessionCommand {}
