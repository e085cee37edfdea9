package kg.exam.command.session;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.sitting.SittingRecords;
import kg.exam.contract.Ids;
import kg.exam.contract.session.CloseExamSession;
import kg.exam.contract.session.OpenExamSession;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Exam sessions: a published exam version offered at a centre for a window of time. */
@RestController
@RequestMapping("/api/sessions")
class SessionController {
  private final CommandGateway commands;
  private final PublishedExams exams;
  private final OpenSessions sessions;
  private final SittingRecords sittings;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  SessionController(
      CommandGateway commands,
      PublishedExams exams,
      OpenSessions sessions,
      SittingRecords sittings,
      JdbcTemplate jdbc,
      Clock clock) {
    this.commands = commands;
    this.exams = exams;
    this.sessions = sessions;
    this.sittings = sittings;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  record OpenSessionRequest(
      @Pattern(regexp = Ids.PATTERN) String sessionId,
      @NotBlank String examId,
      @Min(1) int examVersion,
      @NotBlank @Pattern(regexp = Ids.PATTERN) String centreId,
      @Pattern(regexp = Ids.PATTERN) String schoolId,
      @NotNull Instant opensAt,
      @NotNull Instant closesAt) {}

  record SessionOpenedResponse(String sessionId) {}

  record CloseSessionRequest(@NotBlank String reason) {}

  @Operation(summary = "Open an exam session at a centre for a window of time")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  SessionOpenedResponse open(@Valid @RequestBody OpenSessionRequest request) {
    if (exams.find(request.examId(), request.examVersion()).isEmpty()) {
      throw new RuleViolation(
          ProblemType.EXAM_NOT_PUBLISHED,
          "Exam " + request.examId() + " has no published version " + request.examVersion() + ".");
    }
    String sessionId =
        request.sessionId() == null ? "session-" + UUID.randomUUID() : request.sessionId();
    commands.sendAndWait(
        new OpenExamSession(
            sessionId,
            request.examId(),
            request.examVersion(),
            request.centreId(),
            request.schoolId(),
            request.opensAt(),
            request.closesAt(),
            Actor.current().id()));
    return new SessionOpenedResponse(sessionId);
  }

  @Operation(summary = "Close a session")
  @PostMapping("/{sessionId}/close")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  void close(@PathVariable String sessionId, @Valid @RequestBody CloseSessionRequest request) {
    requireSession(sessionId);
    commands.sendAndWait(
        new CloseExamSession(sessionId, clock.instant(), request.reason(), Actor.current().id()));
  }

  @Operation(summary = "Read a session")
  @GetMapping("/{sessionId}")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR', 'INVIGILATOR')")
  OpenSessions.SessionRow session(@PathVariable String sessionId) {
    OpenSessions.SessionRow row = requireSession(sessionId);
    requireCentre(row);
    return row;
  }

  /** The sittings of a session, for its invigilators and the centre. */
  @Operation(summary = "List a session's sittings with their progress")
  @GetMapping("/{sessionId}/sittings")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR', 'INVIGILATOR')")
  List<SittingRecords.SittingRow> sittings(@PathVariable String sessionId) {
    requireCentre(requireSession(sessionId));
    List<String> ids =
        jdbc.queryForList(
            "SELECT sitting_id FROM sitting WHERE session_id = ? ORDER BY sitting_id",
            String.class,
            sessionId);
    return ids.stream().map(id -> sittings.find(id).orElseThrow()).toList();
  }

  private OpenSessions.SessionRow requireSession(String sessionId) {
    return sessions
        .find(sessionId)
        .orElseThrow(
            () -> new RuleViolation(ProblemType.NOT_FOUND, "No session " + sessionId + "."));
  }

  private static void requireCentre(OpenSessions.SessionRow row) {
    Actor actor = Actor.current();
    if (actor.is(Role.INVIGILATOR) && !row.centreId().equals(actor.centreId())) {
      throw new RuleViolation(ProblemType.FORBIDDEN, "This session is not at your centre.");
    }
  }
}
