package kg.exam.command.sitting;

import kg.exam.command.config.IsolatedCommands;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.marking.MarkingPlans;
import kg.exam.contract.appeal.AppealDecided;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.KeyAmended;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.sitting.ScoreSitting;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimedOut;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Scores every sitting when it is handed in, and re-scores every handed-in sitting of an exam
 * version when one of its keys is amended or one of its items is excluded from scoring, and scores
 * a sitting again once every answer that waited for a human marker has its final mark. Runs in a
 * tracking processor whose token is stored with the events, so a crash between hand-in and score
 * only delays the score. Each score is its own transaction ({@link IsolatedCommands}): a sitting
 * that cannot be scored is parked in the processor's dead-letter queue and every other sitting is
 * scored on.
 */
@Component
@ProcessingGroup(SittingScoringPolicy.GROUP)
class SittingScoringPolicy {
  static final String GROUP = "sitting-scoring";

  private final IsolatedCommands commands;
  private final SittingRecords sittings;
  private final PublishedExams exams;
  private final MarkingPlans markingPlans;

  SittingScoringPolicy(
      IsolatedCommands commands,
      SittingRecords sittings,
      PublishedExams exams,
      MarkingPlans markingPlans) {
    this.commands = commands;
    this.sittings = sittings;
    this.exams = exams;
    this.markingPlans = markingPlans;
  }

  @EventHandler
  void on(SittingSubmitted event) {
    score(event.sittingId(), "SUBMITTED");
  }

  @EventHandler
  void on(SittingTimedOut event) {
    score(event.sittingId(), "TIMED_OUT");
  }

  /** A script got its final mark: once every script of the sitting has one, it is scored again. */
  @EventHandler
  void on(ScriptResolved event) {
    if (!"APPEAL".equals(event.basis())) { // an appeal's re-marks are scored with its decision
      score(event.sittingId(), "MARKED");
    }
  }

  /** An appeal that changed marks: the sitting is scored again with them. */
  @EventHandler
  void on(AppealDecided event) {
    if ("SCORE_CHANGED".equals(event.outcome())) {
      score(event.sittingId(), "APPEAL");
    }
  }

  @EventHandler
  void on(KeyAmended event) {
    for (String sittingId : sittings.finishedSittingIds(event.examId(), event.version())) {
      score(sittingId, "KEY_AMENDED");
    }
  }

  @EventHandler
  void on(ItemExcluded event) {
    for (String sittingId : sittings.finishedSittingIds(event.examId(), event.version())) {
      score(sittingId, "ITEM_EXCLUDED");
    }
  }

  private void score(String sittingId, String reason) {
    SittingRecords.SittingRow row =
        sittings
            .find(sittingId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "sitting " + sittingId + " missing from the read table"));
    PublishedExam exam =
        exams
            .find(row.examId(), row.examVersion())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "exam " + row.examId() + " v" + row.examVersion() + " missing"));
    commands.sendAndWait(
        new ScoreSitting(
            sittingId,
            exam.examId(),
            exam.version(),
            exam.keyVersion(),
            // the key of the language the candidate sat in: a short text's answers are its words
            exam.content().in(exam.content().languageFor(row.instructionLanguage())).items(),
            exam.content().scoring(),
            reason,
            markingPlans.plan(row.sessionId())));
  }
}
