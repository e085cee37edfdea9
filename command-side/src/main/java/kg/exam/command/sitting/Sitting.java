package kg.exam.command.sitting;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kg.exam.command.exam.ExamForms;
import kg.exam.command.marking.RubricMarks;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.problem.Texts;
import kg.exam.command.trust.AnswerSignaturePolicy;
import kg.exam.command.trust.SittingSealer;
import kg.exam.contract.appeal.AppealDecided;
import kg.exam.contract.appeal.AppealLodged;
import kg.exam.contract.appeal.DecideAppeal;
import kg.exam.contract.appeal.LodgeAppeal;
import kg.exam.contract.marking.AllocateScript;
import kg.exam.contract.marking.MarkScript;
import kg.exam.contract.marking.MarkingPlan;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ReleaseMarkerRound;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.BindDeviceKey;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.CloseOverdueSitting;
import kg.exam.contract.sitting.ExtendSittingTime;
import kg.exam.contract.sitting.FlagItem;
import kg.exam.contract.sitting.IncidentCode;
import kg.exam.contract.sitting.IncidentReported;
import kg.exam.contract.sitting.ItemFlaggedForReview;
import kg.exam.contract.sitting.ItemReviewFlagCleared;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.PauseSitting;
import kg.exam.contract.sitting.RecordAnswer;
import kg.exam.contract.sitting.RegisterCandidate;
import kg.exam.contract.sitting.ReportIncident;
import kg.exam.contract.sitting.ResumeSitting;
import kg.exam.contract.sitting.ScoreSitting;
import kg.exam.contract.sitting.SealSitting;
import kg.exam.contract.sitting.SittingDeviceKeyBound;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingResumed;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimeExtended;
import kg.exam.contract.sitting.SittingTimedOut;
import kg.exam.contract.sitting.StartSitting;
import kg.exam.contract.sitting.SubmitSitting;
import kg.exam.contract.sitting.TimeOutStationSitting;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.SittingScore;
import kg.exam.scoring.marking.MarkResolution;
import kg.exam.scoring.marking.MarkedScoring;
import kg.exam.scoring.marking.ResolutionRule;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One candidate's sitting of one exam session, from registration to score. The server's clock
 * rules: commands carry the server time they arrived at, and the deadline fixed at the start is
 * enforced by a persistent deadline that survives restarts.
 *
 * <p>Kept in memory between commands ({@code sittingCache}, {@link
 * kg.exam.command.config.StreamValidatedCache}), so an answer does not replay the whole stream.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver", cache = "sittingCache")
class Sitting {
  static final int MAX_EXTENSION_MINUTES = 240;

  enum Status {
    REGISTERED,
    IN_PROGRESS,
    PAUSED,
    SUBMITTED,
    TIMED_OUT
  }

  private record Answer(String itemId, List<String> response) {}

  @AggregateIdentifier private String sittingId;
  private String centreId;
  private Ed25519PublicKey deviceKey;

  /** The device keys this sitting had before its current one (a re-bind keeps the old one here). */
  private final List<Ed25519PublicKey> formerDeviceKeys = new ArrayList<>();

  private Status status;
  private int extraTimePercent;
  private Instant deadline;
  private Instant startedAt;
  private Instant finishedAt;

  /** Started on a school exam station: its clock rules, and the server schedules no deadline. */
  private boolean stationRun;

  /** Handed in by a centre administrator because its station's hand-in never arrived. */
  private boolean closedByCentre;

  private long remainingMsWhilePaused;
  private Set<String> itemIds = Set.of();
  private final Map<Long, Answer> answersBySeq = new HashMap<>();
  private final Map<Long, Instant> recordedAtBySeq = new HashMap<>();
  private final Map<String, Long> latestSeqByItem = new HashMap<>();
  private final Set<String> flagged = new HashSet<>();
  private int scoredKeyVersion;
  private boolean sealDue;

  /** {@code stationKeyId + "#" + stationSeq} of every incident a station reported. */
  private final Set<String> stationIncidents = new HashSet<>();

  /** Human marking of this sitting's answers to extended-text items, by script id. */
  private final Map<String, Script> scripts = new LinkedHashMap<>();

  /** A script got its final mark after the latest score: a MARKED re-score is due. */
  private boolean markResolvedSinceScore;

  /** The sitting's appeal, if one was lodged, and whether it was decided. */
  private String appealId;

  private boolean appealDecided;

  /** One answer being marked: who holds which round, the marks' totals, the final mark. */
  private static final class Script {
    final MarkingScript opened;
    final Map<Integer, String> markers = new HashMap<>();
    final Map<Integer, Double> totals = new HashMap<>();

    /** Markers whose round was taken back (stopped): they never take this script again. */
    final Set<String> formerMarkers = new HashSet<>();

    boolean disputed;
    Double finalTotal;

    Script(MarkingScript opened) {
      this.opened = opened;
    }

    /** By value, so that Axon's test fixture can compare the state a command left with a replay. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Script x
          && opened.equals(x.opened)
          && markers.equals(x.markers)
          && totals.equals(x.totals)
          && formerMarkers.equals(x.formerMarkers)
          && disputed == x.disputed
          && java.util.Objects.equals(finalTotal, x.finalTotal);
    }

    @Override
    public int hashCode() {
      return opened.hashCode();
    }

    Integer openRoundOf(String markerId) {
      for (Map.Entry<Integer, String> e : markers.entrySet()) {
        if (e.getValue().equals(markerId) && !totals.containsKey(e.getKey())) {
          return e.getKey();
        }
      }
      return null;
    }
  }

  Sitting() {
    // for Axon
  }

  @CommandHandler
  Sitting(RegisterCandidate command) {
    if (command.extraTimePercent() < 0 || command.extraTimePercent() > 200) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "extraTimePercent=" + command.extraTimePercent() + " is not 0..200.");
    }
    apply(
        new CandidateRegistered(
            command.sittingId(),
            command.sessionId(),
            command.examId(),
            command.examVersion(),
            command.centreId(),
            command.candidateId(),
            command.profile(),
            command.extraTimePercent(),
            command.registeredBy(),
            // none beyond extra time is recorded as before accommodations existed
            Accommodations.NONE.equals(command.accommodations())
                ? null
                : command.accommodations()));
  }

  @CommandHandler
  void handle(StartSitting command, DeadlineManager deadlines) {
    if (command.stationKeyId() != null
        && status != Status.REGISTERED
        && stationRun
        && command.now().equals(startedAt)) {
      return; // the station's start, synced again
    }
    if (status != Status.REGISTERED) {
      throw new RuleViolation(
          ProblemType.SITTING_ALREADY_STARTED, "Sitting " + sittingId + " has already started.");
    }
    Instant now = command.now();
    if (command.sessionClosed()
        || now.isBefore(command.opensAt())
        || !now.isBefore(command.closesAt())) {
      throw new RuleViolation(
          ProblemType.SESSION_NOT_OPEN,
          "The exam session is open from "
              + command.opensAt()
              + " to "
              + command.closesAt()
              + (command.sessionClosed() ? " and was closed" : "")
              + "; it is now "
              + now
              + ".");
    }
    long allowedMs =
        Duration.ofMinutes(command.durationMinutes()).toMillis() * (100 + extraTimePercent) / 100;
    if (command.stationKeyId() != null) {
      startOnStation(command, allowedMs);
      return;
    }
    Instant newDeadline = now.plusMillis(allowedMs);
    Ed25519PublicKey key =
        command.devicePublicKey() == null ? null : parseDeviceKey(command.devicePublicKey());
    apply(new SittingStarted(sittingId, now, newDeadline, allowedMs, command.itemIds()));
    if (key != null) {
      apply(new SittingDeviceKeyBound(sittingId, key.keyId().value(), key.toBase64Url(), now));
    }
    deadlines.schedule(
        newDeadline, SittingDeadline.NAME, new SittingDeadline(sittingId, newDeadline));
  }

  /**
   * A start a school exam station made by its own clock: the station's deadline is kept (it may be
   * earlier than start + allowed time, as a station never lets a deadline pass the session window)
   * and the server schedules no deadline: the station hands the sitting in, and may be offline
   * until long after the deadline.
   */
  private void startOnStation(StartSitting command, long allowedMs) {
    Instant d = command.stationDeadline();
    if (d == null || !d.isAfter(command.now()) || d.isAfter(command.now().plusMillis(allowedMs))) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "The station's deadline "
              + d
              + " is not after its start "
              + command.now()
              + " and within the "
              + allowedMs
              + " ms allowed.");
    }
    apply(
        new SittingStarted(
            sittingId,
            command.now(),
            d,
            allowedMs,
            command.itemIds(),
            command.receivedAt(),
            command.stationKeyId()));
  }

  /**
   * Binds another device key to the running sitting (the candidate moved to another device); it
   * supersedes the previous device key. Binding the current key again records nothing.
   */
  @CommandHandler
  void handle(BindDeviceKey command) {
    requireOpenForCandidate(command.now());
    Ed25519PublicKey key = parseDeviceKey(command.publicKey());
    if (key.equals(deviceKey)) {
      return;
    }
    apply(
        new SittingDeviceKeyBound(
            sittingId, key.keyId().value(), key.toBase64Url(), command.now()));
  }

  private static Ed25519PublicKey parseDeviceKey(String publicKey) {
    try {
      return AnswerSignatures.parsePublicKey(publicKey);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          ProblemType.INVALID_KEY,
          "devicePublicKey is not an Ed25519 public key (base64url of the raw 32 bytes): "
              + e.getMessage());
    }
  }

  @CommandHandler
  AnswerReceipt handle(RecordAnswer command, AnswerSignaturePolicy signatures) {
    Answer previous = answersBySeq.get(command.clientSeq());
    Answer answer = new Answer(command.itemId(), List.copyOf(command.response()));
    if (previous != null) {
      if (previous.equals(answer)) {
        checkDuplicateSignature(command, signatures);
        return new AnswerReceipt(
            sittingId,
            command.itemId(),
            command.clientSeq(),
            recordedAtBySeq.get(command.clientSeq()),
            true);
      }
      throw new RuleViolation(
          ProblemType.CLIENT_SEQUENCE_CONFLICT,
          "clientSeq="
              + command.clientSeq()
              + " was already used for another answer in this sitting.");
    }
    requireOpenForCandidate(answerTime(command));
    if (!itemIds.contains(command.itemId())) {
      throw new RuleViolation(
          ProblemType.UNKNOWN_ITEM, "The exam form has no item " + command.itemId() + ".");
    }
    if (command.clientSeq() < 1) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "clientSeq=" + command.clientSeq() + " must be 1 or more.");
    }
    checkSignature(command, signatures);
    apply(
        new AnswerRecorded(
            sittingId,
            command.itemId(),
            answer.response(),
            command.clientSeq(),
            command.clientTimestamp(),
            command.receivedAt(),
            command.keyId(),
            command.signature(),
            command.stationTime()));
    return new AnswerReceipt(
        sittingId, command.itemId(), command.clientSeq(), command.receivedAt(), false);
  }

  /**
   * The instant an answer is judged at: the server's receive time, or for an answer a station
   * captured in a sitting it started, the station's time, which the station signed as the answer's
   * {@code clientTimestamp}.
   */
  private Instant answerTime(RecordAnswer command) {
    if (command.stationTime() == null) {
      return command.receivedAt();
    }
    if (!stationRun || !command.stationTime().equals(command.clientTimestamp())) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "A station time is accepted only for a sitting a station started, equal to the signed"
              + " clientTimestamp.");
    }
    return command.stationTime();
  }

  /**
   * A resent answer identical to a stored one may carry the signature of a device key this sitting
   * had before a re-bind: it was checked when it was stored, and a client that retries after a
   * re-bind must get its acknowledgement, not a refusal.
   */
  private void checkDuplicateSignature(RecordAnswer command, AnswerSignaturePolicy signatures) {
    try {
      checkSignature(command, signatures);
    } catch (RuleViolation refused) {
      for (Ed25519PublicKey former : formerDeviceKeys) {
        if (former.keyId().value().equals(command.keyId())) {
          checkSignature(command, signatures, former);
          return;
        }
      }
      throw refused;
    }
  }

  private void checkSignature(RecordAnswer command, AnswerSignaturePolicy signatures) {
    checkSignature(command, signatures, deviceKey);
  }

  private void checkSignature(
      RecordAnswer command, AnswerSignaturePolicy signatures, Ed25519PublicKey key) {
    signatures.check(
        new AnswerSignaturePolicy.SignedAnswer(
            sittingId,
            command.itemId(),
            command.response(),
            command.clientSeq(),
            command.clientTimestamp(),
            command.receivedAt(),
            command.keyId(),
            command.signature()),
        centreId,
        key);
  }

  @CommandHandler
  void handle(FlagItem command) {
    requireOpenForCandidate(command.now());
    if (!itemIds.contains(command.itemId())) {
      throw new RuleViolation(
          ProblemType.UNKNOWN_ITEM, "The exam form has no item " + command.itemId() + ".");
    }
    if (command.flagged() && !flagged.contains(command.itemId())) {
      apply(new ItemFlaggedForReview(sittingId, command.itemId(), command.now()));
    } else if (!command.flagged() && flagged.contains(command.itemId())) {
      apply(new ItemReviewFlagCleared(sittingId, command.itemId(), command.now()));
    }
  }

  @CommandHandler
  void handle(SubmitSitting command, DeadlineManager deadlines) {
    if (command.receivedAt() != null) {
      if (status == Status.SUBMITTED && command.now().equals(finishedAt)) {
        return; // the station's hand-in, synced again
      }
      requireStationRun();
    }
    requireOpenForCandidate(command.now());
    apply(new SittingSubmitted(sittingId, command.now(), command.receivedAt()));
    deadlines.cancelAllWithinScope(SittingDeadline.NAME);
  }

  /** A station's hand-in at the deadline of a sitting it started, by the station's clock. */
  @CommandHandler
  void handle(TimeOutStationSitting command) {
    if (status == Status.TIMED_OUT && command.stationTime().equals(finishedAt)) {
      return; // synced again
    }
    requireStarted();
    requireStationRun();
    if (!command.deadline().equals(deadline) || command.stationTime().isBefore(deadline)) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "The station's time-out at "
              + command.stationTime()
              + " for deadline "
              + command.deadline()
              + " does not match the sitting's deadline "
              + deadline
              + ".");
    }
    if (status == Status.PAUSED) {
      throw new RuleViolation(
          ProblemType.SITTING_PAUSED, "Sitting " + sittingId + " is paused; it cannot time out.");
    }
    apply(new SittingTimedOut(sittingId, deadline, command.stationTime(), command.receivedAt()));
  }

  /**
   * A centre administrator hands in a station's sitting whose hand-in never arrived, once it is
   * overdue: {@code grace} past its deadline (paused: past the session's end, as a paused sitting's
   * deadline moves when it is resumed) and {@code grace} past the last sync of its station. A
   * station may extend or resume while offline, so this cannot prove the station is done: it is a
   * person's decision, and the station's unsynced entries are refused when they arrive.
   */
  @CommandHandler
  void handle(CloseOverdueSitting command) {
    requireStarted();
    if (!stationRun) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_OVERDUE,
          "Sitting "
              + sittingId
              + " was not started on a station; the server's deadline hands it in.");
    }
    requireReason(command.reason());
    Instant base = status == Status.PAUSED ? command.sessionClosesAt() : deadline;
    Instant heard = command.stationLastHeard();
    Instant due = (heard != null && heard.isAfter(base) ? heard : base).plus(command.grace());
    if (command.now().isBefore(due)) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_OVERDUE,
          "Sitting "
              + sittingId
              + (status == Status.PAUSED ? " is paused" : " has its deadline at " + deadline)
              + (heard == null ? "" : ", and its station was last heard from at " + heard)
              + "; its station's hand-in is awaited until "
              + due
              + ".");
    }
    apply(
        new SittingTimedOut(
            sittingId, deadline, command.now(), null, command.by(), command.reason()));
  }

  private void requireStationRun() {
    if (!stationRun) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "Sitting " + sittingId + " was not started on a station; the server's clock rules it.");
    }
  }

  @DeadlineHandler(deadlineName = SittingDeadline.NAME)
  void onDeadline(SittingDeadline payload, Clock clock, DeadlineManager deadlines) {
    // A deadline from before an extension or a pause may still fire if its cancellation was
    // lost; only the current deadline, once reached, times the sitting out.
    if (status != Status.IN_PROGRESS || !payload.deadline().equals(deadline)) {
      return;
    }
    if (clock.instant().isBefore(deadline)) {
      // Fired early (a scheduler whose clock runs ahead of this one): try again at the deadline,
      // or the sitting would never time out.
      deadlines.schedule(deadline, SittingDeadline.NAME, payload);
      return;
    }
    apply(new SittingTimedOut(sittingId, deadline, clock.instant()));
  }

  @CommandHandler
  void handle(PauseSitting command, DeadlineManager deadlines) {
    requireReason(command.reason());
    requireStarted();
    if (status == Status.PAUSED) {
      throw new RuleViolation(
          ProblemType.SITTING_PAUSED, "Sitting " + sittingId + " is already paused.");
    }
    if (!command.now().isBefore(deadline)) {
      throw new RuleViolation(
          ProblemType.ANSWER_AFTER_DEADLINE, "The deadline " + deadline + " has passed.");
    }
    long remainingMs = Duration.between(command.now(), deadline).toMillis();
    apply(new SittingPaused(sittingId, command.now(), remainingMs, command.reason(), command.by()));
    deadlines.cancelAllWithinScope(SittingDeadline.NAME);
  }

  @CommandHandler
  void handle(ResumeSitting command, DeadlineManager deadlines) {
    requireReason(command.reason());
    requireStarted();
    if (status != Status.PAUSED) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_PAUSED, "Sitting " + sittingId + " is not paused.");
    }
    Instant newDeadline = command.now().plusMillis(remainingMsWhilePaused);
    apply(
        new SittingResumed(sittingId, command.now(), newDeadline, command.reason(), command.by()));
    if (!stationRun) {
      deadlines.schedule(
          newDeadline, SittingDeadline.NAME, new SittingDeadline(sittingId, newDeadline));
    }
  }

  @CommandHandler
  void handle(ExtendSittingTime command, DeadlineManager deadlines) {
    requireReason(command.reason());
    if (command.minutes() < 1 || command.minutes() > MAX_EXTENSION_MINUTES) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "minutes=" + command.minutes() + " is not 1.." + MAX_EXTENSION_MINUTES + ".");
    }
    requireStarted();
    long extraMs = Duration.ofMinutes(command.minutes()).toMillis();
    if (status == Status.PAUSED) {
      apply(
          new SittingTimeExtended(
              sittingId,
              command.now(),
              command.minutes(),
              deadline,
              remainingMsWhilePaused + extraMs,
              command.reason(),
              command.by()));
      return;
    }
    if (!command.now().isBefore(deadline)) {
      throw new RuleViolation(
          ProblemType.ANSWER_AFTER_DEADLINE,
          "The deadline " + deadline + " has passed; the sitting is being handed in.");
    }
    Instant newDeadline = deadline.plusMillis(extraMs);
    apply(
        new SittingTimeExtended(
            sittingId,
            command.now(),
            command.minutes(),
            newDeadline,
            Duration.between(command.now(), newDeadline).toMillis(),
            command.reason(),
            command.by()));
    deadlines.cancelAllWithinScope(SittingDeadline.NAME);
    if (!stationRun) {
      deadlines.schedule(
          newDeadline, SittingDeadline.NAME, new SittingDeadline(sittingId, newDeadline));
    }
  }

  /**
   * Records an incident in any state of the sitting, hand-in included; a station's report synced
   * again (same station key and sequence number) records nothing.
   *
   * @return true when recorded, false for a repeat
   */
  @CommandHandler
  boolean handle(ReportIncident command) {
    if (command.stationKeyId() != null
        && command.stationSeq() != null
        && stationIncidents.contains(command.stationKeyId() + "#" + command.stationSeq())) {
      return false;
    }
    if (!IncidentCode.isKnown(command.code())) {
      throw new RuleViolation(
          ProblemType.UNKNOWN_INCIDENT_CODE,
          "code=" + command.code() + " is not one of " + List.of(IncidentCode.values()) + ".");
    }
    String note =
        command.note() == null || command.note().isBlank() ? null : command.note().strip();
    if (note != null && note.length() > ReportIncident.MAX_NOTE_CHARS) {
      throw new RuleViolation(
          ProblemType.OVERSIZED_INCIDENT_NOTE,
          "A note holds at most "
              + ReportIncident.MAX_NOTE_CHARS
              + " characters (and no names), this one "
              + note.length()
              + ".");
    }
    if (command.reportedBy() == null || command.reportedBy().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "reportedBy is required.");
    }
    if ((command.stationKeyId() == null) != (command.stationSeq() == null)) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "A station's report carries both its key id and sequence.");
    }
    apply(
        new IncidentReported(
            sittingId,
            command.code(),
            note,
            command.reportedBy(),
            command.occurredAt(),
            command.recordedAt(),
            command.stationKeyId(),
            command.stationSeq()));
    return true;
  }

  @CommandHandler
  void handle(ScoreSitting command, Clock clock) {
    if (status != Status.SUBMITTED && status != Status.TIMED_OUT) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_HANDED_IN, "Sitting " + sittingId + " is not handed in yet.");
    }
    boolean marked = "MARKED".equals(command.reason()) || "APPEAL".equals(command.reason());
    if (marked
        ? !markResolvedSinceScore || scripts.values().stream().anyMatch(x -> x.finalTotal == null)
        : command.keyVersion() <= scoredKeyVersion) {
      return; // already scored against this key (and these marks) or a newer one
    }
    if (marked && command.keyVersion() < scoredKeyVersion) {
      return; // never score the marks against an older key than the latest score's
    }
    Map<String, List<String>> responses = new HashMap<>();
    latestSeqByItem.forEach(
        (itemId, seq) -> responses.put(itemId, answersBySeq.get(seq).response()));
    Map<String, Double> finalMarks = new HashMap<>();
    for (Script x : scripts.values()) {
      if (x.finalTotal != null) {
        finalMarks.put(x.opened.itemId(), x.finalTotal);
      }
    }
    PreparedForm form =
        FormScorer.prepare(
            ExamForms.toForm(
                command.examId() + "/" + command.examVersion(), command.items(), command.rules()));
    SittingScore score = MarkedScoring.score(form, responses, finalMarks);
    List<ItemScoreRecord> items = score.items().stream().map(Sitting::toRecord).toList();
    apply(
        new SittingScored(
            sittingId,
            command.examId(),
            command.examVersion(),
            command.keyVersion(),
            ScoringCoreVersion.VERSION,
            items,
            score.sectionTotals(),
            score.rawTotal(),
            score.maxTotal(),
            score.percentage(),
            score.passed(),
            score.grade(),
            score.gradeWithheld(),
            score.needsHumanMarking(),
            command.reason(),
            clock.instant()));
    if (scripts.isEmpty() && score.needsHumanMarking()) {
      openScripts(command, form, score, clock.instant());
    }
  }

  /**
   * Opens a script per answer waiting for a human marker, each with a random id and the plan's
   * tolerance and rule; a script is marked twice when the plan's share says so (decided from its
   * random id, so that the share of a large session is close to the plan's).
   */
  private void openScripts(
      ScoreSitting command, PreparedForm form, SittingScore score, Instant at) {
    MarkingPlan plan =
        command.markingPlan() == null ? MarkingPlan.defaults() : command.markingPlan();
    List<MarkingScript> opened = new ArrayList<>();
    for (int i = 0; i < score.items().size(); i++) {
      ItemScore item = score.items().get(i);
      if (item.outcome() != ItemOutcome.NEEDS_HUMAN_MARKING) {
        continue;
      }
      String scriptId = UUID.randomUUID().toString();
      long seq = latestSeqByItem.get(item.itemId());
      boolean twice =
          Math.floorMod(scriptId.hashCode(), 10_000)
              < Math.round(plan.doubleMarkingShare() * 10_000);
      opened.add(
          new MarkingScript(
              scriptId,
              item.itemId(),
              seq,
              answersBySeq.get(seq).response(),
              MarkedScoring.rubricMax(form.item(i).item()),
              twice ? 2 : 1,
              plan.toleranceFor(item.itemId()),
              plan.resolution()));
    }
    apply(new ScriptsOpenedForMarking(sittingId, command.keyVersion(), opened, at));
  }

  /**
   * Gives a script to a marker in the next round it needs. Asking again for a script one already
   * holds changes nothing. Returns the round.
   */
  @CommandHandler
  int handle(AllocateScript command) {
    Script script = script(command.scriptId());
    Integer held = script.openRoundOf(command.markerId());
    if (held != null) {
      return held;
    }
    if (script.finalTotal != null) {
      throw new RuleViolation(
          ProblemType.SCRIPT_RESOLVED, "Script " + command.scriptId() + " has its final mark.");
    }
    if (script.markers.containsValue(command.markerId())
        || script.formerMarkers.contains(command.markerId())) {
      throw new RuleViolation(
          ProblemType.MARKER_ALREADY_ON_SCRIPT,
          "Marker " + command.markerId() + " has marked script " + command.scriptId() + ".");
    }
    int round = 0;
    if (script.disputed) {
      if (!script.markers.containsKey(ScriptAllocated.ADJUDICATION)) {
        if (!command.chief()) {
          throw new RuleViolation(
              ProblemType.CHIEF_MARKER_REQUIRED,
              "Script " + command.scriptId() + " is disputed: a chief marker adjudicates it.");
        }
        round = ScriptAllocated.ADJUDICATION;
      }
    } else {
      for (int r = 1; r <= script.opened.marksRequired() && round == 0; r++) {
        if (!script.markers.containsKey(r)) {
          round = r;
        }
      }
    }
    if (round == 0) {
      throw new RuleViolation(
          ProblemType.SCRIPT_FULLY_ALLOCATED,
          "Every round of script " + command.scriptId() + " is allocated.");
    }
    apply(
        new ScriptAllocated(
            sittingId, command.scriptId(), command.markerId(), round, command.now()));
    return round;
  }

  /**
   * Records a mark of a script allocated to the marker, then whether the script is now disputed or
   * has its final mark ({@link MarkResolution}).
   */
  @CommandHandler
  ScriptMarked handle(MarkScript command) {
    Script script = script(command.scriptId());
    Integer round = script.openRoundOf(command.markerId());
    if (round == null) {
      throw new RuleViolation(
          ProblemType.SCRIPT_NOT_ALLOCATED,
          "Script "
              + command.scriptId()
              + " is not allocated to marker "
              + command.markerId()
              + " for a mark.");
    }
    double total = checkMark(command, script);
    ScriptMarked mark =
        new ScriptMarked(
            sittingId,
            command.scriptId(),
            script.opened.itemId(),
            command.markerId(),
            round,
            command.criterionScores(),
            total,
            command.comment() == null || command.comment().isBlank() ? null : command.comment(),
            command.keyVersion(),
            command.now());
    apply(mark);
    MarkResolution.Outcome outcome = resolution(script);
    if (outcome.state() == MarkResolution.State.DISPUTED && !script.disputed) {
      apply(
          new ScriptDisputed(
              sittingId,
              command.scriptId(),
              script.opened.itemId(),
              script.totals.get(1),
              script.totals.get(2),
              script.opened.tolerance(),
              command.now()));
    } else if (outcome.state() == MarkResolution.State.RESOLVED) {
      apply(
          new ScriptResolved(
              sittingId,
              command.scriptId(),
              script.opened.itemId(),
              outcome.total(),
              outcome.basis(),
              command.now()));
    }
    return mark;
  }

  /**
   * An appeal of the released result, within the session's window, once per sitting (the window is
   * read by the controller from the session and given here).
   */
  @CommandHandler
  void handle(LodgeAppeal command) {
    if (scoredKeyVersion == 0) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_HANDED_IN, "Sitting " + sittingId + " has no result to appeal.");
    }
    if (appealId != null) {
      throw new RuleViolation(
          ProblemType.APPEAL_ALREADY_LODGED,
          "Sitting " + sittingId + " was appealed already (appeal " + appealId + ").");
    }
    if (command.releaseAt() == null
        || command.now().isBefore(command.releaseAt())
        || !command.now().isBefore(command.appealsCloseAt())) {
      throw new RuleViolation(
          ProblemType.APPEAL_WINDOW_CLOSED,
          command.releaseAt() == null || command.now().isBefore(command.releaseAt())
              ? "The results are not released yet."
              : "Appeals closed at " + command.appealsCloseAt() + ".");
    }
    requireReason(command.reason());
    Texts.requireStorable("reason", command.reason());
    if (command.reason().length() > LodgeAppeal.MAX_REASON) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "The reason has "
              + command.reason().length()
              + " characters; at most "
              + LodgeAppeal.MAX_REASON
              + ".");
    }
    apply(
        new AppealLodged(
            sittingId,
            command.appealId(),
            command.lodgedByRole(),
            command.lodgedBy(),
            command.reason(),
            command.now()));
  }

  /**
   * A chief marker's decision. SCORE_CHANGED records a re-mark of each script named (round {@value
   * AppealDecided#REMARK_ROUND}), which becomes its final mark; the sitting is then scored again.
   * UPHELD and REJECTED change no mark.
   */
  @CommandHandler
  void handle(DecideAppeal command) {
    if (appealId == null || !appealId.equals(command.appealId())) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND, "Sitting " + sittingId + " has no appeal " + command.appealId());
    }
    if (appealDecided) {
      throw new RuleViolation(
          ProblemType.APPEAL_ALREADY_DECIDED, "Appeal " + appealId + " was decided already.");
    }
    requireReason(command.reason());
    Texts.requireStorable("reason", command.reason());
    Map<String, Map<String, Double>> remarks =
        command.remarks() == null ? Map.of() : command.remarks();
    switch (command.outcome() == null ? "" : command.outcome()) {
      case "SCORE_CHANGED" -> {
        if (remarks.isEmpty()) {
          throw new RuleViolation(
              ProblemType.INVALID_APPEAL_DECISION,
              "SCORE_CHANGED needs the re-mark of at least one script.");
        }
      }
      case "UPHELD", "REJECTED" -> {
        if (!remarks.isEmpty()) {
          throw new RuleViolation(
              ProblemType.INVALID_APPEAL_DECISION,
              command.outcome() + " changes no mark: send re-marks only with SCORE_CHANGED.");
        }
      }
      default ->
          throw new RuleViolation(
              ProblemType.INVALID_APPEAL_DECISION,
              "outcome must be UPHELD, SCORE_CHANGED or REJECTED; it is "
                  + command.outcome()
                  + ".");
    }
    List<ScriptMarked> marks = new ArrayList<>();
    for (Map.Entry<String, Map<String, Double>> e : remarks.entrySet()) {
      Script script = scripts.get(e.getKey());
      if (script == null || script.finalTotal == null) {
        throw new RuleViolation(
            ProblemType.INVALID_APPEAL_DECISION,
            "Script " + e.getKey() + " is not a marked script of this sitting.");
      }
      MarkScript remark =
          new MarkScript(
              sittingId,
              e.getKey(),
              command.decidedBy(),
              e.getValue(),
              null,
              command.keyVersion(),
              command.rubrics() == null
                  ? List.of()
                  : command.rubrics().getOrDefault(script.opened.itemId(), List.of()),
              command.now());
      double total = checkMark(remark, script);
      marks.add(
          new ScriptMarked(
              sittingId,
              e.getKey(),
              script.opened.itemId(),
              command.decidedBy(),
              AppealDecided.REMARK_ROUND,
              e.getValue(),
              total,
              null,
              command.keyVersion(),
              command.now()));
    }
    for (ScriptMarked mark : marks) {
      apply(mark);
      apply(
          new ScriptResolved(
              sittingId, mark.scriptId(), mark.itemId(), mark.total(), "APPEAL", command.now()));
    }
    apply(
        new AppealDecided(
            sittingId,
            appealId,
            command.outcome(),
            command.reason(),
            command.decidedBy(),
            command.now()));
  }

  /**
   * Takes back every round a (stopped) marker holds or marked on this script while it is not
   * resolved, so that other markers mark it; a resolved script keeps its marks. When a released
   * independent mark lifts a dispute, an adjudication already handed out is taken back too.
   */
  @CommandHandler
  void handle(ReleaseMarkerRound command) {
    Script script = script(command.scriptId());
    if (script.finalTotal != null) {
      return;
    }
    List<Integer> rounds = new ArrayList<>();
    script.markers.forEach(
        (round, marker) -> {
          if (marker.equals(command.markerId())) {
            rounds.add(round);
          }
        });
    rounds.sort(null);
    boolean liftsDispute = false;
    for (int round : rounds) {
      liftsDispute |= round < ScriptAllocated.ADJUDICATION && script.disputed;
      apply(
          new ScriptRoundReleased(
              sittingId,
              command.scriptId(),
              round,
              command.markerId(),
              script.totals.containsKey(round),
              command.reason(),
              command.now()));
    }
    String adjudicator = script.markers.get(ScriptAllocated.ADJUDICATION);
    if (liftsDispute && adjudicator != null) {
      apply(
          new ScriptRoundReleased(
              sittingId,
              command.scriptId(),
              ScriptAllocated.ADJUDICATION,
              adjudicator,
              false,
              "the dispute was lifted: " + command.reason(),
              command.now()));
    }
  }

  private static MarkResolution.Outcome resolution(Script script) {
    return MarkResolution.resolve(
        script.opened.marksRequired(),
        script.opened.tolerance(),
        ResolutionRule.valueOf(script.opened.resolution()),
        script.totals.get(1),
        script.totals.get(2),
        script.totals.get(ScriptAllocated.ADJUDICATION));
  }

  /** The criterion points must be exactly the rubric's, each finite and within its maximum. */
  private static double checkMark(MarkScript command, Script script) {
    return RubricMarks.total(
        command.rubric(),
        command.criterionScores(),
        script.opened.rubricMax(),
        command.keyVersion(),
        command.comment());
  }

  private Script script(String scriptId) {
    Script script = scripts.get(scriptId);
    if (script == null) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND, "Sitting " + sittingId + " has no script " + scriptId + ".");
    }
    return script;
  }

  /**
   * Seals the latest score with the server key: signs the stream head as it stands (every event
   * before the seal) and the score's digest. Nothing to do when the latest score is sealed.
   */
  @CommandHandler
  void handle(SealSitting command, SittingSealer sealer) {
    if (!sealDue) {
      return;
    }
    apply(sealer.seal(sittingId, AggregateLifecycle.getVersion() + 1));
  }

  private static ItemScoreRecord toRecord(ItemScore s) {
    return new ItemScoreRecord(s.itemId(), s.score(), s.maxScore(), s.outcome().name());
  }

  private void requireStarted() {
    if (status == Status.REGISTERED) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_STARTED, "Sitting " + sittingId + " has not started.");
    }
    if (closedByCentre) {
      throw new RuleViolation(
          ProblemType.SITTING_FINISHED,
          "Sitting "
              + sittingId
              + " was handed in by the centre at "
              + finishedAt
              + ", its station's hand-in being overdue.");
    }
    if (status == Status.SUBMITTED || status == Status.TIMED_OUT) {
      throw new RuleViolation(
          ProblemType.SITTING_FINISHED, "Sitting " + sittingId + " was already handed in.");
    }
  }

  private void requireOpenForCandidate(Instant now) {
    requireStarted();
    if (status == Status.PAUSED) {
      throw new RuleViolation(
          ProblemType.SITTING_PAUSED, "Sitting " + sittingId + " is paused by the invigilator.");
    }
    if (!now.isBefore(deadline)) { // the deadline is the instant time is up, as for the time-out
      throw new RuleViolation(
          ProblemType.ANSWER_AFTER_DEADLINE,
          "The deadline was " + deadline + "; it is now " + now + ".");
    }
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "A reason is required.");
    }
  }

  @EventSourcingHandler
  void on(CandidateRegistered event) {
    sittingId = event.sittingId();
    centreId = event.centreId();
    status = Status.REGISTERED;
    extraTimePercent = event.extraTimePercent();
  }

  @EventSourcingHandler
  void on(SittingStarted event) {
    status = Status.IN_PROGRESS;
    startedAt = event.startedAt();
    stationRun = event.stationKeyId() != null;
    deadline = event.deadline();
    itemIds = new LinkedHashSet<>(event.itemIds());
  }

  @EventSourcingHandler
  void on(AnswerRecorded event) {
    answersBySeq.put(event.clientSeq(), new Answer(event.itemId(), event.response()));
    recordedAtBySeq.put(event.clientSeq(), event.recordedAt());
    latestSeqByItem.merge(event.itemId(), event.clientSeq(), Math::max);
  }

  @EventSourcingHandler
  void on(SittingDeviceKeyBound event) {
    if (deviceKey != null) {
      formerDeviceKeys.add(deviceKey);
    }
    deviceKey = Ed25519PublicKey.fromBase64Url(event.publicKey());
  }

  @EventSourcingHandler
  void on(ItemFlaggedForReview event) {
    flagged.add(event.itemId());
  }

  @EventSourcingHandler
  void on(ItemReviewFlagCleared event) {
    flagged.remove(event.itemId());
  }

  @EventSourcingHandler
  void on(SittingSubmitted event) {
    status = Status.SUBMITTED;
    finishedAt = event.submittedAt();
  }

  @EventSourcingHandler
  void on(SittingTimedOut event) {
    status = Status.TIMED_OUT;
    finishedAt = event.timedOutAt();
    closedByCentre = event.closedBy() != null;
  }

  @EventSourcingHandler
  void on(SittingPaused event) {
    status = Status.PAUSED;
    remainingMsWhilePaused = event.remainingMs();
  }

  @EventSourcingHandler
  void on(SittingResumed event) {
    status = Status.IN_PROGRESS;
    deadline = event.deadline();
  }

  @EventSourcingHandler
  void on(SittingTimeExtended event) {
    if (status == Status.PAUSED) {
      remainingMsWhilePaused = event.remainingMs();
    } else {
      deadline = event.deadline();
    }
  }

  /** An incident after the score leaves the stream unsealed: it is sealed again (trust/). */
  @EventSourcingHandler
  void on(IncidentReported event) {
    if (event.stationKeyId() != null && event.stationSeq() != null) {
      stationIncidents.add(event.stationKeyId() + "#" + event.stationSeq());
    }
    if (scoredKeyVersion > 0) {
      sealDue = true;
    }
  }

  @EventSourcingHandler
  void on(SittingScored event) {
    scoredKeyVersion = event.keyVersion();
    sealDue = true;
    markResolvedSinceScore = false;
  }

  @EventSourcingHandler
  void on(ScriptsOpenedForMarking event) {
    for (MarkingScript script : event.scripts()) {
      scripts.put(script.scriptId(), new Script(script));
    }
  }

  /** Allocations and marks come after the score: each is sealed again (trust/). */
  @EventSourcingHandler
  void on(ScriptAllocated event) {
    scripts.get(event.scriptId()).markers.put(event.round(), event.markerId());
    sealDue = true;
  }

  @EventSourcingHandler
  void on(ScriptMarked event) {
    scripts.get(event.scriptId()).totals.put(event.round(), event.total());
    sealDue = true;
  }

  @EventSourcingHandler
  void on(AppealLodged event) {
    appealId = event.appealId();
    if (scoredKeyVersion > 0) {
      sealDue = true;
    }
  }

  @EventSourcingHandler
  void on(AppealDecided event) {
    appealDecided = true;
    sealDue = true;
  }

  @EventSourcingHandler
  void on(ScriptRoundReleased event) {
    Script script = scripts.get(event.scriptId());
    script.markers.remove(event.round());
    script.totals.remove(event.round());
    if (event.round() < ScriptAllocated.ADJUDICATION) {
      // an independent marker taken off never marks this script again; an adjudicator whose
      // round went with the dispute (or who is stopped, and so takes nothing) is not barred
      script.formerMarkers.add(event.markerId());
      script.disputed = false;
    }
    sealDue = true;
  }

  @EventSourcingHandler
  void on(ScriptDisputed event) {
    scripts.get(event.scriptId()).disputed = true;
  }

  @EventSourcingHandler
  void on(ScriptResolved event) {
    scripts.get(event.scriptId()).finalTotal = event.total();
    markResolvedSinceScore = true;
  }

  @EventSourcingHandler
  void on(SittingSealed event) {
    sealDue = false;
  }
}
