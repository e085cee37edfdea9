package kg.exam.contract.session;

import java.time.Instant;

/** Opens a published exam version at a centre (and school) for a window of time. */
public record OpenExamSession(
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String schoolId,
    Instant opensAt,
    Instant closesAt,
    String openedBy)
    implements ExamSessionCommand {}
