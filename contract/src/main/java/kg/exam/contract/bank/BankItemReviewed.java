package kg.exam.contract.bank;

/**
 * A reviewer's verdict on a version: accepted (now reviewed) or returned to its writer.
 *
 * @param comment what the reviewer says; required when returned
 */
public record BankItemReviewed(
    String itemId, int version, boolean accepted, String comment, String reviewedBy) {}
