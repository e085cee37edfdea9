package kg.exam.contract.exam;

/**
 * Excludes one item of a published version from scoring, by a recorded decision (e.g. after DIF
 * between language groups flagged it): the item keeps its place on the paper and its item score,
 * and counts for nothing in any total. Makes a new key version; every sitting is scored again.
 *
 * @param reason why, in words (required)
 * @param evidence what the decision rests on, e.g. {@code dif:language:ru:ets=C} (optional)
 */
public record ExcludeItem(
    String examId, int version, String itemId, String reason, String evidence, String excludedBy)
    implements ExamCommand {}
