package kg.exam.command.sitting;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Results of one school's candidates (pseudonymous ids only); a school sees the scores of a session
 * only once its results are released.
 */
@RestController
class SchoolResultsController {
  private final SittingRecords sittings;
  private final kg.exam.command.session.OpenSessions sessions;
  private final java.time.Clock clock;

  SchoolResultsController(
      SittingRecords sittings,
      kg.exam.command.session.OpenSessions sessions,
      java.time.Clock clock) {
    this.sittings = sittings;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Operation(summary = "Read the results of a school's sittings")
  @GetMapping("/api/schools/{schoolId}/results")
  @PreAuthorize("hasAnyRole('SCHOOL', 'AUDITOR', 'CENTRE_ADMIN')")
  List<SittingRecords.SittingRow> results(
      @PathVariable String schoolId, @RequestParam(required = false) String sessionId) {
    Actor actor = Actor.current();
    if (actor.is(Role.SCHOOL) && !schoolId.equals(actor.schoolId())) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "You may read the results of your own school only.");
    }
    List<SittingRecords.SittingRow> rows = sittings.bySchool(schoolId, sessionId);
    if (!actor.is(Role.SCHOOL)) {
      return rows;
    }
    // a school sees scores only of sessions whose results are released
    java.util.Map<String, Boolean> released = new java.util.HashMap<>();
    return rows.stream()
        .map(
            r ->
                released.computeIfAbsent(
                        r.sessionId(),
                        id ->
                            sessions
                                .release(id)
                                .map(x -> x.releasedBy(clock.instant()))
                                .orElse(false))
                    ? r
                    : new SittingRecords.SittingRow(
                        r.sittingId(),
                        r.sessionId(),
                        r.examId(),
                        r.examVersion(),
                        r.centreId(),
                        r.schoolId(),
                        r.candidateId(),
                        r.status(),
                        r.startedAt(),
                        r.deadline(),
                        r.finishedAt(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        r.instructionLanguage()))
        .toList();
  }
}
