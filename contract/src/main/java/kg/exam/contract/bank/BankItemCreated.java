package kg.exam.contract.bank;

/** A bank item was written: version 1, a draft. */
public record BankItemCreated(
    String itemId, int version, BankItemContent content, String createdBy) {}
