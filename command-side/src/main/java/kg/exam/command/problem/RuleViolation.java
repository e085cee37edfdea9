package kg.exam.command.problem;

/**
 * A refusal by a business rule. Thrown by aggregates and services before anything is applied, so
 * the refused request changes nothing.
 */
public final class RuleViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;

  public RuleViolation(ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  public ProblemType type() {
    return type;
  }
}
