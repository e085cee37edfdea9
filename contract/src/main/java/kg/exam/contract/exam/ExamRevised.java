package kg.exam.contract.exam;

/** The draft content of an exam was replaced. */
public record ExamRevised(String examId, ExamContent content, String revisedBy) {}
