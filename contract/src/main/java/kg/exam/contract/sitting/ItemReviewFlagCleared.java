package kg.exam.contract.sitting;

import java.time.Instant;

/** The candidate cleared the review flag of an item. */
public record ItemReviewFlagCleared(String sittingId, String itemId, Instant clearedAt) {}
