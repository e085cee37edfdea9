package kg.exam.command.marking;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import kg.exam.command.exam.PublishedExams;
import kg.exam.contract.marking.MarkerStopped;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.contract.marking.SeedAllocated;
import kg.exam.contract.marking.SeedMarked;
import kg.exam.contract.marking.SeedScriptAdded;
import kg.exam.scoring.marking.Agreement;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code marking_script} and {@code marking_round} read tables: every script of every session,
 * who holds or marked each of its rounds, and its state. Written in the transaction of the
 * sittings' marking events; the marks themselves are in the signed streams.
 */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class MarkingRecords {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  MarkingRecords(JdbcTemplate jdbc, @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @EventHandler
  void on(ScriptsOpenedForMarking e) throws Exception {
    for (MarkingScript s : e.scripts()) {
      jdbc.update(
          "INSERT INTO marking_script (script_id, session_id, sitting_id, item_id, key_version,"
              + " response, rubric_max, marks_required, status, opened_at)"
              + " SELECT ?, session_id, sitting_id, ?, ?, ?, ?, ?, 'AWAITING', ? FROM sitting"
              + " WHERE sitting_id = ? ON CONFLICT (script_id) DO NOTHING",
          s.scriptId(),
          s.itemId(),
          e.keyVersion(),
          json.writeValueAsString(s.response()),
          s.rubricMax(),
          s.marksRequired(),
          Timestamp.from(e.openedAt()),
          e.sittingId());
    }
  }

  @EventHandler
  void on(ScriptAllocated e) {
    jdbc.update(
        "INSERT INTO marking_round (script_id, round, marker_id, allocated_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (script_id, round) DO NOTHING",
        e.scriptId(),
        e.round(),
        e.markerId(),
        Timestamp.from(e.allocatedAt()));
  }

  /** A mark of a held round, or a re-mark on appeal (round 4, never allocated: its row is new). */
  @EventHandler
  void on(ScriptMarked e) throws Exception {
    jdbc.update(
        "INSERT INTO marking_round (script_id, round, marker_id, allocated_at, marked_at, total,"
            + " criteria) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (script_id, round) DO UPDATE"
            + " SET marked_at = EXCLUDED.marked_at, total = EXCLUDED.total,"
            + " criteria = EXCLUDED.criteria",
        e.scriptId(),
        e.round(),
        e.markerId(),
        Timestamp.from(e.markedAt()),
        Timestamp.from(e.markedAt()),
        e.total(),
        json.writeValueAsString(new TreeMap<>(e.criterionScores())));
  }

  @EventHandler
  void on(ScriptDisputed e) {
    jdbc.update("UPDATE marking_script SET status = 'DISPUTED' WHERE script_id = ?", e.scriptId());
  }

  @EventHandler
  void on(ScriptResolved e) {
    jdbc.update(
        "UPDATE marking_script SET status = 'RESOLVED', final_total = ?, basis = ?, resolved_at = ?"
            + " WHERE script_id = ?",
        e.total(),
        e.basis(),
        Timestamp.from(e.resolvedAt()),
        e.scriptId());
  }

  @EventHandler
  void on(ScriptRoundReleased e) {
    jdbc.update(
        "DELETE FROM marking_round WHERE script_id = ? AND round = ?", e.scriptId(), e.round());
    if (e.round() < ScriptAllocated.ADJUDICATION) {
      jdbc.update(
          "UPDATE marking_script SET status = 'AWAITING' WHERE script_id = ? AND status = 'DISPUTED'",
          e.scriptId());
    }
  }

  @EventHandler
  void on(SeedScriptAdded e) throws Exception {
    jdbc.update(
        "INSERT INTO marking_seed (seed_id, session_id, item_id, key_version, response,"
            + " definitive_total, rubric_max, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (seed_id) DO NOTHING",
        e.seedId(),
        e.sessionId(),
        e.itemId(),
        e.keyVersion(),
        json.writeValueAsString(e.response()),
        e.definitiveTotal(),
        e.rubricMax(),
        Timestamp.from(e.addedAt()));
  }

  @EventHandler
  void on(SeedAllocated e) {
    jdbc.update(
        "INSERT INTO marking_seed_mark (seed_id, marker_id, allocated_at) VALUES (?, ?, ?)"
            + " ON CONFLICT DO NOTHING",
        e.seedId(),
        e.markerId(),
        Timestamp.from(e.allocatedAt()));
  }

  @EventHandler
  void on(SeedMarked e) {
    jdbc.update(
        "UPDATE marking_seed_mark SET marked_at = ?, total = ?, difference = ?"
            + " WHERE seed_id = ? AND marker_id = ?",
        Timestamp.from(e.markedAt()),
        e.total(),
        e.difference(),
        e.seedId(),
        e.markerId());
  }

  @EventHandler
  void on(MarkerStopped e) {
    jdbc.update(
        "INSERT INTO marking_stop (session_id, marker_id, reason, stopped_by, stopped_at)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        e.sessionId(),
        e.markerId(),
        e.reason(),
        e.stoppedBy(),
        Timestamp.from(e.stoppedAt()));
  }

  /** Whether the marker is stopped in the session. */
  public boolean stopped(String sessionId, String markerId) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM marking_stop WHERE session_id = ? AND marker_id = ?",
            Integer.class,
            sessionId,
            markerId);
    return n != null && n > 0;
  }

  /** A seeded script: what the marker sees, and its definitive total (never shown to markers). */
  public record SeedRow(
      String seedId,
      String sessionId,
      String itemId,
      int keyVersion,
      List<String> response,
      double definitiveTotal,
      double rubricMax) {}

  public Optional<SeedRow> seed(String seedId) {
    return jdbc
        .query(
            "SELECT seed_id, session_id, item_id, key_version, response, definitive_total,"
                + " rubric_max FROM marking_seed WHERE seed_id = ?",
            (rs, n) ->
                new SeedRow(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getInt(4),
                    read(rs.getString(5), STRINGS),
                    rs.getDouble(6),
                    rs.getDouble(7)),
            seedId)
        .stream()
        .findFirst();
  }

  /** Whether the marker holds the seed unmarked. */
  public boolean holdsSeed(String seedId, String markerId) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM marking_seed_mark WHERE seed_id = ? AND marker_id = ?"
                + " AND marked_at IS NULL",
            Integer.class,
            seedId,
            markerId);
    return n != null && n > 0;
  }

  /** A seed of the session the marker has not had yet, oldest first, if any. */
  public Optional<String> seedFor(String sessionId, String markerId) {
    return jdbc
        .queryForList(
            "SELECT s.seed_id FROM marking_seed s WHERE s.session_id = ? AND NOT EXISTS ("
                + " SELECT 1 FROM marking_seed_mark m WHERE m.seed_id = s.seed_id AND m.marker_id = ?)"
                + " ORDER BY s.added_at, s.seed_id LIMIT 1",
            String.class,
            sessionId,
            markerId)
        .stream()
        .findFirst();
  }

  /** Seeded scripts the marker holds unmarked, as allocations (they look like any script). */
  public List<OpenAllocation> openSeeds(String sessionId, String markerId) {
    return jdbc.query(
        "SELECT s.seed_id, s.item_id, m.allocated_at FROM marking_seed_mark m"
            + " JOIN marking_seed s ON s.seed_id = m.seed_id"
            + " WHERE s.session_id = ? AND m.marker_id = ? AND m.marked_at IS NULL",
        (rs, n) ->
            new OpenAllocation(
                rs.getString(1), rs.getString(2), false, rs.getTimestamp(3).toInstant()),
        sessionId,
        markerId);
  }

  /** One marker's accuracy on seeded scripts. */
  public record SeedAccuracy(long marks, double meanAbsoluteDifference, double meanDifference) {}

  public Map<String, SeedAccuracy> seedAccuracy(String sessionId) {
    Map<String, SeedAccuracy> out = new TreeMap<>();
    jdbc.query(
        "SELECT m.marker_id, count(*), avg(abs(m.difference)), avg(m.difference)"
            + " FROM marking_seed_mark m JOIN marking_seed s ON s.seed_id = m.seed_id"
            + " WHERE s.session_id = ? AND m.marked_at IS NOT NULL GROUP BY m.marker_id",
        rs -> {
          out.put(
              rs.getString(1), new SeedAccuracy(rs.getLong(2), rs.getDouble(3), rs.getDouble(4)));
        },
        sessionId);
    return out;
  }

  /** Seeded scripts of a session with how markers did on them. */
  public record SeedSummary(
      String seedId,
      String itemId,
      double definitiveTotal,
      long marks,
      Double meanAbsoluteDifference) {}

  public List<SeedSummary> seeds(String sessionId) {
    return jdbc.query(
        "SELECT s.seed_id, s.item_id, s.definitive_total, count(m.marked_at),"
            + " avg(abs(m.difference)) FROM marking_seed s LEFT JOIN marking_seed_mark m"
            + " ON m.seed_id = s.seed_id WHERE s.session_id = ?"
            + " GROUP BY s.seed_id, s.item_id, s.definitive_total, s.added_at ORDER BY s.added_at, s.seed_id",
        (rs, n) ->
            new SeedSummary(
                rs.getString(1),
                rs.getString(2),
                rs.getDouble(3),
                rs.getLong(4),
                rs.getObject(5, Double.class)),
        sessionId);
  }

  /** Stopped markers of a session. */
  public java.util.Set<String> stoppedMarkers(String sessionId) {
    return new java.util.TreeSet<>(
        jdbc.queryForList(
            "SELECT marker_id FROM marking_stop WHERE session_id = ?", String.class, sessionId));
  }

  /**
   * The (sitting, script) pairs where the marker holds or marked a round of an unresolved script.
   */
  public List<String[]> unresolvedRoundsOf(String sessionId, String markerId) {
    return jdbc.query(
        "SELECT DISTINCT s.sitting_id, s.script_id FROM marking_round r"
            + " JOIN marking_script s ON s.script_id = r.script_id"
            + " WHERE s.session_id = ? AND r.marker_id = ? AND s.status <> 'RESOLVED'"
            + " ORDER BY s.sitting_id, s.script_id",
        (rs, n) -> new String[] {rs.getString(1), rs.getString(2)},
        sessionId,
        markerId);
  }

  /** A row of the script columns below, in their order. */
  private static final String SCRIPT_COLUMNS =
      "script_id, session_id, sitting_id, item_id, key_version, response, rubric_max,"
          + " marks_required, status";

  private ScriptRow scriptRow(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new ScriptRow(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        read(rs.getString(6), STRINGS),
        rs.getDouble(7),
        rs.getInt(8),
        rs.getString(9));
  }

  /** A script as a marker may see it (no candidate, school or region is kept here). */
  public record ScriptRow(
      String scriptId,
      String sessionId,
      String sittingId,
      String itemId,
      int keyVersion,
      List<String> response,
      double rubricMax,
      int marksRequired,
      String status) {}

  /** One round of a script: who holds it and, once marked, the mark. */
  public record RoundRow(
      int round, String markerId, Instant markedAt, Double total, Map<String, Double> criteria) {}

  public Optional<ScriptRow> script(String scriptId) {
    return jdbc
        .query(
            "SELECT " + SCRIPT_COLUMNS + " FROM marking_script WHERE script_id = ?",
            this::scriptRow,
            scriptId)
        .stream()
        .findFirst();
  }

  /** The scripts of one sitting. */
  public List<ScriptRow> ofSitting(String sittingId) {
    return jdbc.query(
        "SELECT " + SCRIPT_COLUMNS + " FROM marking_script WHERE sitting_id = ? ORDER BY item_id",
        this::scriptRow,
        sittingId);
  }

  /** The final rubric total of a script, or null. */
  public Double finalTotal(String scriptId) {
    List<Double> t =
        jdbc.queryForList(
            "SELECT final_total FROM marking_script WHERE script_id = ?", Double.class, scriptId);
    return t.isEmpty() ? null : t.getFirst();
  }

  public List<RoundRow> rounds(String scriptId) {
    return jdbc.query(
        "SELECT round, marker_id, marked_at, total, criteria FROM marking_round"
            + " WHERE script_id = ? ORDER BY round",
        (rs, n) ->
            new RoundRow(
                rs.getInt(1),
                rs.getString(2),
                rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
                rs.getObject(4, Double.class),
                rs.getString(5) == null
                    ? null
                    : read(rs.getString(5), new TypeReference<Map<String, Double>>() {})),
        scriptId);
  }

  /**
   * Scripts of the session the marker could take next, disputed ones first for a chief marker: an
   * independent round not yet given to anyone, or (chief) an adjudication, never a script the
   * marker already holds or marked.
   */
  public List<ScriptRow> takeable(String sessionId, String markerId, boolean chief, int limit) {
    return jdbc.query(
        "SELECT s.script_id, s.session_id, s.sitting_id, s.item_id, s.key_version,"
            + " s.response, s.rubric_max, s.marks_required, s.status FROM marking_script s"
            + " WHERE s.session_id = ? AND ("
            + "  (s.status = 'AWAITING' AND (SELECT count(*) FROM marking_round r"
            + "     WHERE r.script_id = s.script_id) < s.marks_required)"
            + "  OR (? AND s.status = 'DISPUTED' AND NOT EXISTS (SELECT 1 FROM marking_round r"
            + "     WHERE r.script_id = s.script_id AND r.round = 3)))"
            + " AND NOT EXISTS (SELECT 1 FROM marking_round r WHERE r.script_id = s.script_id"
            + "   AND r.marker_id = ?)"
            + " ORDER BY (s.status = 'DISPUTED') DESC, s.opened_at, s.script_id LIMIT ?",
        this::scriptRow,
        sessionId,
        chief,
        markerId,
        limit);
  }

  /** A round a marker holds and has not marked yet. */
  public record OpenAllocation(
      String scriptId, String itemId, boolean adjudication, Instant allocatedAt) {}

  public List<OpenAllocation> openAllocations(String sessionId, String markerId) {
    return jdbc.query(
        "SELECT s.script_id, s.item_id, r.round, r.allocated_at FROM marking_round r"
            + " JOIN marking_script s ON s.script_id = r.script_id"
            + " WHERE s.session_id = ? AND r.marker_id = ? AND r.marked_at IS NULL"
            + " ORDER BY r.allocated_at, s.script_id",
        (rs, n) ->
            new OpenAllocation(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3) == ScriptAllocated.ADJUDICATION,
                rs.getTimestamp(4).toInstant()),
        sessionId,
        markerId);
  }

  /** How marking of a session stands. */
  public record Progress(
      long scripts,
      long awaiting,
      long disputed,
      long resolved,
      long marks,
      long allocatedUnmarked,
      List<MarkerProgress> markers) {}

  /** One marker's work in a session. */
  public record MarkerProgress(
      String markerId,
      long marks,
      long adjudications,
      long holding,
      Instant firstMarkAt,
      Instant lastMarkAt) {}

  public Progress progress(String sessionId) {
    Map<String, Object> counts =
        jdbc.queryForMap(
            "SELECT count(*) AS scripts,"
                + " count(*) FILTER (WHERE status = 'AWAITING') AS awaiting,"
                + " count(*) FILTER (WHERE status = 'DISPUTED') AS disputed,"
                + " count(*) FILTER (WHERE status = 'RESOLVED') AS resolved"
                + " FROM marking_script WHERE session_id = ?",
            sessionId);
    List<MarkerProgress> markers =
        jdbc.query(
            "SELECT r.marker_id, count(r.marked_at),"
                + " count(r.marked_at) FILTER (WHERE r.round = 3),"
                + " count(*) FILTER (WHERE r.marked_at IS NULL),"
                + " min(r.marked_at), max(r.marked_at)"
                + " FROM marking_round r JOIN marking_script s ON s.script_id = r.script_id"
                + " WHERE s.session_id = ? GROUP BY r.marker_id ORDER BY r.marker_id",
            (rs, n) ->
                new MarkerProgress(
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getLong(4),
                    rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                    rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()),
            sessionId);
    long marks = markers.stream().mapToLong(MarkerProgress::marks).sum();
    long holding = markers.stream().mapToLong(MarkerProgress::holding).sum();
    return new Progress(
        ((Number) counts.get("scripts")).longValue(),
        ((Number) counts.get("awaiting")).longValue(),
        ((Number) counts.get("disputed")).longValue(),
        ((Number) counts.get("resolved")).longValue(),
        marks,
        holding,
        markers);
  }

  /**
   * Agreement of the two independent marks of every double-marked script of the session that has
   * both, per item and per marker (a marker's mark against the other marker's), streamed.
   */
  public record AgreementTables(Map<String, Agreement> byItem, Map<String, Agreement> byMarker) {}

  public AgreementTables agreement(String sessionId) {
    Map<String, Agreement> byItem = new TreeMap<>();
    Map<String, Agreement> byMarker = new TreeMap<>();
    jdbc.query(
        "SELECT s.item_id, a.marker_id, a.total, b.marker_id, b.total FROM marking_script s"
            + " JOIN marking_round a ON a.script_id = s.script_id AND a.round = 1"
            + " JOIN marking_round b ON b.script_id = s.script_id AND b.round = 2"
            + " WHERE s.session_id = ? AND a.total IS NOT NULL AND b.total IS NOT NULL",
        rs -> {
          double first = rs.getDouble(3);
          double second = rs.getDouble(5);
          byItem.computeIfAbsent(rs.getString(1), k -> new Agreement()).add(first, second);
          byMarker.computeIfAbsent(rs.getString(2), k -> new Agreement()).add(first, second);
          byMarker.computeIfAbsent(rs.getString(4), k -> new Agreement()).add(second, first);
        },
        sessionId);
    return new AgreementTables(byItem, byMarker);
  }

  private <T> T read(String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (Exception e) {
      throw new IllegalStateException("unreadable marking row: " + e.getMessage(), e);
    }
  }
}
