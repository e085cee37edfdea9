package kg.exam.command.station;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/stations/sync}: an exam station pushes its journal. Entries are applied in the
 * order sent, each in its own transaction together with its row in {@code station_sync_entry}, and
 * answered in that order: {@code applied}, {@code duplicate} (already answered for this station and
 * sequence number, or an answer whose {@code clientSeq} the sitting already has) or {@code
 * rejected} with the problem type (a refusal that a retry cannot change; the station moves on and
 * shows it). A transient failure ({@code concurrent-modification}, an unexpected error) ends the
 * answer early; the station sends the rest again.
 */
@RestController
class StationSyncController {
  /** Most entries in one request. */
  static final int MAX_ENTRIES = 1000;

  /** Longest sitting id, as the {@code sitting} tables hold it. */
  static final int MAX_SITTING_ID_CHARS = 64;

  private final StationSync sync;
  private final Clock clock;

  StationSyncController(StationSync sync, Clock clock) {
    this.sync = sync;
    this.clock = clock;
  }

  /**
   * One journal entry as the station sends it (exam-client/README.md, "Journal format").
   *
   * @param payload the kind's fields
   */
  record Entry(
      Long seq,
      String sittingId,
      String kind,
      String stationTime,
      Map<String, Object> payload,
      String keyId,
      String signature) {}

  record SyncRequest(List<Entry> entries) {}

  /** The answer to one entry; {@code type} and {@code detail} only for a rejection. */
  record EntryResult(long seq, String outcome, String type, String detail) {}

  record SyncResponse(List<EntryResult> results, Instant serverTime) {}

  @Operation(
      summary = "Sync entries of a station's journal (each acknowledged, rejected or duplicate)")
  @PostMapping("/api/stations/sync")
  @PreAuthorize("hasRole('STATION')")
  SyncResponse sync(@RequestBody SyncRequest request) {
    Actor station = Actor.current();
    if (!station.is(Role.STATION)) {
      throw new RuleViolation(ProblemType.FORBIDDEN, "Only an exam station syncs.");
    }
    if (request == null || request.entries() == null || request.entries().isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "entries: at least one is required.");
    }
    if (request.entries().size() > MAX_ENTRIES) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "entries: at most " + MAX_ENTRIES + ", got " + request.entries().size() + ".");
    }
    List<StationSync.Parsed> parsed = new ArrayList<>();
    for (int i = 0; i < request.entries().size(); i++) {
      parsed.add(parse(request.entries().get(i), i));
    }
    List<EntryResult> results = new ArrayList<>();
    for (StationSync.Parsed entry : parsed) {
      StationSync.Outcome outcome = sync.process(station, entry, clock.instant());
      if (outcome == null) {
        break; // transient: the station sends the rest again
      }
      results.add(
          new EntryResult(entry.seq(), outcome.outcome(), outcome.type(), outcome.detail()));
    }
    return new SyncResponse(results, clock.instant());
  }

  private static StationSync.Parsed parse(Entry e, int index) {
    String at = "entries[" + index + "].";
    if (e == null) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, at + ": must not be null.");
    }
    if (e.seq() == null || e.seq() < 1) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, at + "seq: 1 or more.");
    }
    if (e.sittingId() == null || e.sittingId().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, at + "sittingId: must not be blank.");
    }
    if (e.sittingId().length() > MAX_SITTING_ID_CHARS) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          at + "sittingId: at most " + MAX_SITTING_ID_CHARS + " characters.");
    }
    StationSync.Kind kind;
    try {
      kind = StationSync.Kind.valueOf(String.valueOf(e.kind()).toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException ex) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, at + "kind: unknown '" + e.kind() + "'.");
    }
    Instant stationTime;
    try {
      stationTime = Instant.parse(String.valueOf(e.stationTime()));
    } catch (DateTimeParseException ex) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, at + "stationTime: not an ISO-8601 instant.");
    }
    return new StationSync.Parsed(
        e.seq(),
        e.sittingId(),
        kind,
        stationTime,
        e.payload() == null ? Map.of() : e.payload(),
        e.keyId(),
        e.signature());
  }
}
