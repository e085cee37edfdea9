package kg.exam.contract.session;

/**
 * Signs the head of the session's stream ({@link kg.exam.contract.trust.StreamHeadSigned}) unless
 * its last event is such a signature already.
 */
public record SignSessionStream(String sessionId) implements ExamSessionCommand {}
