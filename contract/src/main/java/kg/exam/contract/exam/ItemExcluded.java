package kg.exam.contract.exam;

/**
 * An item of a published version excluded from scoring by a recorded decision: from key version
 * {@code keyVersion} on, its weight is 0, so it adds nothing to any total or maximum (its item
 * score is still recorded). On the exam's signed stream like {@link KeyAmended}, so the offline
 * verifier re-scores with it.
 *
 * @param reason why, in words
 * @param evidence what the decision rests on (may be null)
 * @param excludedBy the staff account that decided
 */
public record ItemExcluded(
    String examId,
    int version,
    int keyVersion,
    String itemId,
    String reason,
    String evidence,
    String excludedBy) {}
