package kg.exam.command.appeal;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.marking.MarkingRecords;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.session.OpenSessions;
import kg.exam.command.sitting.SittingRecords;
import kg.exam.contract.appeal.DecideAppeal;
import kg.exam.contract.appeal.LodgeAppeal;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.RubricCriterion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Appeals: a candidate (or their school) appeals a released result within the session's window; a
 * chief marker reviews the sitting's marked scripts and decides (UPHELD, SCORE_CHANGED with
 * re-marks, REJECTED). Every step is an event of the sitting's signed stream.
 */
@RestController
class AppealController {
  private final CommandGateway commands;
  private final AppealRecords appeals;
  private final SittingRecords sittings;
  private final OpenSessions sessions;
  private final MarkingRecords marking;
  private final PublishedExams exams;
  private final kg.exam.command.bank.BankMedia media;
  private final Clock clock;

  AppealController(
      CommandGateway commands,
      AppealRecords appeals,
      SittingRecords sittings,
      OpenSessions sessions,
      MarkingRecords marking,
      PublishedExams exams,
      kg.exam.command.bank.BankMedia media,
      Clock clock) {
    this.commands = commands;
    this.appeals = appeals;
    this.sittings = sittings;
    this.sessions = sessions;
    this.marking = marking;
    this.exams = exams;
    this.media = media;
    this.clock = clock;
  }

  /**
   * @param reason why the result is wrong, at most 1,000 characters, no names
   */
  record AppealRequest(String reason) {}

  record AppealLodgedView(String appealId, Instant lodgedAt, Instant appealsCloseAt) {}

  @Operation(summary = "Appeal the sitting's released result (the candidate, or their school)")
  @PostMapping("/api/sittings/{sittingId}/appeals")
  @PreAuthorize("hasAnyRole('CANDIDATE', 'SCHOOL')")
  @ResponseStatus(HttpStatus.CREATED)
  AppealLodgedView lodge(@PathVariable String sittingId, @RequestBody AppealRequest request) {
    Actor actor = Actor.current();
    SittingRecords.SittingRow row = sittings.requireOwn(sittingId, actor);
    OpenSessions.Release release = sessions.release(row.sessionId()).orElse(null);
    String appealId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    commands.sendAndWait(
        new LodgeAppeal(
            sittingId,
            appealId,
            actor.role().name(),
            actor.id(),
            request.reason(),
            release == null ? null : release.releaseAt(),
            release == null ? null : release.appealsCloseAt(),
            now));
    return new AppealLodgedView(appealId, now, release.appealsCloseAt());
  }

  /** An appeal as listed; {@code sittingId} only for centre administrators and auditors. */
  record AppealSummary(
      String appealId,
      String sittingId,
      String lodgedByRole,
      String reason,
      Instant lodgedAt,
      String outcome,
      String decisionReason,
      Instant decidedAt) {}

  @Operation(summary = "The session's appeals, oldest first")
  @GetMapping("/api/sessions/{sessionId}/appeals")
  @PreAuthorize("hasAnyRole('CHIEF_MARKER', 'CENTRE_ADMIN', 'AUDITOR')")
  List<AppealSummary> ofSession(@PathVariable String sessionId) {
    Actor actor = Actor.current();
    actor.requireCentre(sessions.require(sessionId).centreId());
    return appeals.ofSession(sessionId).stream().map(a -> summary(a, actor)).toList();
  }

  private static AppealSummary summary(AppealRecords.AppealRow a, Actor actor) {
    return new AppealSummary(
        a.appealId(),
        actor.is(Role.CHIEF_MARKER) ? null : a.sittingId(),
        a.lodgedByRole(),
        a.reason(),
        a.lodgedAt(),
        a.outcome(),
        a.decisionReason(),
        a.decidedAt());
  }

  /** A mark of a script as the reviewer sees it: the round and the points, not who gave them. */
  record ReviewMark(int round, Map<String, Double> criterionScores, Double total) {}

  record ReviewScript(
      String scriptId,
      String itemId,
      String prompt,
      List<RubricCriterion> rubric,
      List<String> response,
      Double finalTotal,
      List<ReviewMark> marks) {}

  record AppealReview(AppealSummary appeal, int keyVersion, List<ReviewScript> scripts) {}

  @Operation(summary = "An appeal with the sitting's marked scripts, for review")
  @GetMapping("/api/appeals/{appealId}")
  @PreAuthorize("hasAnyRole('CHIEF_MARKER', 'CENTRE_ADMIN', 'AUDITOR')")
  AppealReview review(@PathVariable String appealId) {
    Actor actor = Actor.current();
    AppealRecords.AppealRow appeal = appeal(appealId);
    OpenSessions.SessionRow session = sessions.require(appeal.sessionId());
    actor.requireCentre(session.centreId());
    PublishedExam exam = exam(session);
    // the tasks as the candidate was shown them, in the language they sat the exam in
    kg.exam.contract.exam.ExamContent form = asSat(exam, appeal.sittingId());
    List<ReviewScript> scripts = new ArrayList<>();
    for (MarkingRecords.ScriptRow s : marking.ofSitting(appeal.sittingId())) {
      ItemDefinition item = item(form, s.itemId());
      scripts.add(
          new ReviewScript(
              s.scriptId(),
              s.itemId(),
              item.prompt(),
              item.key() == null ? List.of() : item.key().rubric(),
              s.response(),
              marking.finalTotal(s.scriptId()),
              marking.rounds(s.scriptId()).stream()
                  .filter(r -> r.total() != null)
                  .map(r -> new ReviewMark(r.round(), r.criteria(), r.total()))
                  .toList()));
    }
    return new AppealReview(summary(appeal, actor), exam.keyVersion(), scripts);
  }

  @Operation(summary = "Read a picture or sound a task of an appeal's scripts shows")
  @GetMapping("/api/appeals/{appealId}/media/{sha256}")
  @PreAuthorize("hasAnyRole('CHIEF_MARKER', 'CENTRE_ADMIN', 'AUDITOR')")
  org.springframework.http.ResponseEntity<byte[]> medium(
      @PathVariable String appealId, @PathVariable String sha256) {
    Actor actor = Actor.current();
    AppealRecords.AppealRow appeal = appeal(appealId);
    OpenSessions.SessionRow session = sessions.require(appeal.sessionId());
    actor.requireCentre(session.centreId());
    kg.exam.contract.exam.ExamContent form = asSat(exam(session), appeal.sittingId());
    boolean shown =
        marking.ofSitting(appeal.sittingId()).stream()
            .anyMatch(
                s ->
                    kg.exam.contract.exam.PromptMedia.hashes(item(form, s.itemId()))
                        .contains(sha256));
    if (!shown) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND, "The appeal's tasks show no medium " + sha256 + ".");
    }
    return media.served(sha256);
  }

  /**
   * @param outcome UPHELD, SCORE_CHANGED or REJECTED
   * @param reason the decision's reason, shown to the candidate
   * @param remarks SCORE_CHANGED: points per criterion of each script re-marked
   */
  record DecisionRequest(String outcome, String reason, Map<String, Map<String, Double>> remarks) {}

  @Operation(summary = "Decide an appeal (a chief marker)")
  @PostMapping("/api/appeals/{appealId}/decision")
  @PreAuthorize("hasRole('CHIEF_MARKER')")
  AppealSummary decide(@PathVariable String appealId, @RequestBody DecisionRequest request) {
    Actor actor = Actor.current();
    AppealRecords.AppealRow appeal = appeal(appealId);
    OpenSessions.SessionRow session = sessions.require(appeal.sessionId());
    actor.requireCentre(session.centreId());
    PublishedExam exam = exam(session);
    Map<String, List<RubricCriterion>> rubrics = new HashMap<>();
    for (ItemDefinition item : exam.content().items()) {
      if (item.key() != null) {
        rubrics.put(item.itemId(), item.key().rubric());
      }
    }
    Map<String, Map<String, Double>> remarks =
        request.remarks() == null ? Map.of() : request.remarks();
    for (Map<String, Double> points : remarks.values()) {
      if (points == null
          || points.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
        throw new RuleViolation(
            ProblemType.INVALID_APPEAL_DECISION, "Every re-mark needs points per criterion.");
      }
    }
    commands.sendAndWait(
        new DecideAppeal(
            appeal.sittingId(),
            appealId,
            request.outcome(),
            request.reason(),
            actor.id(),
            remarks,
            exam.keyVersion(),
            rubrics,
            clock.instant()));
    return summary(appeal(appealId), actor);
  }

  private AppealRecords.AppealRow appeal(String appealId) {
    return appeals
        .find(appealId)
        .orElseThrow(() -> new RuleViolation(ProblemType.NOT_FOUND, "No appeal " + appealId + "."));
  }

  private PublishedExam exam(OpenSessions.SessionRow session) {
    return exams
        .find(session.examId(), session.examVersion())
        .orElseThrow(() -> new IllegalStateException("exam of session " + session.sessionId()));
  }

  /** The exam version as the sitting's candidate sat it: in their language when it offers it. */
  private kg.exam.contract.exam.ExamContent asSat(PublishedExam exam, String sittingId) {
    String language =
        sittings
            .find(sittingId)
            .map(kg.exam.command.sitting.SittingRecords.SittingRow::instructionLanguage)
            .orElse(null);
    return exam.content().in(exam.content().languageFor(language));
  }

  private static ItemDefinition item(kg.exam.contract.exam.ExamContent form, String itemId) {
    return form.items().stream()
        .filter(i -> i.itemId().equals(itemId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("item " + itemId + " not in its exam"));
  }
}
