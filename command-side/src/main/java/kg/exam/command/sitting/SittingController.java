package kg.exam.command.sitting;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import kg.exam.command.bank.BankMedia;
import kg.exam.command.exam.FormStructures;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.sitting.BindDeviceKey;
import kg.exam.contract.sitting.CloseOverdueSitting;
import kg.exam.contract.sitting.ExtendSittingTime;
import kg.exam.contract.sitting.FlagItem;
import kg.exam.contract.sitting.PauseSitting;
import kg.exam.contract.sitting.RecordAnswer;
import kg.exam.contract.sitting.ReportIncident;
import kg.exam.contract.sitting.ResumeSitting;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.StartSitting;
import kg.exam.contract.sitting.SubmitSitting;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemScorer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Delivery: the candidate starts, answers, flags and submits; invigilators pause, resume and
 * extend; staff read sittings within their scope.
 */
@RestController
@RequestMapping("/api/sittings/{sittingId}")
class SittingController {
  /** Most values one response may hold (choices, pairs, gaps). */
  static final int MAX_RESPONSE_VALUES = 100;

  /** Most characters of one response value: an essay of about 3,000 words. */
  static final int MAX_RESPONSE_VALUE_CHARS = 20_000;

  private final CommandGateway commands;
  private final SittingRecords sittings;
  private final SittingHistory history;
  private final PublishedExams exams;
  private final OpenSessions sessions;
  private final FormStructures forms;
  private final StationHandInProperties stationHandIn;
  private final BankMedia media;
  private final Clock clock;

  SittingController(
      CommandGateway commands,
      SittingRecords sittings,
      SittingHistory history,
      PublishedExams exams,
      OpenSessions sessions,
      FormStructures forms,
      StationHandInProperties stationHandIn,
      BankMedia media,
      Clock clock) {
    this.commands = commands;
    this.sittings = sittings;
    this.history = history;
    this.exams = exams;
    this.sessions = sessions;
    this.forms = forms;
    this.stationHandIn = stationHandIn;
    this.media = media;
    this.clock = clock;
  }

  /**
   * {@code clientSeq} stays within 2^53 − 1 so that it is exact in every JSON reader (and in the
   * chain's canonical form).
   */
  record AnswerRequest(
      @NotBlank String itemId,
      @NotNull List<String> response,
      @Min(1) @Max(9_007_199_254_740_991L) long clientSeq,
      Instant clientTimestamp,
      @Valid AnswerSignature signature) {}

  /**
   * A device's signature of an answer: the signing key's id and the Ed25519 signature (base64url)
   * of the answer's {@code answer/1} form ({@link kg.exam.contract.trust.AnswerSignatures}).
   */
  record AnswerSignature(@NotBlank String keyId, @NotBlank String value) {}

  /** Optional body of the start: the device key the candidate's device made for this sitting. */
  record StartRequest(String devicePublicKey) {}

  record DeviceKeyRequest(@NotBlank String publicKey) {}

  record FlagRequest(@NotBlank String itemId, @NotNull Boolean flagged) {}

  record ReasonRequest(@NotBlank String reason) {}

  record ExtendRequest(@Min(1) @Max(240) int minutes, @NotBlank String reason) {}

  /**
   * @param code one of {@link kg.exam.contract.sitting.IncidentCode}
   * @param note optional, at most {@value ReportIncident#MAX_NOTE_CHARS} characters, no names
   */
  record IncidentRequest(String code, String note) {}

  /** What a candidate sees of an item: never its key. */
  record PaperItem(
      String itemId,
      String sectionId,
      String type,
      double maxScore,
      String prompt,
      List<Choice> choices,
      List<Choice> targets) {}

  record Paper(
      String sittingId,
      String examId,
      int examVersion,
      String title,
      String subject,
      String language,
      int durationMinutes,
      List<PaperItem> items) {}

  @Operation(summary = "Read a sitting's state")
  @GetMapping
  SittingView get(@PathVariable String sittingId) {
    requireReadable(sittingId);
    return view(sittingId);
  }

  /** The sitting as the caller's role may see it. */
  private SittingView view(String sittingId) {
    Actor actor = Actor.current();
    SittingView view = history.view(sittingId);
    boolean released =
        !actor.is(Role.CANDIDATE)
            || sessions
                .release(view.sessionId())
                .map(r -> r.releasedBy(clock.instant()))
                .orElse(false);
    return view.visibleTo(actor.role(), released);
  }

  /**
   * The exam paper: for the candidate once the sitting has started; for centre administrators and
   * auditors at any time; for nobody else (schools and invigilators must not see a paper early).
   */
  @Operation(summary = "Read the exam paper of a sitting (no keys)")
  @GetMapping("/paper")
  Paper paper(@PathVariable String sittingId) {
    SittingRecords.SittingRow row = requirePaperReader(sittingId);
    PublishedExam exam = exam(row);
    // the form in the candidate's language of instruction when it offers it, else its own
    ExamContent content = exam.content().in(exam.content().languageFor(row.instructionLanguage()));
    List<PaperItem> items =
        content.items().stream()
            .map(
                i ->
                    new PaperItem(
                        i.itemId(),
                        i.sectionId(),
                        i.type(),
                        i.maxScore(),
                        i.prompt(),
                        i.choices(),
                        i.targets()))
            .toList();
    return new Paper(
        sittingId,
        exam.examId(),
        exam.version(),
        content.title(),
        content.subject(),
        content.language(),
        content.durationMinutes(),
        items);
  }

  @Operation(
      summary = "Read an image or audio file the sitting's paper shows",
      description =
          "sha256 as the paper names it in ![alt](media:sha256); for whoever may read the paper,"
              + " once it may be read.")
  @GetMapping("/media/{sha256}")
  ResponseEntity<byte[]> medium(@PathVariable String sittingId, @PathVariable String sha256) {
    SittingRecords.SittingRow row = requirePaperReader(sittingId);
    PublishedExam exam = exam(row);
    ExamContent content = exam.content().in(exam.content().languageFor(row.instructionLanguage()));
    boolean shown =
        sha256.matches("[0-9a-f]{64}")
            && content.items().stream().anyMatch(i -> PromptMedia.hashes(i).contains(sha256));
    if (!shown) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND, "The sitting's paper shows no medium " + sha256 + ".");
    }
    return media.served(sha256);
  }

  /** The sitting, when the caller may read its paper now. */
  private SittingRecords.SittingRow requirePaperReader(String sittingId) {
    SittingRecords.SittingRow row = requireReadable(sittingId);
    Actor actor = Actor.current();
    if (!actor.is(Role.CANDIDATE, Role.CENTRE_ADMIN, Role.AUDITOR)) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN,
          "Only the candidate, centre administrators and auditors see the paper.");
    }
    if (actor.is(Role.CANDIDATE) && row.startedAt() == null) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_STARTED, "Start the sitting to see the paper.");
    }
    return row;
  }

  /** The raw event stream, for auditors and the centre. */
  @Operation(summary = "Read a sitting's stored events")
  @GetMapping("/events")
  List<SittingHistory.StoredEvent> events(@PathVariable String sittingId) {
    requireReadable(sittingId);
    if (!Actor.current().is(Role.AUDITOR, Role.CENTRE_ADMIN)) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "Only auditors and centre administrators read raw events.");
    }
    return history.events(sittingId);
  }

  @Operation(summary = "Start the sitting, binding the device key")
  @PostMapping("/start")
  @PreAuthorize("hasRole('CANDIDATE')")
  SittingView start(
      @PathVariable String sittingId, @RequestBody(required = false) StartRequest request) {
    SittingRecords.SittingRow row = requireCandidate(sittingId);
    OpenSessions.SessionRow session = sessions.find(row.sessionId()).orElseThrow();
    PublishedExam exam = exam(row);
    commands.sendAndWait(
        new StartSitting(
            sittingId,
            clock.instant(),
            session.opensAt(),
            session.closesAt(),
            session.closedAt() != null,
            exam.content().durationMinutes(),
            exam.content().items().stream().map(ItemDefinition::itemId).toList(),
            request == null ? null : request.devicePublicKey()));
    return view(sittingId);
  }

  /**
   * Binds a new device key to the running sitting (the candidate continues on another device); it
   * supersedes the previous device key.
   */
  @Operation(summary = "Bind a new device key (continue on another device)")
  @PostMapping("/device-keys")
  @PreAuthorize("hasRole('CANDIDATE')")
  SittingView bindDeviceKey(
      @PathVariable String sittingId, @Valid @RequestBody DeviceKeyRequest request) {
    requireCandidate(sittingId);
    commands.sendAndWait(new BindDeviceKey(sittingId, request.publicKey(), clock.instant()));
    return view(sittingId);
  }

  @Operation(summary = "Record a device-signed answer")
  @PostMapping("/answers")
  @PreAuthorize("hasRole('CANDIDATE')")
  AnswerReceipt answer(@PathVariable String sittingId, @Valid @RequestBody AnswerRequest request) {
    requireOwnSitting(sittingId);
    SittingRecords.Placement row =
        sittings
            .placement(sittingId)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No sitting " + sittingId + "."));
    checkSize(request.response());
    Item item =
        forms
            .item(row.examId(), row.examVersion(), request.itemId())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.UNKNOWN_ITEM,
                        "The exam form has no item " + request.itemId() + "."));
    if (!request.response().isEmpty()) {
      ItemScorer.checkResponse(item, request.response())
          .ifPresent(
              reason -> {
                throw new RuleViolation(
                    ProblemType.MALFORMED_RESPONSE, "Item " + item.itemId() + ": " + reason);
              });
    }
    return commands.sendAndWait(
        new RecordAnswer(
            sittingId,
            request.itemId(),
            request.response(),
            request.clientSeq(),
            request.clientTimestamp(),
            clock.instant(),
            request.signature() == null ? null : request.signature().keyId(),
            request.signature() == null ? null : request.signature().value()));
  }

  @Operation(summary = "Flag an item for review, or clear the flag")
  @PostMapping("/flags")
  @PreAuthorize("hasRole('CANDIDATE')")
  SittingView flag(@PathVariable String sittingId, @Valid @RequestBody FlagRequest request) {
    requireCandidate(sittingId);
    commands.sendAndWait(
        new FlagItem(sittingId, request.itemId(), request.flagged(), clock.instant()));
    return view(sittingId);
  }

  @Operation(summary = "Hand the sitting in")
  @PostMapping("/submit")
  @PreAuthorize("hasRole('CANDIDATE')")
  SittingView submit(@PathVariable String sittingId) {
    requireCandidate(sittingId);
    commands.sendAndWait(new SubmitSitting(sittingId, clock.instant()));
    return view(sittingId);
  }

  @Operation(summary = "Pause the sitting (invigilator)")
  @PostMapping("/pause")
  @PreAuthorize("hasRole('INVIGILATOR')")
  SittingView pause(@PathVariable String sittingId, @Valid @RequestBody ReasonRequest request) {
    Actor actor = requireInvigilator(sittingId);
    commands.sendAndWait(
        new PauseSitting(sittingId, clock.instant(), request.reason(), actor.id()));
    return view(sittingId);
  }

  @Operation(summary = "Resume a paused sitting (invigilator)")
  @PostMapping("/resume")
  @PreAuthorize("hasRole('INVIGILATOR')")
  SittingView resume(@PathVariable String sittingId, @Valid @RequestBody ReasonRequest request) {
    Actor actor = requireInvigilator(sittingId);
    commands.sendAndWait(
        new ResumeSitting(sittingId, clock.instant(), request.reason(), actor.id()));
    return view(sittingId);
  }

  @Operation(summary = "Extend the sitting's time (invigilator)")
  @PostMapping("/extend")
  @PreAuthorize("hasRole('INVIGILATOR')")
  SittingView extend(@PathVariable String sittingId, @Valid @RequestBody ExtendRequest request) {
    Actor actor = requireInvigilator(sittingId);
    commands.sendAndWait(
        new ExtendSittingTime(
            sittingId, clock.instant(), request.minutes(), request.reason(), actor.id()));
    return view(sittingId);
  }

  /**
   * A centre administrator hands in a sitting a school exam station started and never handed in
   * (the station lost, broken or offline for good), once its hand-in is overdue by {@code
   * exam.station.hand-in-grace} and its station has been silent for as long. The sitting is scored
   * on what the server holds; the station's entries that arrive later are refused ({@code
   * sitting-finished}) and listed as refused.
   */
  @Operation(summary = "Hand in an overdue station sitting (centre)")
  @PostMapping("/close-overdue")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  SittingView closeOverdue(
      @PathVariable String sittingId, @Valid @RequestBody ReasonRequest request) {
    SittingRecords.SittingRow row = find(sittingId);
    OpenSessions.SessionRow session = sessions.find(row.sessionId()).orElseThrow();
    Instant stationLastHeard =
        history.events(sittingId).stream()
            .map(SittingHistory.StoredEvent::payload)
            .filter(SittingStarted.class::isInstance)
            .map(p -> ((SittingStarted) p).stationKeyId())
            .filter(java.util.Objects::nonNull)
            .findFirst()
            .flatMap(sittings::stationLastHeard)
            .orElse(null);
    commands.sendAndWait(
        new CloseOverdueSitting(
            sittingId,
            clock.instant(),
            session.closesAt(),
            stationLastHeard,
            stationHandIn.handInGrace(),
            request.reason(),
            Actor.current().id()));
    return view(sittingId);
  }

  /**
   * An incident reported at the centre (stations report theirs through the sync): an invigilator of
   * the sitting's centre or a centre administrator, in any state of the sitting.
   */
  @Operation(summary = "Report an incident of the sitting")
  @PostMapping("/incidents")
  @PreAuthorize("hasAnyRole('INVIGILATOR', 'CENTRE_ADMIN')")
  @ResponseStatus(HttpStatus.CREATED)
  SittingView reportIncident(@PathVariable String sittingId, @RequestBody IncidentRequest request) {
    Actor actor = Actor.current();
    if (actor.is(Role.CENTRE_ADMIN)) {
      find(sittingId);
    } else {
      requireInvigilator(sittingId);
    }
    commands.sendAndWait(
        new ReportIncident(sittingId, request.code(), request.note(), actor.id(), clock.instant()));
    return view(sittingId);
  }

  private static void checkSize(List<String> response) {
    if (response.size() > MAX_RESPONSE_VALUES) {
      throw new RuleViolation(
          ProblemType.OVERSIZED_RESPONSE,
          "A response holds at most "
              + MAX_RESPONSE_VALUES
              + " values, this one "
              + response.size()
              + ".");
    }
    for (String value : response) {
      if (value == null) {
        throw new RuleViolation(ProblemType.MALFORMED_RESPONSE, "A response value is null.");
      }
      if (value.length() > MAX_RESPONSE_VALUE_CHARS) {
        throw new RuleViolation(
            ProblemType.OVERSIZED_RESPONSE,
            "A response value holds at most "
                + MAX_RESPONSE_VALUE_CHARS
                + " characters, this one "
                + value.length()
                + ".");
      }
    }
  }

  private PublishedExam exam(SittingRecords.SittingRow row) {
    return exams.find(row.examId(), row.examVersion()).orElseThrow();
  }

  private SittingRecords.SittingRow find(String sittingId) {
    return sittings
        .find(sittingId)
        .orElseThrow(
            () -> new RuleViolation(ProblemType.NOT_FOUND, "No sitting " + sittingId + "."));
  }

  /** Candidates read their own sitting; staff the sittings of their scope. */
  private SittingRecords.SittingRow requireReadable(String sittingId) {
    Actor actor = Actor.current();
    if (actor.is(Role.CANDIDATE) && !actor.ownsSitting(sittingId)) {
      throw new RuleViolation(ProblemType.FORBIDDEN, "This is not your sitting.");
    }
    SittingRecords.SittingRow row = find(sittingId);
    boolean allowed =
        switch (actor.role()) {
          case CANDIDATE, CENTRE_ADMIN, AUDITOR -> true;
          case INVIGILATOR -> row.centreId().equals(actor.centreId());
          // a station registered for one school sees only that school's sittings in its centre
          case STATION ->
              row.centreId().equals(actor.centreId())
                  && (actor.schoolId() == null || actor.schoolId().equals(row.schoolId()));
          case SCHOOL -> row.schoolId().equals(actor.schoolId());
          // marking is blind: markers read scripts, never sittings; the bank's roles read none
          case MARKER, CHIEF_MARKER, ITEM_WRITER, REVIEWER -> false;
        };
    if (!allowed) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "This sitting is outside your centre or school.");
    }
    return row;
  }

  private SittingRecords.SittingRow requireCandidate(String sittingId) {
    requireOwnSitting(sittingId);
    return find(sittingId);
  }

  private static void requireOwnSitting(String sittingId) {
    if (!Actor.current().ownsSitting(sittingId)) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "Only the candidate of this sitting may do this.");
    }
  }

  private Actor requireInvigilator(String sittingId) {
    Actor actor = Actor.current();
    if (!actor.is(Role.INVIGILATOR)) {
      throw new RuleViolation(ProblemType.FORBIDDEN, "Only an invigilator may do this.");
    }
    if (!find(sittingId).centreId().equals(actor.centreId())) {
      throw new RuleViolation(ProblemType.FORBIDDEN, "This sitting is not at your centre.");
    }
    return actor;
  }
}
