package kg.exam.contract.sitting;

/**
 * The score of one item in a {@link SittingScored}. {@code outcome} is CORRECT, PARTIAL, INCORRECT,
 * UNANSWERED, MALFORMED or NEEDS_HUMAN_MARKING.
 */
public record ItemScoreRecord(String itemId, double score, double maxScore, String outcome) {}
