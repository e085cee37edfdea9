package kg.exam.contract.bank;

/** Retires an item: no new form takes it; the forms that did keep it. */
public record RetireBankItem(String itemId, String reason, String retiredBy)
    implements BankItemCommand {}
