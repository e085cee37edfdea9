package kg.exam.contract.bank;

/** A command addressed to one competency framework. */
public interface FrameworkCommand {
  String frameworkId();
}
