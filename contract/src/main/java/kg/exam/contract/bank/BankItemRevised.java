package kg.exam.contract.bank;

/** A new version of a bank item was written, a draft; every earlier version is kept as it was. */
public record BankItemRevised(
    String itemId, int version, BankItemContent content, String revisedBy) {}
