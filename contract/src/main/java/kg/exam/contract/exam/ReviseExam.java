package kg.exam.contract.exam;

/** Replaces the draft content; after a publication this starts the next version. */
public record ReviseExam(String examId, ExamContent content, String revisedBy)
    implements ExamCommand {}
