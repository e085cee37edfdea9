package kg.exam.contract.exam;

/** Publishes the draft as the next immutable version. */
public record PublishExam(String examId, String publishedBy) implements ExamCommand {}
