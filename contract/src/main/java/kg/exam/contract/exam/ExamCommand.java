package kg.exam.contract.exam;

/** A command addressed to one exam aggregate. */
public interface ExamCommand {
  String examId();
}
