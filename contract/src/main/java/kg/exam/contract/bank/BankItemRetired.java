package kg.exam.contract.bank;

/** An item was retired: no new form takes it. */
public record BankItemRetired(String itemId, String reason, String retiredBy) {}
