package kg.exam.command.exam;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;
import kg.exam.command.bank.BankMedia;
import kg.exam.command.bank.BankRecords;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.contract.Ids;
import kg.exam.contract.exam.AmendKey;
import kg.exam.contract.exam.CreateExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExcludeItem;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.exam.PublishExam;
import kg.exam.contract.exam.ReviseExam;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Authoring: exams, their published versions and key amendments. */
@RestController
@RequestMapping("/api/exams")
class ExamController {
  static final String ID_PATTERN = Ids.PATTERN;

  private final CommandGateway commands;
  private final PublishedExams published;
  private final BankRecords bank;
  private final BankMedia media;

  ExamController(
      CommandGateway commands, PublishedExams published, BankRecords bank, BankMedia media) {
    this.commands = commands;
    this.published = published;
    this.bank = bank;
    this.media = media;
  }

  /** What the exam's texts show, in any language, must be in the bank's media store. */
  private void requireMedia(ExamContent content) {
    List<String> shown;
    try {
      shown = PromptMedia.hashes(content);
    } catch (RuntimeException e) {
      return; // content too broken to read: the exam's own rules refuse it, with their reason
    }
    List<String> missing = media.missing(shown);
    if (!missing.isEmpty()) {
      throw new RuleViolation(
          ProblemType.INVALID_EXAM,
          "Media not in the bank (store them with POST /api/bank/media): " + missing + ".");
    }
    long bytes = media.totalSize(shown);
    if (bytes > BankMedia.MAX_EXAM_MEDIA_BYTES) {
      throw new RuleViolation(
          ProblemType.INVALID_EXAM,
          "The exam's media take "
              + bytes
              + " bytes in all its languages, more than "
              + BankMedia.MAX_EXAM_MEDIA_BYTES
              + ": a station package carries them all. Use smaller pictures and sounds.");
    }
  }

  /** Two items the item bank names as enemies (they cue each other) are never on one form. */
  private void requireNoBankEnemies(ExamContent content) {
    List<String> pairs =
        bank.enemyPairs(content.items().stream().map(ItemDefinition::itemId).toList());
    if (!pairs.isEmpty()) {
      throw new RuleViolation(
          ProblemType.INVALID_EXAM,
          "The item bank names " + String.join(", ", pairs) + " as enemies: never on one form.");
    }
  }

  record CreateExamRequest(
      @Pattern(regexp = ID_PATTERN) String examId, @NotNull @Valid ExamContent content) {}

  record ExamCreatedResponse(String examId) {}

  record PublishedResponse(String examId, int version) {}

  record AmendKeyRequest(@NotBlank String itemId, @NotNull ItemKey key, @NotBlank String reason) {}

  record KeyAmendedResponse(String examId, int version, int keyVersion) {}

  @Operation(summary = "Create an exam with its first draft")
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  ExamCreatedResponse create(@Valid @RequestBody CreateExamRequest request) {
    String examId = request.examId() == null ? "exam-" + UUID.randomUUID() : request.examId();
    requireNoBankEnemies(request.content());
    requireMedia(request.content());
    commands.sendAndWait(new CreateExam(examId, request.content(), Actor.current().id()));
    return new ExamCreatedResponse(examId);
  }

  @Operation(summary = "Revise the exam's draft")
  @PutMapping("/{examId}/draft")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  void revise(@PathVariable String examId, @Valid @RequestBody ExamContent content) {
    requireNoBankEnemies(content);
    requireMedia(content);
    commands.sendAndWait(new ReviseExam(examId, content, Actor.current().id()));
  }

  @Operation(summary = "Publish the draft as the next immutable version")
  @PostMapping("/{examId}/publish")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  PublishedResponse publish(@PathVariable String examId) {
    Integer version = commands.sendAndWait(new PublishExam(examId, Actor.current().id()));
    return new PublishedResponse(examId, version);
  }

  @Operation(summary = "Amend one item's key of a published version (re-scores its sittings)")
  @PostMapping("/{examId}/versions/{version}/key-amendments")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  KeyAmendedResponse amendKey(
      @PathVariable String examId,
      @PathVariable int version,
      @Valid @RequestBody AmendKeyRequest request) {
    Integer keyVersion =
        commands.sendAndWait(
            new AmendKey(
                examId,
                version,
                request.itemId(),
                request.key(),
                request.reason(),
                Actor.current().id()));
    return new KeyAmendedResponse(examId, version, keyVersion);
  }

  record ExcludeItemRequest(
      @NotBlank String itemId,
      @NotBlank @Size(max = 2000) String reason,
      @Size(max = 500) String evidence) {}

  @Operation(
      summary = "Exclude one item of a published version from scoring (re-scores its sittings)",
      description =
          "A recorded decision, e.g. after DIF flagged the item: the item stays on the paper and"
              + " keeps its item score, and counts for nothing in any total. evidence names what"
              + " the decision rests on (optional). Refused once a session of the version has"
              + " finalised results, for an item marked by people, and for the last item that"
              + " counts.")
  @PostMapping("/{examId}/versions/{version}/exclusions")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  KeyAmendedResponse excludeItem(
      @PathVariable String examId,
      @PathVariable int version,
      @Valid @RequestBody ExcludeItemRequest request) {
    if (published.resultsFinalised(examId, version)) {
      throw new RuleViolation(
          ProblemType.RESULTS_ALREADY_FINALISED,
          "A session of version "
              + version
              + " of exam "
              + examId
              + " has finalised results; excluding an item now would leave their calibration"
              + " behind.");
    }
    Integer keyVersion =
        commands.sendAndWait(
            new ExcludeItem(
                examId,
                version,
                request.itemId(),
                request.reason(),
                request.evidence(),
                Actor.current().id()));
    return new KeyAmendedResponse(examId, version, keyVersion);
  }

  @Operation(
      summary = "Export a published version's items as an IMS QTI 2.1 or 3.0 content package",
      description =
          "A ZIP with imsmanifest.xml, the form as an assessmentTest (sections, weights, time"
              + " limit) and one assessmentItem per item, with the current keys and media, in"
              + " the exam's language or one of its language versions (language). 422 qti-export-not-possible names every item the standard"
              + " templates cannot express.")
  @GetMapping(path = "/{examId}/versions/{version}/qti", produces = "application/zip")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR')")
  org.springframework.http.ResponseEntity<byte[]> qti(
      @PathVariable String examId,
      @PathVariable int version,
      @org.springframework.web.bind.annotation.RequestParam(defaultValue = "3.0")
          @Pattern(regexp = "2\\.1|3\\.0")
          String qti,
      @org.springframework.web.bind.annotation.RequestParam(required = false)
          @Pattern(regexp = "ky|ru|uz|tg|en")
          String language) {
    PublishedExam exam = version(examId, version);
    if (language != null && !exam.content().languages().contains(language)) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND,
          "Version " + version + " of exam " + examId + " has no " + language + " version.");
    }
    ExamContent content =
        exam.content().in(language == null ? exam.content().language() : language);
    try {
      byte[] zip =
          QtiExport.examPackage(
              examId + "-v" + version, content, QtiExport.Version.of(qti), media::find);
      return org.springframework.http.ResponseEntity.ok()
          .contentType(org.springframework.http.MediaType.parseMediaType("application/zip"))
          .header(
              "Content-Disposition",
              "attachment; filename=\"" + examId + "-v" + version + "-qti" + qti + ".zip\"")
          .body(zip);
    } catch (QtiExport.NotExportable e) {
      throw new RuleViolation(ProblemType.QTI_EXPORT_NOT_POSSIBLE, e.getMessage());
    }
  }

  @Operation(summary = "Read a published version with its current keys")
  @GetMapping("/{examId}/versions/{version}")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR')")
  PublishedExam version(@PathVariable String examId, @PathVariable int version) {
    return published
        .find(examId, version)
        .orElseThrow(
            () ->
                new RuleViolation(
                    ProblemType.NOT_FOUND,
                    "Exam " + examId + " has no published version " + version + "."));
  }
}
