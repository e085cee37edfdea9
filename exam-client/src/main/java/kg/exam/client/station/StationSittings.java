package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sittings a station runs, with the command side's rules, by the station's clock: start inside
 * the session window (deadline = start + duration × (1 + extra time), never past the window's end),
 * answers idempotent on {@code clientSeq}, flags, submit, pause/resume/extend, and hand-in at the
 * deadline ({@link #handInOverdue()}).
 *
 * <p>Every change is first appended to the {@link Journal} (forced to disk) and only then applied
 * to memory and acknowledged; the memory is rebuilt from the journal on start, so a crash loses
 * nothing acknowledged. One lock per sitting keeps a sitting's journal order equal to the order its
 * changes were checked in. A refusal is a {@link StationProblem} with the command side's type and
 * journals nothing. Thread-safe.
 */
public final class StationSittings {
  /** Most values one response may hold, as on the command side. */
  public static final int MAX_RESPONSE_VALUES = 100;

  /** Most characters of one response value, as on the command side. */
  public static final int MAX_RESPONSE_VALUE_CHARS = 20_000;

  /**
   * Most bytes of an answer's journal payload as JSON, so that the entry, sent alone, fits the
   * command side's 1 MiB request limit with room for the envelope and signature.
   */
  public static final int MAX_ENTRY_PAYLOAD_BYTES = 1_000_000;

  /** Longest single extension, as on the command side. */
  public static final int MAX_EXTENSION_MINUTES = 240;

  /** The states of a sitting, named as on the command side. */
  public enum Status {
    REGISTERED,
    IN_PROGRESS,
    PAUSED,
    SUBMITTED,
    TIMED_OUT
  }

  private record Answer(
      String itemId, List<String> response, Instant clientTimestamp, Instant recordedAt) {}

  /** One sitting's state, folded from its journal entries. Guarded by its own monitor. */
  private static final class State {
    final String sittingId;
    Status status = Status.REGISTERED;
    Instant startedAt;
    Instant deadline;
    Instant finishedAt;
    long remainingMsWhilePaused;
    final Map<Long, Answer> answersBySeq = new HashMap<>();
    final Map<String, Long> latestSeqByItem = new TreeMap<>();
    final Map<String, Integer> changesByItem = new HashMap<>();
    final Set<String> flagged = new LinkedHashSet<>();
    long lastClientSeq;
    long lastEntrySeq;

    State(String sittingId) {
      this.sittingId = sittingId;
    }

    void apply(JournalEntry e) {
      JsonNode p = e.payload();
      lastEntrySeq = e.seq();
      switch (e.kind()) {
        case START -> {
          status = Status.IN_PROGRESS;
          startedAt = e.stationTime();
          deadline = Instant.parse(p.get("deadline").asText());
        }
        case ANSWER -> {
          long seq = p.get("clientSeq").asLong();
          List<String> response = new ArrayList<>();
          p.get("response").forEach(v -> response.add(v.asText()));
          String itemId = p.get("itemId").asText();
          answersBySeq.put(
              seq, new Answer(itemId, List.copyOf(response), e.stationTime(), e.stationTime()));
          changesByItem.merge(itemId, 0, (a, b) -> a + 1);
          latestSeqByItem.merge(itemId, seq, Math::max);
          lastClientSeq = Math.max(lastClientSeq, seq);
        }
        case FLAG -> {
          if (p.get("flagged").asBoolean()) {
            flagged.add(p.get("itemId").asText());
          } else {
            flagged.remove(p.get("itemId").asText());
          }
        }
        case SUBMIT -> {
          status = Status.SUBMITTED;
          finishedAt = e.stationTime();
        }
        case TIMEOUT -> {
          status = Status.TIMED_OUT;
          finishedAt = e.stationTime();
        }
        case PAUSE -> {
          status = Status.PAUSED;
          remainingMsWhilePaused = p.get("remainingMs").asLong();
        }
        case RESUME -> {
          status = Status.IN_PROGRESS;
          deadline = Instant.parse(p.get("deadline").asText());
        }
        case EXTEND -> {
          if (status == Status.PAUSED) {
            remainingMsWhilePaused = p.get("remainingMs").asLong();
          } else {
            deadline = Instant.parse(p.get("deadline").asText());
          }
        }
        case INCIDENT -> {}
      }
    }
  }

  private final Journal journal;
  private final ExamPackages packages;
  private final StationSigning signing;
  private final Clock clock;
  private final String stationId;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  /**
   * Rebuilds every sitting from the journal.
   *
   * @param clock the station's clock, the time authority of its sittings
   * @param stationId the station's id, shown in views (may be null before enrolment)
   */
  public StationSittings(
      Journal journal,
      ExamPackages packages,
      StationSigning signing,
      Clock clock,
      String stationId) {
    this.journal = journal;
    this.packages = packages;
    this.signing = signing;
    this.clock = clock;
    this.stationId = stationId;
    for (JournalEntry e : journal.all()) {
      state(e.sittingId()).apply(e);
    }
  }

  private State state(String sittingId) {
    return states.computeIfAbsent(sittingId, State::new);
  }

  /** The station's clock, to the millisecond (the precision every recorded time has). */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private ExamPackages.Located located(String sittingId) {
    return packages
        .bySittingId(sittingId)
        .orElseThrow(() -> StationProblem.notFound("No sitting " + sittingId + " here."));
  }

  /** The package and candidate of a sitting, when its package is unlocked. */
  public java.util.Optional<ExamPackages.Located> find(String sittingId) {
    return packages.bySittingId(sittingId);
  }

  /** Starts a sitting by the station's clock. */
  public StationSittingView start(String sittingId) throws IOException {
    ExamPackages.Located at = located(sittingId);
    SessionPackage pkg = at.sessionPackage();
    State s = state(sittingId);
    synchronized (s) {
      if (s.status != Status.REGISTERED) {
        throw StationProblem.conflict(
            "sitting-already-started",
            "Sitting already started",
            "Sitting " + sittingId + " has already started.");
      }
      Instant now = now();
      if (now.isBefore(pkg.opensAt()) || !now.isBefore(pkg.closesAt())) {
        throw StationProblem.conflict(
            "session-not-open",
            "Exam session not open",
            "The exam session is open from "
                + pkg.opensAt()
                + " to "
                + pkg.closesAt()
                + "; it is now "
                + now
                + " by the station's clock.");
      }
      long allowedMs =
          Duration.ofMinutes(pkg.durationMinutes()).toMillis()
              * (100 + at.candidate().extraTimePercent())
              / 100;
      Instant deadline = now.plusMillis(allowedMs);
      if (deadline.isAfter(pkg.closesAt())) {
        deadline = pkg.closesAt(); // never past the session window
      }
      ObjectNode payload = StationJson.MAPPER.createObjectNode();
      payload.put("sessionId", pkg.sessionId());
      payload.put("deadline", deadline.toString());
      payload.put("allowedMs", allowedMs);
      append(s, JournalEntry.Kind.START, now, payload);
      return view(s, at, now);
    }
  }

  /**
   * Records an answer; returns once it is on disk. A response that does not fit the item is refused
   * as on the command side ({@code malformed-response}, see {@link ResponseShapes}).
   */
  public AnswerReceipt answer(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant deviceTimestamp)
      throws IOException {
    ExamPackages.Located at = located(sittingId);
    checkSize(response);
    State s = state(sittingId);
    synchronized (s) {
      Answer previous = s.answersBySeq.get(clientSeq);
      if (previous != null) {
        if (previous.itemId().equals(itemId) && previous.response().equals(response)) {
          return new AnswerReceipt(sittingId, itemId, clientSeq, previous.recordedAt(), true);
        }
        throw StationProblem.conflict(
            "client-sequence-conflict",
            "Client sequence number reused",
            "clientSeq=" + clientSeq + " was already used for another answer in this sitting.");
      }
      Instant now = now();
      requireOpenForCandidate(s, now);
      ResponseShapes.check(requireItem(at, itemId), response);
      if (clientSeq < 1) {
        throw StationProblem.invalidRequest("clientSeq=" + clientSeq + " must be 1 or more.");
      }
      ObjectNode payload = StationJson.MAPPER.createObjectNode();
      payload.put("itemId", itemId);
      response.forEach(payload.putArray("response")::add);
      payload.put("clientSeq", clientSeq);
      if (deviceTimestamp != null) {
        payload.put("deviceTimestamp", deviceTimestamp.toString());
      }
      if (StationJson.MAPPER.writeValueAsBytes(payload).length > MAX_ENTRY_PAYLOAD_BYTES) {
        // the entry must fit the command side's 1 MiB request limit when it is synced
        throw StationProblem.oversized(
            "The answer takes more than " + MAX_ENTRY_PAYLOAD_BYTES + " bytes as JSON.");
      }
      String signature;
      try {
        signature = signing.signAnswer(sittingId, itemId, response, clientSeq, now);
      } catch (IllegalArgumentException e) {
        // e.g. an unpaired UTF-16 surrogate: no canonical form to sign or store
        throw StationProblem.invalidRequest(
            "The answer holds text that is not well-formed Unicode (" + e.getMessage() + ").");
      }
      JournalEntry entry =
          journal.append(
              sittingId, JournalEntry.Kind.ANSWER, now, payload, signing.keyId(), signature);
      s.apply(entry);
      return new AnswerReceipt(sittingId, itemId, clientSeq, now, false);
    }
  }

  /** Sets or clears a review flag; nothing is journaled when the flag is already so. */
  public StationSittingView flag(String sittingId, String itemId, boolean flagged)
      throws IOException {
    ExamPackages.Located at = located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      Instant now = now();
      requireOpenForCandidate(s, now);
      requireItem(at, itemId);
      if (s.flagged.contains(itemId) != flagged) {
        ObjectNode payload = StationJson.MAPPER.createObjectNode();
        payload.put("itemId", itemId);
        payload.put("flagged", flagged);
        append(s, JournalEntry.Kind.FLAG, now, payload);
      }
      return view(s, at, now);
    }
  }

  /** The candidate hands in. */
  public StationSittingView submit(String sittingId) throws IOException {
    ExamPackages.Located at = located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      Instant now = now();
      requireOpenForCandidate(s, now);
      append(s, JournalEntry.Kind.SUBMIT, now, StationJson.MAPPER.createObjectNode());
      return view(s, at, now);
    }
  }

  /** The invigilator stops the clock; {@code by} is the invigilator's pseudonymous id. */
  public StationSittingView pause(String sittingId, String reason, String by) throws IOException {
    ExamPackages.Located at = located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      requireReason(reason);
      Instant now = now();
      requireStarted(s);
      if (s.status == Status.PAUSED) {
        throw StationProblem.conflict(
            "sitting-paused", "Sitting paused", "Sitting " + sittingId + " is already paused.");
      }
      requireBeforeDeadline(s, now);
      ObjectNode payload = StationJson.MAPPER.createObjectNode();
      payload.put("remainingMs", Duration.between(now, s.deadline).toMillis());
      payload.put("reason", reason);
      payload.put("by", by);
      append(s, JournalEntry.Kind.PAUSE, now, payload);
      return view(s, at, now);
    }
  }

  /** The invigilator restarts the clock: new deadline = now + the time that was left. */
  public StationSittingView resume(String sittingId, String reason, String by) throws IOException {
    ExamPackages.Located at = located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      requireReason(reason);
      requireStarted(s);
      if (s.status != Status.PAUSED) {
        throw StationProblem.conflict(
            "sitting-not-paused", "Sitting not paused", "Sitting " + sittingId + " is not paused.");
      }
      Instant now = now();
      ObjectNode payload = StationJson.MAPPER.createObjectNode();
      payload.put("deadline", now.plusMillis(s.remainingMsWhilePaused).toString());
      payload.put("reason", reason);
      payload.put("by", by);
      append(s, JournalEntry.Kind.RESUME, now, payload);
      return view(s, at, now);
    }
  }

  /** The invigilator adds 1..240 minutes. */
  public StationSittingView extend(String sittingId, int minutes, String reason, String by)
      throws IOException {
    ExamPackages.Located at = located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      requireReason(reason);
      if (minutes < 1 || minutes > MAX_EXTENSION_MINUTES) {
        throw StationProblem.invalidRequest(
            "minutes=" + minutes + " is not 1.." + MAX_EXTENSION_MINUTES + ".");
      }
      requireStarted(s);
      Instant now = now();
      long extraMs = Duration.ofMinutes(minutes).toMillis();
      ObjectNode payload = StationJson.MAPPER.createObjectNode();
      payload.put("minutes", minutes);
      if (s.status == Status.PAUSED) {
        payload.put("deadline", s.deadline.toString());
        payload.put("remainingMs", s.remainingMsWhilePaused + extraMs);
      } else {
        requireBeforeDeadline(s, now);
        Instant newDeadline = s.deadline.plusMillis(extraMs);
        payload.put("deadline", newDeadline.toString());
        payload.put("remainingMs", Duration.between(now, newDeadline).toMillis());
      }
      payload.put("reason", reason);
      payload.put("by", by);
      append(s, JournalEntry.Kind.EXTEND, now, payload);
      return view(s, at, now);
    }
  }

  /** Journals an incident (free text kept on the station; never a name). */
  public void incident(String sittingId, JsonNode payload) throws IOException {
    located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      append(s, JournalEntry.Kind.INCIDENT, now(), payload);
    }
  }

  /**
   * Hands in every running sitting whose deadline has passed by the station's clock (the station's
   * time-out). Called about every second.
   *
   * @return the number of sittings handed in
   */
  public int handInOverdue() throws IOException {
    int n = 0;
    for (State s : states.values()) {
      synchronized (s) {
        Instant now = now();
        if (s.status == Status.IN_PROGRESS && !now.isBefore(s.deadline)) {
          ObjectNode payload = StationJson.MAPPER.createObjectNode();
          payload.put("deadline", s.deadline.toString());
          append(s, JournalEntry.Kind.TIMEOUT, now, payload);
          n++;
        }
      }
    }
    return n;
  }

  /** The sitting as its candidate sees it, by the station's clock. */
  public StationSittingView view(String sittingId) {
    ExamPackages.Located at = located(sittingId);
    State s = state(sittingId);
    synchronized (s) {
      return view(s, at, now());
    }
  }

  /** Every sitting of the unlocked packages (for the invigilator view). */
  public List<StationSittingView> views() {
    List<StationSittingView> all = new ArrayList<>();
    Instant now = now();
    for (SessionPackage p : packages.allUnlocked()) {
      for (PackageCandidate c : p.candidates()) {
        State s = state(c.sittingId());
        synchronized (s) {
          all.add(view(s, new ExamPackages.Located(p, c), now));
        }
      }
    }
    return all;
  }

  /** The status of a sitting on this station ({@code REGISTERED} when never started here). */
  public Status status(String sittingId) {
    State s = state(sittingId);
    synchronized (s) {
      return s.status;
    }
  }

  private void append(State s, JournalEntry.Kind kind, Instant now, JsonNode payload)
      throws IOException {
    JournalEntry entry =
        journal.append(
            s.sittingId,
            kind,
            now,
            payload,
            signing.keyId(),
            signing.signEntry(s.sittingId, kind, now, payload));
    s.apply(entry);
  }

  private StationSittingView view(State s, ExamPackages.Located at, Instant now) {
    long remainingMs =
        switch (s.status) {
          case IN_PROGRESS -> Math.max(0, Duration.between(now, s.deadline).toMillis());
          case PAUSED -> s.remainingMsWhilePaused;
          case REGISTERED -> -1;
          default -> 0;
        };
    Map<String, StationSittingView.CurrentAnswer> answers = new TreeMap<>();
    int answered = 0;
    for (Map.Entry<String, Long> e : s.latestSeqByItem.entrySet()) {
      Answer a = s.answersBySeq.get(e.getValue());
      answers.put(
          e.getKey(),
          new StationSittingView.CurrentAnswer(
              a.response(),
              e.getValue(),
              a.clientTimestamp(),
              a.recordedAt(),
              s.changesByItem.getOrDefault(e.getKey(), 0)));
      if (!a.response().isEmpty()) {
        answered++;
      }
    }
    SessionPackage p = at.sessionPackage();
    return new StationSittingView(
        s.sittingId,
        p.sessionId(),
        p.examId(),
        p.examVersion(),
        at.candidate().candidateId(),
        s.status.name(),
        at.candidate().extraTimePercent(),
        at.candidate().accommodations(),
        s.startedAt,
        s.deadline,
        remainingMs,
        now,
        s.finishedAt,
        answers,
        List.copyOf(s.flagged),
        s.lastClientSeq,
        answered,
        null,
        "station",
        stationId);
  }

  /** Refuses a response over the command side's limits ({@code oversized-response}). */
  static void checkSize(List<String> response) {
    if (response.size() > MAX_RESPONSE_VALUES) {
      throw StationProblem.oversized(
          "A response holds at most "
              + MAX_RESPONSE_VALUES
              + " values, this one "
              + response.size()
              + ".");
    }
    for (String value : response) {
      if (value == null) {
        throw new StationProblem(
            "malformed-response", 422, "Malformed response", "A response value is null.");
      }
      if (value.length() > MAX_RESPONSE_VALUE_CHARS) {
        throw StationProblem.oversized(
            "A response value holds at most "
                + MAX_RESPONSE_VALUE_CHARS
                + " characters, this one "
                + value.length()
                + ".");
      }
    }
  }

  private static PackageItem requireItem(ExamPackages.Located at, String itemId) {
    return at.sessionPackage().items().stream()
        .filter(i -> Objects.equals(i.itemId(), itemId))
        .findFirst()
        .orElseThrow(
            () ->
                new StationProblem(
                    "unknown-item",
                    422,
                    "Unknown item",
                    "The exam form has no item " + itemId + "."));
  }

  private static void requireStarted(State s) {
    if (s.status == Status.REGISTERED) {
      throw StationProblem.conflict(
          "sitting-not-started",
          "Sitting not started",
          "Sitting " + s.sittingId + " has not started.");
    }
    if (s.status == Status.SUBMITTED || s.status == Status.TIMED_OUT) {
      throw StationProblem.conflict(
          "sitting-finished",
          "Sitting already handed in",
          "Sitting " + s.sittingId + " was already handed in.");
    }
  }

  private static void requireOpenForCandidate(State s, Instant now) {
    requireStarted(s);
    if (s.status == Status.PAUSED) {
      throw StationProblem.conflict(
          "sitting-paused",
          "Sitting paused",
          "Sitting " + s.sittingId + " is paused by the invigilator.");
    }
    requireBeforeDeadline(s, now);
  }

  private static void requireBeforeDeadline(State s, Instant now) {
    if (!now.isBefore(s.deadline)) {
      throw StationProblem.conflict(
          "answer-after-deadline",
          "Answer after the deadline",
          "The deadline was " + s.deadline + "; it is now " + now + " by the station's clock.");
    }
  }

  private static void requireReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw StationProblem.invalidRequest("A reason is required.");
    }
  }
}
