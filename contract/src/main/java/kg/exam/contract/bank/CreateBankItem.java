package kg.exam.contract.bank;

/** Adds an item to the bank as version 1, a draft written by {@code createdBy}. */
public record CreateBankItem(String itemId, BankItemContent content, String createdBy)
    implements BankItemCommand {}
