package kg.exam.command.problem;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * Matches a refusal by its exception type and its stable problem type, the two things clients rely
 * on.
 */
public final class RuleViolationMatcher extends TypeSafeDiagnosingMatcher<Throwable> {
  private final ProblemType expected;

  private RuleViolationMatcher(ProblemType expected) {
    this.expected = expected;
  }

  /** A {@link RuleViolation} whose {@link RuleViolation#type()} is {@code expected}. */
  public static Matcher<Throwable> ruleViolation(ProblemType expected) {
    return new RuleViolationMatcher(expected);
  }

  @Override
  protected boolean matchesSafely(Throwable actual, Description mismatch) {
    if (!(actual instanceof RuleViolation violation)) {
      mismatch.appendText("was ").appendValue(actual);
      return false;
    }
    if (violation.type() != expected) {
      mismatch
          .appendText("was a RuleViolation of type ")
          .appendValue(violation.type())
          .appendText(": ")
          .appendText(violation.getMessage());
      return false;
    }
    return true;
  }

  @Override
  public void describeTo(Description description) {
    description.appendText("a RuleViolation of type ").appendValue(expected);
  }
}
