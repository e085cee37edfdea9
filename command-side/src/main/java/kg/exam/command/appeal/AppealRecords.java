package kg.exam.command.appeal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kg.exam.command.exam.PublishedExams;
import kg.exam.contract.appeal.AppealDecided;
import kg.exam.contract.appeal.AppealLodged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** The {@code appeal} read table, written in the transaction of the sittings' appeal events. */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class AppealRecords {
  private final JdbcTemplate jdbc;

  AppealRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @EventHandler
  void on(AppealLodged e) {
    jdbc.update(
        "INSERT INTO appeal (appeal_id, sitting_id, session_id, lodged_by_role, reason, lodged_at)"
            + " SELECT ?, sitting_id, session_id, ?, ?, ? FROM sitting WHERE sitting_id = ?"
            + " ON CONFLICT DO NOTHING",
        e.appealId(),
        e.lodgedByRole(),
        e.reason(),
        Timestamp.from(e.lodgedAt()),
        e.sittingId());
  }

  @EventHandler
  void on(AppealDecided e) {
    jdbc.update(
        "UPDATE appeal SET outcome = ?, decision_reason = ?, decided_by = ?, decided_at = ?"
            + " WHERE appeal_id = ?",
        e.outcome(),
        e.reason(),
        e.decidedBy(),
        Timestamp.from(e.decidedAt()),
        e.appealId());
  }

  /** One appeal. {@code outcome} and the decision fields are null until decided. */
  public record AppealRow(
      String appealId,
      String sittingId,
      String sessionId,
      String lodgedByRole,
      String reason,
      Instant lodgedAt,
      String outcome,
      String decisionReason,
      Instant decidedAt) {}

  private static final String COLUMNS =
      "appeal_id, sitting_id, session_id, lodged_by_role, reason, lodged_at, outcome,"
          + " decision_reason, decided_at";

  private static final RowMapper<AppealRow> ROW =
      (rs, n) ->
          new AppealRow(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getTimestamp(6).toInstant(),
              rs.getString(7),
              rs.getString(8),
              rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant());

  public Optional<AppealRow> find(String appealId) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM appeal WHERE appeal_id = ?", ROW, appealId)
        .stream()
        .findFirst();
  }

  public Optional<AppealRow> ofSitting(String sittingId) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM appeal WHERE sitting_id = ?", ROW, sittingId)
        .stream()
        .findFirst();
  }

  public List<AppealRow> ofSession(String sessionId) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM appeal WHERE session_id = ? ORDER BY lodged_at, appeal_id",
        ROW,
        sessionId);
  }
}
