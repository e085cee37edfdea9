package kg.exam.contract.sitting;

/** A command addressed to one sitting aggregate. */
public interface SittingCommand {
  String sittingId();
}
