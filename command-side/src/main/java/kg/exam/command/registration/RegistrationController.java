package kg.exam.command.registration;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.CandidateTokens;
import kg.exam.command.session.OpenSessions;
import kg.exam.command.sitting.SittingRecords;
import kg.exam.contract.Ids;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.RegisterCandidate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registration of candidates to sessions, their admission slips and sign-in, and erasure of
 * personal data.
 */
@RestController
class RegistrationController {
  static final String CODE = Ids.PATTERN;

  private final CommandGateway commands;
  private final OpenSessions sessions;
  private final SittingRecords sittings;
  private final AdmissionSlips slips;
  private final CandidateTokens tokens;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  RegistrationController(
      CommandGateway commands,
      OpenSessions sessions,
      SittingRecords sittings,
      AdmissionSlips slips,
      CandidateTokens tokens,
      JdbcTemplate jdbc,
      Clock clock) {
    this.commands = commands;
    this.sessions = sessions;
    this.sittings = sittings;
    this.slips = slips;
    this.tokens = tokens;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * A registration. {@code candidateId} is pseudonymous (e.g. a code from the school's roll, never
   * a name or a personal number). {@code personalData} is optional and stored apart, erasable.
   * {@code accommodations} beyond extra time are optional (none when absent).
   */
  record RegistrationRequest(
      @NotBlank @Pattern(regexp = CODE) String candidateId,
      @NotBlank @Pattern(regexp = CODE) String region,
      @NotBlank @Pattern(regexp = CODE) String district,
      @NotBlank @Pattern(regexp = CODE) String schoolId,
      @NotBlank @Pattern(regexp = "URBAN|RURAL") String locality,
      @NotBlank @Pattern(regexp = "ky|ru|uz|tg|en") String instructionLanguage,
      @NotBlank @Pattern(regexp = "F|M|X") String gender,
      @Min(1) @Max(12) int grade,
      @Min(0) @Max(200) int extraTimePercent,
      @Valid PersonalData personalData,
      AccommodationsRequest accommodations) {}

  /**
   * Accommodations beyond extra time, each a strict boolean (absent: false). A name that is not one
   * of the four is refused rather than dropped: a misspelt accommodation must not leave a candidate
   * without it.
   */
  record AccommodationsRequest(
      boolean readAloud,
      boolean restBreaks,
      boolean humanReader,
      boolean scribe,
      @io.swagger.v3.oas.annotations.media.Schema(hidden = true) @JsonAnySetter
          Map<String, Object> unknown) {
    Accommodations accommodations() {
      if (unknown != null && !unknown.isEmpty()) {
        throw new RuleViolation(
            ProblemType.INVALID_REQUEST,
            "Unknown accommodation(s) "
                + new java.util.TreeSet<>(unknown.keySet())
                + "; known: readAloud, restBreaks, humanReader, scribe.");
      }
      return new Accommodations(readAloud, restBreaks, humanReader, scribe);
    }
  }

  record PersonalData(String fullName, LocalDate birthDate) {}

  /** The admission slip. The PIN appears here once and nowhere else. */
  record RegistrationResponse(
      String sittingId, String candidateId, String candidateCode, String pin) {}

  record SignInRequest(@NotNull String candidateCode, @NotNull String pin) {}

  record SignInResponse(
      String token, String tokenType, java.time.Instant expiresAt, String sittingId) {}

  @Operation(summary = "Register a candidate for a session and issue the admission slip")
  @PostMapping("/api/sessions/{sessionId}/registrations")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  @Transactional
  public RegistrationResponse register(
      @PathVariable String sessionId, @Valid @RequestBody RegistrationRequest r) {
    OpenSessions.SessionRow session =
        sessions
            .find(sessionId)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No session " + sessionId + "."));
    if (session.closedAt() != null) {
      throw new RuleViolation(ProblemType.SESSION_CLOSED, "Session " + sessionId + " is closed.");
    }
    String sittingId = "sitting-" + UUID.randomUUID();
    CandidateProfile profile =
        new CandidateProfile(
            r.region(),
            r.district(),
            r.schoolId(),
            r.locality(),
            r.instructionLanguage(),
            r.gender(),
            r.grade());
    try {
      commands.sendAndWait(
          new RegisterCandidate(
              sittingId,
              sessionId,
              session.examId(),
              session.examVersion(),
              session.centreId(),
              r.candidateId(),
              profile,
              r.extraTimePercent(),
              Actor.current().id(),
              r.accommodations() == null ? null : r.accommodations().accommodations()));
    } catch (RuntimeException e) {
      if (!causedByDuplicateKey(e)) {
        throw e;
      }
      throw new RuleViolation(
          ProblemType.DUPLICATE_REGISTRATION,
          "Candidate " + r.candidateId() + " is already registered for session " + sessionId + ".");
    }
    AdmissionSlips.Slip slip = slips.issue(sittingId);
    if (r.personalData() != null
        && (r.personalData().fullName() != null || r.personalData().birthDate() != null)) {
      jdbc.update(
          "INSERT INTO candidate_personal_data (candidate_id, full_name, birth_date, recorded_at) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT (candidate_id) DO UPDATE SET full_name = EXCLUDED.full_name, birth_date = EXCLUDED.birth_date",
          r.candidateId(),
          r.personalData().fullName(),
          r.personalData().birthDate() == null
              ? null
              : java.sql.Date.valueOf(r.personalData().birthDate()),
          Timestamp.from(clock.instant()));
    }
    return new RegistrationResponse(sittingId, r.candidateId(), slip.candidateCode(), slip.pin());
  }

  private static boolean causedByDuplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DuplicateKeyException) {
        return true;
      }
    }
    return false;
  }

  @Operation(summary = "Sign a candidate in with the code and PIN of the admission slip")
  @SecurityRequirements // public: the slip is the credential
  @PostMapping("/api/candidate/sign-in")
  SignInResponse signIn(@Valid @RequestBody SignInRequest request) {
    AdmissionSlips.SignIn signIn = slips.signIn(request.candidateCode(), request.pin());
    return new SignInResponse(
        signIn.token().token(), "Bearer", signIn.token().expiresAt(), signIn.sittingId());
  }

  /** A fresh token for a candidate whose sitting is not handed in yet. */
  @Operation(summary = "Renew the candidate's token")
  @PostMapping("/api/candidate/token")
  @PreAuthorize("hasRole('CANDIDATE')")
  SignInResponse refresh() {
    Actor actor = Actor.current();
    SittingRecords.SittingRow row =
        sittings
            .find(actor.sittingId())
            .orElseThrow(() -> new RuleViolation(ProblemType.NOT_FOUND, "No such sitting."));
    if (row.finishedAt() != null) {
      throw new RuleViolation(
          ProblemType.SITTING_FINISHED, "The sitting was handed in; no new token.");
    }
    CandidateTokens.IssuedToken token = tokens.issueForCandidate(actor.id(), actor.sittingId());
    return new SignInResponse(token.token(), "Bearer", token.expiresAt(), actor.sittingId());
  }

  /** Erases a candidate's name and birth date. Events never held them, so results stay intact. */
  @Operation(summary = "Erase a candidate's personal data (names, birth date)")
  @DeleteMapping("/api/candidates/{candidateId}/personal-data")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  void erase(@PathVariable String candidateId) {
    jdbc.update("DELETE FROM candidate_personal_data WHERE candidate_id = ?", candidateId);
  }
}
