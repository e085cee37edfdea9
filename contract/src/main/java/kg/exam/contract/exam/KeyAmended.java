package kg.exam.contract.exam;

/**
 * The key of one item of a published version was corrected; {@code keyVersion} is the new key
 * version of that exam version.
 */
public record KeyAmended(
    String examId,
    int version,
    int keyVersion,
    String itemId,
    ItemKey key,
    String reason,
    String amendedBy) {}
