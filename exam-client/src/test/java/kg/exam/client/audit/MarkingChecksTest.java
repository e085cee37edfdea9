package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.command.demo.DemoExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier's marking checks refuse what a forger (or a faulty server) could write into a
 * sitting's stream and sign: outcomes that do not follow from the marks, missing outcomes, marks
 * that do not add up, a marker on both rounds, an appeal decision that does not match its re-marks.
 * The demo exam's q9 has a rubric of statement (2) and example (2).
 */
class MarkingChecksTest {
  private static final Instant AT = Instant.parse("2026-06-01T08:00:00Z");
  private static final ExamContent EXAM = DemoExam.content();
  private MarkingChecks checks;

  @BeforeEach
  void anOpenScriptMarkedTwice() throws Exception {
    checks = new MarkingChecks();
    checks.opened(
        new ScriptsOpenedForMarking(
            "s",
            1,
            List.of(new MarkingScript("x", "q9", 3, List.of("essay"), 4, 2, 1, "ADJUDICATOR")),
            AT),
        Map.of("q9", 3L),
        Map.of(3L, List.of("essay")),
        EXAM);
    checks.allocated(new ScriptAllocated("s", "x", "m1", 1, AT));
  }

  private static ScriptMarked mark(String marker, int round, double a, double b) {
    return new ScriptMarked(
        "s", "x", "q9", marker, round, Map.of("statement", a, "example", b), a + b, null, 1, AT);
  }

  @Test
  void aResolvingMarkMakesItsOutcomeDueAndTheOutcomeMustMatchTheMarks() throws Exception {
    checks.marked(mark("m1", 1, 2, 1), EXAM);
    assertThat(checks.pending()).isNull(); // one of two marks: nothing is due
    checks.allocated(new ScriptAllocated("s", "x", "m2", 2, AT));
    checks.marked(mark("m2", 2, 2, 2), EXAM);
    assertThat(checks.pending()).isEqualTo("RESOLVED:x");
    assertThatThrownBy(
            () -> checks.resolved(new ScriptResolved("s", "x", "q9", 4, "MEAN_OF_TWO", AT)))
        .isInstanceOf(MarkingChecks.Refused.class)
        .hasMessageContaining("3.5");
    checks.resolved(new ScriptResolved("s", "x", "q9", 3.5, "MEAN_OF_TWO", AT));
    assertThat(checks.finalMarks()).containsEntry("q9", 3.5);
  }

  @Test
  void aDisputeMustStateTheTwoMarksAndTheTolerance() throws Exception {
    checks.marked(mark("m1", 1, 2, 2), EXAM);
    checks.allocated(new ScriptAllocated("s", "x", "m2", 2, AT));
    checks.marked(mark("m2", 2, 0, 1), EXAM);
    assertThat(checks.pending()).isEqualTo("DISPUTED:x");
    assertThatThrownBy(() -> checks.disputed(new ScriptDisputed("s", "x", "q9", 4, 0, 1, AT)))
        .isInstanceOf(MarkingChecks.Refused.class);
    checks.disputed(new ScriptDisputed("s", "x", "q9", 4, 1, 1, AT));
    assertThatThrownBy(
            () -> checks.resolved(new ScriptResolved("s", "x", "q9", 2.5, "MEAN_OF_TWO", AT)))
        .as("no resolution without the adjudication")
        .isInstanceOf(MarkingChecks.Refused.class);
  }

  @Test
  void refusesAMarkWhoseCriteriaDoNotAddUpAndAMarkerOnBothRounds() throws Exception {
    ScriptMarked wrongTotal =
        new ScriptMarked(
            "s", "x", "q9", "m1", 1, Map.of("statement", 2.0, "example", 2.0), 3, null, 1, AT);
    assertThatThrownBy(() -> checks.marked(wrongTotal, EXAM))
        .isInstanceOf(MarkingChecks.Refused.class)
        .hasMessageContaining("add up");
    assertThatThrownBy(() -> checks.allocated(new ScriptAllocated("s", "x", "m1", 2, AT)))
        .isInstanceOf(MarkingChecks.Refused.class);
  }

  @Test
  void anAppealDecisionMustMatchItsReMarks() throws Exception {
    checks.marked(mark("m1", 1, 2, 2), EXAM);
    checks.allocated(new ScriptAllocated("s", "x", "m2", 2, AT));
    checks.marked(mark("m2", 2, 2, 2), EXAM);
    checks.resolved(new ScriptResolved("s", "x", "q9", 4, "MEAN_OF_TWO", AT));
    checks.appealLodged();
    assertThatThrownBy(() -> checks.appealDecided("SCORE_CHANGED"))
        .as("a changed score without a re-mark")
        .isInstanceOf(MarkingChecks.Refused.class);
    checks.marked(mark("chief", 4, 1, 1), EXAM);
    checks.resolved(new ScriptResolved("s", "x", "q9", 2, "APPEAL", AT));
    assertThatThrownBy(() -> checks.appealDecided("REJECTED"))
        .as("a rejection after a re-mark")
        .isInstanceOf(MarkingChecks.Refused.class);
    checks.appealDecided("SCORE_CHANGED");
    assertThat(checks.finalMarks()).containsEntry("q9", 2.0);
  }
}
