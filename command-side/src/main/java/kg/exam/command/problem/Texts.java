package kg.exam.command.problem;

/** Rules for free text from outside that read tables keep as text. */
public final class Texts {
  private Texts() {}

  /**
   * Refuses a text holding a NUL character, which PostgreSQL text cannot store (the event would be
   * stored, and its read table's update would fail the command).
   *
   * @throws RuleViolation {@code invalid-request}
   */
  public static void requireStorable(String field, String text) {
    if (text != null && text.indexOf('\u0000') >= 0) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, field + " holds a NUL character, which cannot be stored.");
    }
  }
}
