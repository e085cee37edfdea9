package kg.exam.contract.exam;

/** Corrects the key of one item of a published version; makes a new key version. */
public record AmendKey(
    String examId, int version, String itemId, ItemKey key, String reason, String amendedBy)
    implements ExamCommand {}
