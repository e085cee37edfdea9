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
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
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
              + " SELECT ?, session_id, sitting_id, ?, ?, ?::jsonb, ?, ?, 'AWAITING', ? FROM sitting"
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

  @EventHandler
  void on(ScriptMarked e) throws Exception {
    jdbc.update(
        "UPDATE marking_round SET marked_at = ?, total = ?, criteria = ?::jsonb"
            + " WHERE script_id = ? AND round = ?",
        Timestamp.from(e.markedAt()),
        e.total(),
        json.writeValueAsString(new TreeMap<>(e.criterionScores())),
        e.scriptId(),
        e.round());
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
            "SELECT script_id, session_id, sitting_id, item_id, key_version, response::text,"
                + " rubric_max, marks_required, status FROM marking_script WHERE script_id = ?",
            (rs, n) ->
                new ScriptRow(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getInt(5),
                    read(rs.getString(6), STRINGS),
                    rs.getDouble(7),
                    rs.getInt(8),
                    rs.getString(9)),
            scriptId)
        .stream()
        .findFirst();
  }

  /** The scripts of one sitting. */
  public List<ScriptRow> ofSitting(String sittingId) {
    return jdbc.query(
        "SELECT script_id, session_id, sitting_id, item_id, key_version, response::text,"
            + " rubric_max, marks_required, status FROM marking_script WHERE sitting_id = ?"
            + " ORDER BY item_id",
        (rs, n) ->
            new ScriptRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                read(rs.getString(6), STRINGS),
                rs.getDouble(7),
                rs.getInt(8),
                rs.getString(9)),
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
        "SELECT round, marker_id, marked_at, total, criteria::text FROM marking_round"
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
            + " s.response::text, s.rubric_max, s.marks_required, s.status FROM marking_script s"
            + " WHERE s.session_id = ? AND ("
            + "  (s.status = 'AWAITING' AND (SELECT count(*) FROM marking_round r"
            + "     WHERE r.script_id = s.script_id) < s.marks_required)"
            + "  OR (? AND s.status = 'DISPUTED' AND NOT EXISTS (SELECT 1 FROM marking_round r"
            + "     WHERE r.script_id = s.script_id AND r.round = 3)))"
            + " AND NOT EXISTS (SELECT 1 FROM marking_round r WHERE r.script_id = s.script_id"
            + "   AND r.marker_id = ?)"
            + " ORDER BY (s.status = 'DISPUTED') DESC, s.opened_at, s.script_id LIMIT ?",
        (rs, n) ->
            new ScriptRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                read(rs.getString(6), STRINGS),
                rs.getDouble(7),
                rs.getInt(8),
                rs.getString(9)),
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
