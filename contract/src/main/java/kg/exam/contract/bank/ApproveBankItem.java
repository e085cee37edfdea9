package kg.exam.contract.bank;

/**
 * Approves the latest version, once reviewed, for use on exam forms; never by its own writer. The
 * version approved before it stays on the forms that took it.
 */
public record ApproveBankItem(String itemId, int version, String approvedBy)
    implements BankItemCommand {}
