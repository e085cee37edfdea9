package kg.exam.query.exams;

import io.swagger.v3.oas.annotations.Operation;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Published exam versions with their sessions. Callers below national level see the sessions that
 * hold sittings of their area (or, for a school, are held at it).
 */
@RestController
class ExamsController {
  private final JdbcTemplate jdbc;

  ExamsController(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  record SessionRow(
      String sessionId,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      boolean closed) {}

  record ExamRow(
      String examId,
      int version,
      int keyVersion,
      String title,
      String subject,
      int grade,
      String language,
      double passThreshold,
      List<SessionRow> sessions) {}

  @Operation(summary = "List the exams and versions with results")
  @GetMapping("/api/exams")
  List<ExamRow> exams(@AuthenticationPrincipal DashboardUser user) {
    Scope scope = user.scope();
    Map<String, List<SessionRow>> sessions = new LinkedHashMap<>();
    String visible =
        scope.national()
            ? "TRUE"
            : "(EXISTS (SELECT 1 FROM sitting s WHERE s.session_id = es.session_id AND "
                + scope.sql("s")
                + ")"
                + (scope.schoolId() != null ? " OR es.school_id = ?" : "")
                + ")";
    List<Object> args = new ArrayList<>(List.of(scope.args()));
    if (!scope.national() && scope.schoolId() != null) {
      args.add(scope.schoolId());
    }
    jdbc.query(
        "SELECT es.exam_id, es.exam_version, es.session_id, es.centre_id, es.school_id,"
            + " es.opens_at, es.closes_at, es.closed_at IS NOT NULL FROM exam_session es WHERE "
            + visible
            + " ORDER BY es.opens_at, es.session_id",
        rs -> {
          sessions
              .computeIfAbsent(rs.getString(1) + "\u0000" + rs.getInt(2), k -> new ArrayList<>())
              .add(
                  new SessionRow(
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      instant(rs.getTimestamp(6)),
                      instant(rs.getTimestamp(7)),
                      rs.getBoolean(8)));
        },
        args.toArray());
    return jdbc.query(
        "SELECT exam_id, version, key_version, title, subject, grade, language, pass_percent"
            + " FROM exam_version ORDER BY exam_id, version",
        (rs, i) ->
            new ExamRow(
                rs.getString(1),
                rs.getInt(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getDouble(8),
                sessions.getOrDefault(rs.getString(1) + "\u0000" + rs.getInt(2), List.of())));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
