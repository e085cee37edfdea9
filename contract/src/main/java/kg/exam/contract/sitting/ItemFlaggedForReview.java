package kg.exam.contract.sitting;

import java.time.Instant;

/** The candidate flagged an item to come back to. */
public record ItemFlaggedForReview(String sittingId, String itemId, Instant flaggedAt) {}
