package kg.exam.query.marking;

import io.swagger.v3.oas.annotations.Operation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.DashboardRole;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.web.Tabular;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live marking monitor of a session: scripts marked, remaining and disputed, each marker's
 * throughput and their accuracy on seeded scripts, and who is stopped. For the assessment centre's
 * national accounts (MINISTRY) and auditors; markers are named by their staff account ids, and no
 * candidate, school or answer appears.
 */
@RestController
@RequestMapping("/api/marking")
class MarkingMonitorController {
  private final JdbcTemplate jdbc;
  private final Clock clock = Clock.systemUTC();

  MarkingMonitorController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @param scripts answers to human-marked items opened for marking
   * @param remaining marks still needed: independent marks not yet given, and one adjudication per
   *     disputed script
   */
  record Counts(
      long scripts, long awaiting, long disputed, long resolved, long marks, long remaining) {}

  /**
   * @param marksLastHour marks in the hour before {@code asOf}
   * @param seedMeanAbsoluteDifference mean |mark − definitive mark| over seeded scripts, points
   */
  record Marker(
      String markerId,
      long marks,
      long marksLastHour,
      Instant lastMarkAt,
      long seedMarks,
      Double seedMeanAbsoluteDifference,
      boolean stopped) {}

  record MarkingMonitor(String sessionId, Instant asOf, Counts counts, List<Marker> markers)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return markers;
    }
  }

  @Operation(summary = "Live marking monitor of a session")
  @GetMapping("/sessions/{sessionId}")
  MarkingMonitor session(
      @AuthenticationPrincipal DashboardUser user, @PathVariable String sessionId) {
    if (user.role() != DashboardRole.MINISTRY && user.role() != DashboardRole.AUDITOR) {
      throw new QueryRefused(
          ProblemType.FORBIDDEN,
          "The marking monitor is for the assessment centre's national accounts and auditors.");
    }
    Instant now = clock.instant();
    Map<String, Object> c =
        jdbc.queryForMap(
            "SELECT count(*) AS scripts,"
                + " count(*) FILTER (WHERE status = 'AWAITING') AS awaiting,"
                + " count(*) FILTER (WHERE status = 'DISPUTED') AS disputed,"
                + " count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,"
                + " coalesce(sum(CASE WHEN status = 'AWAITING' THEN greatest(0, marks_required -"
                + " (SELECT count(*) FROM marking_mark m WHERE m.script_id = s.script_id"
                + " AND m.round <= 2)) WHEN status = 'DISPUTED' THEN 1 ELSE 0 END), 0) AS remaining"
                + " FROM marking_script s WHERE session_id = ?",
            sessionId);
    Long marks =
        jdbc.queryForObject(
            "SELECT count(*) FROM marking_mark WHERE session_id = ?", Long.class, sessionId);
    Integer seeds =
        jdbc.queryForObject(
            "SELECT count(*) FROM marking_seed WHERE session_id = ?", Integer.class, sessionId);
    if (((Number) c.get("scripts")).longValue() == 0 && (seeds == null || seeds == 0)) {
      throw new QueryRefused(
          ProblemType.NOT_FOUND, "No marking in session " + sessionId + " (yet).");
    }
    List<Marker> markers =
        jdbc.query(
            "WITH ids AS (SELECT marker_id FROM marking_mark WHERE session_id = ?"
                + " UNION SELECT marker_id FROM marking_seed_mark WHERE session_id = ?"
                + " UNION SELECT marker_id FROM marking_stop WHERE session_id = ?)"
                + " SELECT i.marker_id,"
                + " (SELECT count(*) FROM marking_mark m WHERE m.session_id = ? AND m.marker_id = i.marker_id),"
                + " (SELECT count(*) FROM marking_mark m WHERE m.session_id = ? AND m.marker_id = i.marker_id"
                + "   AND m.marked_at > ?),"
                + " (SELECT max(marked_at) FROM marking_mark m WHERE m.session_id = ?"
                + "   AND m.marker_id = i.marker_id),"
                + " (SELECT count(*) FROM marking_seed_mark d WHERE d.session_id = ?"
                + "   AND d.marker_id = i.marker_id),"
                + " (SELECT avg(abs(difference)) FROM marking_seed_mark d WHERE d.session_id = ?"
                + "   AND d.marker_id = i.marker_id),"
                + " EXISTS (SELECT 1 FROM marking_stop x WHERE x.session_id = ?"
                + "   AND x.marker_id = i.marker_id)"
                + " FROM ids i ORDER BY i.marker_id",
            (rs, n) ->
                new Marker(
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getLong(3),
                    rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                    rs.getLong(5),
                    rs.getObject(6, Double.class),
                    rs.getBoolean(7)),
            sessionId,
            sessionId,
            sessionId,
            sessionId,
            sessionId,
            Timestamp.from(now.minus(Duration.ofHours(1))),
            sessionId,
            sessionId,
            sessionId,
            sessionId);
    return new MarkingMonitor(
        sessionId,
        now,
        new Counts(
            ((Number) c.get("scripts")).longValue(),
            ((Number) c.get("awaiting")).longValue(),
            ((Number) c.get("disputed")).longValue(),
            ((Number) c.get("resolved")).longValue(),
            marks == null ? 0 : marks,
            ((Number) c.get("remaining")).longValue()),
        markers);
  }
}
