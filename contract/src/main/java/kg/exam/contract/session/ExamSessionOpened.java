package kg.exam.contract.session;

import java.time.Instant;

/** An exam session was opened. */
public record ExamSessionOpened(
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String schoolId,
    Instant opensAt,
    Instant closesAt,
    String openedBy) {}
