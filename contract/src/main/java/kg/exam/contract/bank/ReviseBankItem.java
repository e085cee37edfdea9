package kg.exam.contract.bank;

/**
 * Writes the next version of a bank item, a draft again; the versions before it stay as they were.
 *
 * @param basedOn the version the writer edited: refused when another version came after it, so that
 *     two writers never overwrite each other unseen
 */
public record ReviseBankItem(String itemId, int basedOn, BankItemContent content, String revisedBy)
    implements BankItemCommand {}
