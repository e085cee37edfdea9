package kg.exam.contract.bank;

/** A command addressed to one form assembly. */
public interface AssemblyCommand {
  String assemblyId();
}
