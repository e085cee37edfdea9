package kg.exam.command.release;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.command.appeal.AppealRecords;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.results.SessionResults;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.session.OpenSessions;
import kg.exam.command.sitting.SittingHistory;
import kg.exam.command.sitting.SittingRecords;
import kg.exam.command.trust.Receipts;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.session.ReleaseResults;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.trust.receipt.ResultReceipt;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Results release: the centre releases a closed session's final results at a set time, with an
 * appeal window; from then on a candidate (and their school) read the result and its receipt.
 * Before the release, candidates and schools are refused with {@code results-not-released}.
 */
@RestController
class ReleaseController {
  private final CommandGateway commands;
  private final OpenSessions sessions;
  private final SittingRecords sittings;
  private final SittingHistory history;
  private final PublishedExams exams;
  private final AppealRecords appeals;
  private final Receipts receipts;
  private final ResultExports exports;
  private final SessionResults results;
  private final kg.exam.command.trust.SessionTreeHeads treeHeads;
  private final kg.exam.command.trust.TrustProperties trust;
  private final Clock clock;

  ReleaseController(
      CommandGateway commands,
      OpenSessions sessions,
      SittingRecords sittings,
      SittingHistory history,
      PublishedExams exams,
      AppealRecords appeals,
      Receipts receipts,
      ResultExports exports,
      SessionResults results,
      kg.exam.command.trust.SessionTreeHeads treeHeads,
      kg.exam.command.trust.TrustProperties trust,
      Clock clock) {
    this.commands = commands;
    this.sessions = sessions;
    this.sittings = sittings;
    this.history = history;
    this.exams = exams;
    this.appeals = appeals;
    this.receipts = receipts;
    this.exports = exports;
    this.results = results;
    this.treeHeads = treeHeads;
    this.trust = trust;
    this.clock = clock;
  }

  /**
   * @param releaseAt when candidates see their results; now when absent
   * @param appealsCloseAt the end of the appeal window, after {@code releaseAt}
   */
  record ReleaseRequest(Instant releaseAt, Instant appealsCloseAt) {}

  record ReleaseView(
      String sessionId, Instant releaseAt, Instant appealsCloseAt, boolean released) {}

  @Operation(summary = "Release the closed session's final results at a set time")
  @PostMapping("/api/sessions/{sessionId}/results/release")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  ReleaseView release(@PathVariable String sessionId, @RequestBody ReleaseRequest request) {
    sessions.require(sessionId);
    long open = sittings.notFinal(sessionId);
    if (open > 0) {
      throw new RuleViolation(
          ProblemType.RESULTS_NOT_READY,
          open
              + " sitting(s) of session "
              + sessionId
              + " are still running, unscored or waiting for a marker: only final results are"
              + " released.");
    }
    commands.sendAndWait(
        new ReleaseResults(
            sessionId,
            request.releaseAt(),
            request.appealsCloseAt(),
            Actor.current().id(),
            clock.instant()));
    if (trust.enabled()) {
      // the receipts of the released results need a tree head holding every sitting's final seal
      try {
        treeHeads.publish(sessionId, Actor.current().id());
      } catch (RuleViolation nothingSealed) {
        // no sealed sitting yet: receipts wait for a tree head published by hand
      }
    }
    return releaseView(sessionId);
  }

  @Operation(summary = "When the session's results are released and its appeals close")
  @GetMapping("/api/sessions/{sessionId}/results/release")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR')")
  ReleaseView releaseOf(@PathVariable String sessionId) {
    sessions.require(sessionId);
    return releaseView(sessionId);
  }

  private ReleaseView releaseView(String sessionId) {
    OpenSessions.Release r = sessions.release(sessionId).orElse(null);
    return new ReleaseView(
        sessionId,
        r == null ? null : r.releaseAt(),
        r == null ? null : r.appealsCloseAt(),
        r != null && r.releasedBy(clock.instant()));
  }

  record SectionResult(String sectionId, double points, double maxPoints) {}

  record AppealView(
      String appealId,
      String lodgedByRole,
      String reason,
      Instant lodgedAt,
      String outcome,
      String decisionReason,
      Instant decidedAt) {}

  /**
   * A sitting's result as released: totals, grade, each section, whether it is final (no answer
   * waits for a marker), the scaled score once the session's results are finalised (IRT; null
   * before, or for a sitting outside the calibration), the appeal if any and whether one may still
   * be lodged.
   */
  record ResultView(
      String sittingId,
      String sessionId,
      Instant releaseAt,
      Instant appealsCloseAt,
      boolean finalResult,
      double rawTotal,
      double maxTotal,
      double percentage,
      boolean passed,
      int grade,
      boolean gradeWithheld,
      Double scaledScore,
      List<SectionResult> sections,
      String scoredFor,
      Instant scoredAt,
      AppealView appeal,
      boolean canAppeal) {}

  @Operation(summary = "The sitting's released result (the candidate's own, a school's own)")
  @GetMapping("/api/sittings/{sittingId}/result")
  @PreAuthorize("hasAnyRole('CANDIDATE', 'SCHOOL', 'CENTRE_ADMIN', 'AUDITOR')")
  ResultView result(@PathVariable String sittingId) {
    Actor actor = Actor.current();
    SittingRecords.SittingRow row = sittings.requireOwn(sittingId, actor);
    OpenSessions.Release release = released(row, actor);
    SittingScored scored = history.view(sittingId).result();
    if (scored == null) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_HANDED_IN, "Sitting " + sittingId + " has no result.");
    }
    PublishedExam exam =
        exams
            .find(row.examId(), row.examVersion())
            .orElseThrow(() -> new IllegalStateException("exam of " + sittingId));
    Map<String, Double> sectionMax = new LinkedHashMap<>();
    for (ItemDefinition item : exam.content().items()) {
      sectionMax.merge(item.sectionId(), item.maxScore() * item.weight(), Double::sum);
    }
    List<SectionResult> sections = new ArrayList<>();
    sectionMax.forEach(
        (id, max) -> {
          if (max > 0) { // a section whose items were all excluded from scoring counts for nothing
            sections.add(new SectionResult(id, scored.sectionTotals().getOrDefault(id, 0.0), max));
          }
        });
    AppealView appeal =
        appeals
            .ofSitting(sittingId)
            .map(
                a ->
                    new AppealView(
                        a.appealId(),
                        a.lodgedByRole(),
                        a.reason(),
                        a.lodgedAt(),
                        a.outcome(),
                        a.decisionReason(),
                        a.decidedAt()))
            .orElse(null);
    Instant now = clock.instant();
    boolean canAppeal =
        appeal == null
            && release != null
            && release.releasedBy(now)
            && now.isBefore(release.appealsCloseAt())
            && actor.is(Role.CANDIDATE, Role.SCHOOL);
    return new ResultView(
        sittingId,
        row.sessionId(),
        release == null ? null : release.releaseAt(),
        release == null ? null : release.appealsCloseAt(),
        !scored.needsHumanMarking(),
        scored.rawTotal(),
        scored.maxTotal(),
        scored.percentage(),
        scored.passed(),
        scored.grade(),
        scored.gradeWithheld(),
        results
            .ofSitting(sessions.require(row.sessionId()), sittingId)
            .map(SessionResults.SittingResult::scaledScore)
            .orElse(null),
        sections,
        scored.reason(),
        scored.scoredAt(),
        appeal,
        canAppeal);
  }

  @Operation(
      summary =
          "The sitting's receipt: seal, sealed score, signed tree head and inclusion proof, to"
              + " check offline")
  @GetMapping("/api/sittings/{sittingId}/receipt")
  @PreAuthorize("hasAnyRole('CANDIDATE', 'SCHOOL', 'CENTRE_ADMIN', 'AUDITOR')")
  ResultReceipt receipt(@PathVariable String sittingId) {
    Actor actor = Actor.current();
    SittingRecords.SittingRow row = sittings.requireOwn(sittingId, actor);
    released(row, actor);
    return receipts.receipt(row.sessionId(), sittingId);
  }

  @Operation(
      summary =
          "Released, final results as a OneRoster 1.2 CSV package (delta: categories, line items,"
              + " results), of one school or all")
  @GetMapping("/api/sessions/{sessionId}/exports/oneroster")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR', 'SCHOOL')")
  void oneRoster(
      @PathVariable String sessionId,
      @RequestParam(required = false) String schoolId,
      HttpServletResponse response)
      throws IOException {
    ExportScope scope = exportScope(sessionId, schoolId);
    byte[] zip = exports.oneRoster(scope.session(), exports.rows(sessionId, scope.schoolId()));
    response.setContentType("application/zip");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\"" + scope.fileName() + "-oneroster.zip\"");
    response.getOutputStream().write(zip);
  }

  @Operation(
      summary = "Released, final results as CSV for the national e-journals (5-point grades)")
  @GetMapping("/api/sessions/{sessionId}/exports/ejournal")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR', 'SCHOOL')")
  void eJournal(
      @PathVariable String sessionId,
      @RequestParam(required = false) String schoolId,
      HttpServletResponse response)
      throws IOException {
    ExportScope scope = exportScope(sessionId, schoolId);
    String csv = exports.eJournal(scope.session(), exports.rows(sessionId, scope.schoolId()));
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        "attachment; filename=\"" + scope.fileName() + "-ejournal.csv\"");
    response.getOutputStream().write(csv.getBytes(StandardCharsets.UTF_8));
  }

  private record ExportScope(ResultExports.SessionInfo session, String schoolId, String fileName) {}

  /** Only released results go out; a school gets its own sittings only. */
  private ExportScope exportScope(String sessionId, String schoolId) {
    Actor actor = Actor.current();
    OpenSessions.SessionRow session = sessions.require(sessionId);
    if (actor.is(Role.SCHOOL)) {
      if (schoolId != null && !schoolId.equals(actor.schoolId())) {
        throw new RuleViolation(ProblemType.FORBIDDEN, "A school exports its own results only.");
      }
      schoolId = actor.schoolId();
    }
    OpenSessions.Release release = sessions.release(sessionId).orElse(null);
    if (release == null || !release.releasedBy(clock.instant())) {
      throw new RuleViolation(
          ProblemType.RESULTS_NOT_RELEASED,
          "Only released results are exported; session "
              + sessionId
              + (release == null
                  ? " has no release."
                  : " releases at " + release.releaseAt() + "."));
    }
    PublishedExam exam =
        exams
            .find(session.examId(), session.examVersion())
            .orElseThrow(() -> new IllegalStateException("exam of " + sessionId));
    String name = ResultExports.guid(sessionId + (schoolId == null ? "" : "-" + schoolId));
    return new ExportScope(
        new ResultExports.SessionInfo(
            sessionId,
            session.examId(),
            exam.content().title(),
            exam.content().subject(),
            session.opensAt(),
            session.closesAt(),
            release.releaseAt()),
        schoolId,
        name);
  }

  /** Candidates and schools only after the release; staff at any time. */
  private OpenSessions.Release released(SittingRecords.SittingRow row, Actor actor) {
    OpenSessions.Release release = sessions.release(row.sessionId()).orElse(null);
    if (actor.is(Role.CANDIDATE, Role.SCHOOL)
        && (release == null || !release.releasedBy(clock.instant()))) {
      throw new RuleViolation(
          ProblemType.RESULTS_NOT_RELEASED,
          release == null
              ? "The results of this session are not released yet."
              : "The results of this session are released at " + release.releaseAt() + ".");
    }
    return release;
  }
}
