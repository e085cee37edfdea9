package kg.exam.contract.exam;

/** A version of an exam was published; its content never changes, only its keys can be amended. */
public record ExamPublished(
    String examId, int version, int keyVersion, ExamContent content, String publishedBy) {}
