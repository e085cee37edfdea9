package kg.exam.contract.bank;

/** A reviewed version was approved for exam forms. */
public record BankItemApproved(String itemId, int version, String approvedBy) {}
