package kg.exam.contract.session;

/** A command addressed to one exam session aggregate. */
public interface ExamSessionCommand {
  String sessionId();
}
