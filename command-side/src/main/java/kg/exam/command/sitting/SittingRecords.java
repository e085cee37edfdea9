package kg.exam.command.sitting;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kg.exam.command.exam.PublishedExams;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingResumed;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimeExtended;
import kg.exam.contract.sitting.SittingTimedOut;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The {@code sitting} read table: one row per sitting with where it belongs, its status and its
 * latest score. Written in the transaction of the sitting's events; the unique (session, candidate)
 * constraint refuses a second registration of a candidate in the same session.
 */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class SittingRecords {
  private final JdbcTemplate jdbc;

  /**
   * Where each recently used sitting belongs. Registration fixes it for good, so it is kept without
   * expiry (least recently used out) and the answer path needs no query for it.
   */
  private final Cache<String, Placement> placements =
      Caffeine.newBuilder().maximumSize(200_000).build();

  SittingRecords(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** What registration fixed of a sitting and never changes: its session, exam form and centre. */
  public record Placement(
      String sittingId,
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId) {}

  /** The sitting's placement, from memory once it was read. */
  public Optional<Placement> placement(String sittingId) {
    Placement kept = placements.getIfPresent(sittingId);
    if (kept != null) {
      return Optional.of(kept);
    }
    Optional<Placement> read =
        find(sittingId)
            .map(
                r ->
                    new Placement(
                        r.sittingId(),
                        r.sessionId(),
                        r.examId(),
                        r.examVersion(),
                        r.centreId(),
                        r.schoolId()));
    read.ifPresent(p -> placements.put(sittingId, p));
    return read;
  }

  /** One row of the table. Score fields are null until the sitting is scored. */
  public record SittingRow(
      String sittingId,
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      String candidateId,
      String status,
      Instant startedAt,
      Instant deadline,
      Instant finishedAt,
      Integer keyVersion,
      Double rawTotal,
      Double maxTotal,
      Double percentage,
      Boolean passed,
      Integer grade,
      Boolean gradeWithheld,
      String instructionLanguage) {}

  private static final String COLUMNS =
      "sitting_id, session_id, exam_id, exam_version, centre_id, school_id,"
          + " candidate_id, status, started_at, deadline, finished_at, key_version, raw_total, max_total, percentage,"
          + " passed, grade, grade_withheld, instruction_language";

  private static final RowMapper<SittingRow> ROW =
      (rs, n) ->
          new SittingRow(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getInt(4),
              rs.getString(5),
              rs.getString(6),
              rs.getString(7),
              rs.getString(8),
              instant(rs.getTimestamp(9)),
              instant(rs.getTimestamp(10)),
              instant(rs.getTimestamp(11)),
              rs.getObject(12, Integer.class),
              rs.getObject(13, Double.class),
              rs.getObject(14, Double.class),
              rs.getObject(15, Double.class),
              rs.getObject(16, Boolean.class),
              rs.getObject(17, Integer.class),
              rs.getObject(18, Boolean.class),
              rs.getString(19));

  @EventHandler
  void on(CandidateRegistered e) {
    jdbc.update(
        "INSERT INTO sitting (sitting_id, session_id, exam_id, exam_version, centre_id, school_id, candidate_id, status,"
            + " grade_level, instruction_language) VALUES (?, ?, ?, ?, ?, ?, ?, 'REGISTERED', ?, ?)",
        e.sittingId(),
        e.sessionId(),
        e.examId(),
        e.examVersion(),
        e.centreId(),
        e.profile().schoolId(),
        e.candidateId(),
        e.profile().grade(),
        e.profile().instructionLanguage());
  }

  @EventHandler
  void on(SittingStarted e) {
    jdbc.update(
        "UPDATE sitting SET status = 'IN_PROGRESS', started_at = ?, deadline = ? WHERE sitting_id = ?",
        Timestamp.from(e.startedAt()),
        Timestamp.from(e.deadline()),
        e.sittingId());
  }

  @EventHandler
  void on(SittingPaused e) {
    jdbc.update("UPDATE sitting SET status = 'PAUSED' WHERE sitting_id = ?", e.sittingId());
  }

  @EventHandler
  void on(SittingResumed e) {
    jdbc.update(
        "UPDATE sitting SET status = 'IN_PROGRESS', deadline = ? WHERE sitting_id = ?",
        Timestamp.from(e.deadline()),
        e.sittingId());
  }

  @EventHandler
  void on(SittingTimeExtended e) {
    jdbc.update(
        "UPDATE sitting SET deadline = ? WHERE sitting_id = ? AND status = 'IN_PROGRESS'",
        Timestamp.from(e.deadline()),
        e.sittingId());
  }

  @EventHandler
  void on(SittingSubmitted e) {
    jdbc.update(
        "UPDATE sitting SET status = 'SUBMITTED', finished_at = ? WHERE sitting_id = ?",
        Timestamp.from(e.submittedAt()),
        e.sittingId());
  }

  @EventHandler
  void on(SittingTimedOut e) {
    jdbc.update(
        "UPDATE sitting SET status = 'TIMED_OUT', finished_at = ? WHERE sitting_id = ?",
        Timestamp.from(e.timedOutAt()),
        e.sittingId());
  }

  @EventHandler
  void on(SittingScored e) {
    jdbc.update(
        "UPDATE sitting SET key_version = ?, raw_total = ?, max_total = ?, percentage = ?, passed = ?, grade = ?,"
            + " grade_withheld = ?, needs_marking = ?, scored_at = ? WHERE sitting_id = ?",
        e.keyVersion(),
        e.rawTotal(),
        e.maxTotal(),
        e.percentage(),
        e.passed(),
        e.grade(),
        e.gradeWithheld(),
        e.needsHumanMarking(),
        Timestamp.from(e.scoredAt()),
        e.sittingId());
  }

  /**
   * Sittings of the session whose result is not final: running, handed in but not scored, or
   * waiting for a human marker.
   */
  public long notFinal(String sessionId) {
    Long n =
        jdbc.queryForObject(
            "SELECT count(*) FROM sitting WHERE session_id = ? AND (status IN ('IN_PROGRESS', 'PAUSED')"
                + " OR (status IN ('SUBMITTED', 'TIMED_OUT') AND (key_version IS NULL OR needs_marking)))",
            Long.class,
            sessionId);
    return n == null ? 0 : n;
  }

  /**
   * The sitting as a candidate (their own) or a school (its own) may act on it; staff of other
   * roles get any sitting.
   *
   * @throws kg.exam.command.problem.RuleViolation {@code not-own-sitting}, {@code not-found}
   */
  public SittingRow requireOwn(String sittingId, kg.exam.command.security.Actor actor) {
    if (actor.is(kg.exam.command.security.Role.CANDIDATE) && !actor.ownsSitting(sittingId)) {
      throw new kg.exam.command.problem.RuleViolation(
          kg.exam.command.problem.ProblemType.NOT_OWN_SITTING, "This is not your sitting.");
    }
    SittingRow row =
        find(sittingId)
            .orElseThrow(
                () ->
                    new kg.exam.command.problem.RuleViolation(
                        kg.exam.command.problem.ProblemType.NOT_FOUND,
                        "No sitting " + sittingId + "."));
    if (actor.is(kg.exam.command.security.Role.SCHOOL)
        && !row.schoolId().equals(actor.schoolId())) {
      throw new kg.exam.command.problem.RuleViolation(
          kg.exam.command.problem.ProblemType.NOT_OWN_SITTING,
          "This sitting is not of your school.");
    }
    return row;
  }

  /** When the station with this key last synced anything (its newest entry's receipt). */
  public Optional<java.time.Instant> stationLastHeard(String stationKeyId) {
    java.sql.Timestamp t =
        jdbc.queryForObject(
            "SELECT max(received_at) FROM station_sync_entry WHERE station_key_id = ?",
            java.sql.Timestamp.class,
            stationKeyId);
    return Optional.ofNullable(t).map(java.sql.Timestamp::toInstant);
  }

  public Optional<SittingRow> find(String sittingId) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM sitting WHERE sitting_id = ?", ROW, sittingId)
        .stream()
        .findFirst();
  }

  /** Sittings of one exam version that are handed in: the ones a key amendment re-scores. */
  public List<String> finishedSittingIds(String examId, int examVersion) {
    return jdbc.queryForList(
        "SELECT sitting_id FROM sitting WHERE exam_id = ? AND exam_version = ?"
            + " AND status IN ('SUBMITTED', 'TIMED_OUT') ORDER BY sitting_id",
        String.class,
        examId,
        examVersion);
  }

  public List<SittingRow> bySchool(String schoolId, String sessionId) {
    if (sessionId == null) {
      return jdbc.query(
          "SELECT " + COLUMNS + " FROM sitting WHERE school_id = ? ORDER BY session_id, sitting_id",
          ROW,
          schoolId);
    }
    return jdbc.query(
        "SELECT "
            + COLUMNS
            + " FROM sitting WHERE school_id = ? AND session_id = ? ORDER BY sitting_id",
        ROW,
        schoolId,
        sessionId);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
