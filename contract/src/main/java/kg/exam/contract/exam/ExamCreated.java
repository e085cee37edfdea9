package kg.exam.contract.exam;

/** A draft exam was created. */
public record ExamCreated(String examId, ExamContent content, String createdBy) {}
