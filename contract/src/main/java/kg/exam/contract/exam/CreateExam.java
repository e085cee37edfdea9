package kg.exam.contract.exam;

/** Creates a draft exam. {@code createdBy} is a staff account id, never a name. */
public record CreateExam(String examId, ExamContent content, String createdBy)
    implements ExamCommand {}
