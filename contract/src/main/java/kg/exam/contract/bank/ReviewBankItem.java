package kg.exam.contract.bank;

/**
 * A reviewer's verdict on the latest version, a draft: accepted (it becomes reviewed) or returned
 * to its writer with a comment (it stays a draft). Never by the version's own writer.
 */
public record ReviewBankItem(
    String itemId, int version, boolean accepted, String comment, String reviewedBy)
    implements BankItemCommand {}
