package kg.exam.contract.session;

import java.time.Instant;

/** An exam session was closed. */
public record ExamSessionClosed(
    String sessionId, Instant closedAt, String reason, String closedBy) {}
