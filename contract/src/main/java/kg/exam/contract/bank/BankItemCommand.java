package kg.exam.contract.bank;

/** A command addressed to one item of the item bank. */
public interface BankItemCommand {
  String itemId();
}
