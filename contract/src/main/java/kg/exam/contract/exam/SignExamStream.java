package kg.exam.contract.exam;

/**
 * Signs the head of the exam's stream ({@link kg.exam.contract.trust.StreamHeadSigned}) unless its
 * last event is such a signature already.
 */
public record SignExamStream(String examId) implements ExamCommand {}
