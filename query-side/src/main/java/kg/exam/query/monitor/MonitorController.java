package kg.exam.query.monitor;

import io.swagger.v3.oas.annotations.Operation;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import kg.exam.query.area.Area;
import kg.exam.query.area.AreaAccess;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.Scope;
import kg.exam.query.web.Tabular;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The live sitting monitor of a session, a centre or a school: who is registered, started, in
 * progress, paused, handed in or timed out, their answered-item count and last activity, and who
 * has been silent (in progress, no activity) for more than {@code silentMinutes}, and how many
 * incidents invigilators reported per sitting ({@code incidents}; the total in the counts), and
 * which sittings are overdue ({@link #overdue}). Rows name pseudonymous candidate ids only;
 * aggregates-only callers are refused.
 */
@RestController
@RequestMapping("/api/monitor")
class MonitorController {
  private final JdbcTemplate jdbc;
  private final AreaAccess access;
  private final Clock clock;

  MonitorController(JdbcTemplate jdbc, AreaAccess access) {
    this.jdbc = jdbc;
    this.access = access;
    this.clock = Clock.systemUTC();
  }

  record Counts(
      int registered,
      int started,
      int inProgress,
      int submitted,
      int timedOut,
      int paused,
      int silent,
      int incidents,
      int overdue) {}

  record Row(
      String sittingId,
      String candidateId,
      String schoolId,
      String sessionId,
      String status,
      int answered,
      Instant lastActivity,
      boolean silent,
      int incidents,
      boolean stationRun,
      boolean overdue) {}

  record MonitorResponse(int silentMinutes, Instant asOf, Counts counts, List<Row> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows;
    }
  }

  @Operation(summary = "Live monitor of a session")
  @GetMapping("/sessions/{sessionId}")
  MonitorResponse session(
      @AuthenticationPrincipal DashboardUser user,
      @PathVariable String sessionId,
      @RequestParam(defaultValue = "10") int silentMinutes) {
    Scope scope = user.scope();
    access.requireRows(scope);
    checkMinutes(silentMinutes);
    Integer all =
        jdbc.queryForObject(
            "SELECT count(*) FROM sitting WHERE session_id = ?", Integer.class, sessionId);
    List<String> sessionSchool =
        jdbc.query(
            "SELECT coalesce(school_id, '') FROM exam_session WHERE session_id = ?",
            (rs, i) -> rs.getString(1),
            sessionId);
    if ((all == null || all == 0) && sessionSchool.isEmpty()) {
      throw new QueryRefused(ProblemType.NOT_FOUND, "No session " + sessionId + " (yet).");
    }
    MonitorResponse response =
        monitor("s.session_id = ?", new Object[] {sessionId}, scope, silentMinutes);
    if (!scope.national() && response.rows().isEmpty()) {
      // nothing of the caller's area in it: another school's or district's session
      boolean ownSchoolsSession =
          scope.schoolId() != null
              && !sessionSchool.isEmpty()
              && scope.schoolId().equals(sessionSchool.getFirst());
      boolean sittingsElsewhere = all != null && all > 0;
      if (sittingsElsewhere || (scope.schoolId() != null && !ownSchoolsSession)) {
        throw new QueryRefused(ProblemType.OUTSIDE_SCOPE, "This session is outside your area.");
      }
    }
    return response;
  }

  @Operation(summary = "Live monitor of a school")
  @GetMapping("/schools/{schoolId}")
  MonitorResponse school(
      @AuthenticationPrincipal DashboardUser user,
      @PathVariable String schoolId,
      @RequestParam(defaultValue = "10") int silentMinutes) {
    Scope scope = user.scope();
    access.requireRows(scope);
    checkMinutes(silentMinutes);
    access.requireOverlap(scope, new Area(Area.Level.SCHOOL, schoolId));
    return monitor(
        "s.school_id = ? AND " + OPEN_OR_STILL_RUNNING,
        new Object[] {schoolId},
        scope,
        silentMinutes);
  }

  /**
   * The sittings at one exam centre in sessions not closed, and those still running in a closed
   * one. A centre seats candidates of several schools, districts or even regions, so the rows are
   * filtered by the caller's area (a district user sees only its district's candidates there); a
   * centre with sittings, none of them in the caller's area, is refused rather than shown empty.
   */
  @Operation(summary = "Live monitor of a centre")
  @GetMapping("/centres/{centreId}")
  MonitorResponse centre(
      @AuthenticationPrincipal DashboardUser user,
      @PathVariable String centreId,
      @RequestParam(defaultValue = "10") int silentMinutes) {
    Scope scope = user.scope();
    access.requireRows(scope);
    checkMinutes(silentMinutes);
    Integer all =
        jdbc.queryForObject(
            "SELECT count(*) FROM sitting WHERE centre_id = ?", Integer.class, centreId);
    List<String> centreSchools =
        jdbc.query(
            "SELECT coalesce(school_id, '') FROM exam_session WHERE centre_id = ?",
            (rs, i) -> rs.getString(1),
            centreId);
    if ((all == null || all == 0) && centreSchools.isEmpty()) {
      throw new QueryRefused(ProblemType.NOT_FOUND, "No centre " + centreId + " (yet).");
    }
    if (!scope.national()) {
      Object[] args = new Object[1 + scope.args().length];
      args[0] = centreId;
      System.arraycopy(scope.args(), 0, args, 1, scope.args().length);
      Integer own =
          jdbc.queryForObject(
              "SELECT count(*) FROM sitting s WHERE s.centre_id = ? AND " + scope.sql("s"),
              Integer.class,
              args);
      boolean ownSchoolsSession =
          scope.schoolId() != null && centreSchools.contains(scope.schoolId());
      boolean sittingsElsewhere = all != null && all > 0;
      // nothing of the caller's area there, in any session: another area's centre
      if ((own == null || own == 0)
          && (sittingsElsewhere || (scope.schoolId() != null && !ownSchoolsSession))) {
        throw new QueryRefused(ProblemType.OUTSIDE_SCOPE, "This centre is outside your area.");
      }
    }
    return monitor(
        "s.centre_id = ? AND " + OPEN_OR_STILL_RUNNING,
        new Object[] {centreId},
        scope,
        silentMinutes);
  }

  private MonitorResponse monitor(String where, Object[] args, Scope scope, int silentMinutes) {
    Instant now = clock.instant();
    Instant silentBefore = now.minusSeconds(silentMinutes * 60L);
    Object[] all = Arrays.copyOf(args, args.length + scope.args().length);
    System.arraycopy(scope.args(), 0, all, args.length, scope.args().length);
    int[] started = {0};
    List<Row> rows =
        jdbc.query(
            "SELECT s.sitting_id, s.candidate_id, s.school_id, s.session_id, s.status, s.answered,"
                + " s.last_activity, s.started_at IS NOT NULL, s.incidents, s.station_run,"
                + " s.deadline, e.closes_at FROM sitting s"
                + " LEFT JOIN exam_session e ON e.session_id = s.session_id WHERE "
                + where
                + " AND "
                + scope.sql("s")
                + " ORDER BY s.school_id, s.candidate_id, s.sitting_id",
            (rs, i) -> {
              Timestamp last = rs.getTimestamp(7);
              Instant lastActivity = instant(last);
              String status = rs.getString(5);
              if (rs.getBoolean(8)) {
                started[0]++;
              }
              boolean silent =
                  "IN_PROGRESS".equals(status)
                      && (lastActivity == null || lastActivity.isBefore(silentBefore));
              return new Row(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  status,
                  rs.getInt(6),
                  lastActivity,
                  silent,
                  rs.getInt(9),
                  rs.getBoolean(10),
                  overdue(status, instant(rs.getTimestamp(11)), instant(rs.getTimestamp(12)), now));
            },
            all);
    Counts counts =
        new Counts(
            rows.size(),
            started[0],
            count(rows, "IN_PROGRESS"),
            count(rows, "SUBMITTED"),
            count(rows, "TIMED_OUT"),
            count(rows, "PAUSED"),
            (int) rows.stream().filter(Row::silent).count(),
            rows.stream().mapToInt(Row::incidents).sum(),
            (int) rows.stream().filter(Row::overdue).count());
    return new MonitorResponse(silentMinutes, now, counts, new ArrayList<>(rows));
  }

  /**
   * Whether a sitting is still open {@link #OVERDUE_AFTER} past the time it must be handed in by:
   * in progress past its deadline, or paused past its session's end (a paused sitting's deadline
   * moves on resumption). The server's own deadline hands its sittings in within seconds, so an
   * overdue sitting is nearly always one a school exam station started and whose hand-in has not
   * arrived: the station is offline, or lost. A centre administrator may hand such a sitting in
   * once {@code exam.station.hand-in-grace} has passed (command side).
   */
  static boolean overdue(String status, Instant deadline, Instant sessionClosesAt, Instant now) {
    Instant due =
        switch (status) {
          case "IN_PROGRESS" -> deadline;
          case "PAUSED" -> sessionClosesAt;
          default -> null;
        };
    return due != null && now.isAfter(due.plus(OVERDUE_AFTER));
  }

  /**
   * The sittings a school's or a centre's monitor lists: those of sessions not closed, and those
   * still running in a closed session (a station's sitting whose hand-in has not arrived is one).
   */
  private static final String OPEN_OR_STILL_RUNNING =
      "(s.status IN ('IN_PROGRESS', 'PAUSED') OR NOT EXISTS (SELECT 1 FROM exam_session es"
          + " WHERE es.session_id = s.session_id AND es.closed_at IS NOT NULL))";

  /** How long past its due time an open sitting is shown overdue: the projections' usual lag. */
  static final Duration OVERDUE_AFTER = Duration.ofMinutes(1);

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static int count(List<Row> rows, String status) {
    return (int) rows.stream().filter(r -> status.equals(r.status())).count();
  }

  private static void checkMinutes(int silentMinutes) {
    if (silentMinutes < 1 || silentMinutes > 24 * 60) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST, "silentMinutes=" + silentMinutes + " must be 1..1440");
    }
  }
}
