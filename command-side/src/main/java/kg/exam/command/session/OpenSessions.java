package kg.exam.command.session;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import kg.exam.command.exam.PublishedExams;
import kg.exam.contract.session.ExamSessionClosed;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.ResultsReleaseScheduled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code exam_session} read table, written in the transaction of the session's events. */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class OpenSessions {
  private final JdbcTemplate jdbc;

  OpenSessions(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A session as the command side knows it. */
  public record SessionRow(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      Instant closedAt) {}

  @EventHandler
  void on(ExamSessionOpened e) {
    jdbc.update(
        "INSERT INTO exam_session (session_id, exam_id, exam_version, centre_id, school_id, opens_at, closes_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
        e.sessionId(),
        e.examId(),
        e.examVersion(),
        e.centreId(),
        e.schoolId(),
        Timestamp.from(e.opensAt()),
        Timestamp.from(e.closesAt()));
  }

  @EventHandler
  void on(ExamSessionClosed e) {
    jdbc.update(
        "UPDATE exam_session SET closed_at = ? WHERE session_id = ?",
        Timestamp.from(e.closedAt()),
        e.sessionId());
  }

  @EventHandler
  void on(ResultsReleaseScheduled e) {
    jdbc.update(
        "UPDATE exam_session SET results_release_at = ?, appeals_close_at = ? WHERE session_id = ?",
        Timestamp.from(e.releaseAt()),
        Timestamp.from(e.appealsCloseAt()),
        e.sessionId());
  }

  /** When a session's results are (to be) released and its appeals close; empty if not set. */
  public record Release(Instant releaseAt, Instant appealsCloseAt) {
    /** Released by {@code now}. */
    public boolean releasedBy(Instant now) {
      return !now.isBefore(releaseAt);
    }
  }

  public Optional<Release> release(String sessionId) {
    return jdbc
        .query(
            "SELECT results_release_at, appeals_close_at FROM exam_session WHERE session_id = ?"
                + " AND results_release_at IS NOT NULL",
            (rs, n) -> new Release(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()),
            sessionId)
        .stream()
        .findFirst();
  }

  /** The session, or {@code not-found}. */
  public SessionRow require(String sessionId) {
    return find(sessionId)
        .orElseThrow(
            () ->
                new kg.exam.command.problem.RuleViolation(
                    kg.exam.command.problem.ProblemType.NOT_FOUND,
                    "No session " + sessionId + "."));
  }

  public Optional<SessionRow> find(String sessionId) {
    return jdbc.query(
        "SELECT session_id, exam_id, exam_version, centre_id, school_id, opens_at, closes_at, closed_at"
            + " FROM exam_session WHERE session_id = ?",
        rs ->
            rs.next()
                ? Optional.of(
                    new SessionRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant()))
                : Optional.<SessionRow>empty(),
        sessionId);
  }
}
