package kg.exam.query.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import java.time.Instant;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.query.projection.EventEnvelope;
import kg.exam.query.projection.ProjectedDatabase;
import kg.exam.query.projection.Projections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which failures of the one-event-per-transaction fallback dead-letter the event: only errors of
 * the event's own data (SQLState classes 22 and 23). Schema, permission and read-only-database
 * errors, raised here by a real PostgreSQL, are retried instead, so they cannot dead-letter a whole
 * topic.
 */
class ProjectionFailureTest {
  private static ProjectedDatabase database;
  private static JdbcTemplate jdbc;
  private static TransactionTemplate transactions;
  private static Projections projections;
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  @BeforeAll
  static void database() throws Exception {
    database = new ProjectedDatabase();
    jdbc = database.jdbc;
    transactions = database.transactions;
    projections = database.projections;
    jdbc.execute("CREATE ROLE no_grants NOLOGIN");
    // may see the schema, but not read or write its tables
    jdbc.execute("GRANT USAGE ON SCHEMA query_side TO no_grants");
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  private static EventEnvelope registered(String sittingId) {
    CandidateRegistered event =
        new CandidateRegistered(
            sittingId,
            "session-1",
            "exam-1",
            1,
            "centre-1",
            "cand-" + sittingId,
            new CandidateProfile("CHUY", "chuy-alamudun", "school-7", "RURAL", "ky", "F", 9),
            0,
            "admin");
    return ProjectedDatabase.envelope(sittingId, 1, event, T0);
  }

  /** Applies the event in a transaction that first runs {@code before}, and rolls it all back. */
  private static RuntimeException applyFailure(String before, EventEnvelope envelope) {
    return catchRuntimeException(
        () ->
            transactions.executeWithoutResult(
                s -> {
                  s.setRollbackOnly();
                  if (before != null) {
                    jdbc.execute(before);
                  }
                  projections.apply(envelope);
                }));
  }

  @Test
  void aMissingTableIsRetriedNotDeadLettered() {
    RuntimeException e =
        applyFailure("ALTER TABLE sitting RENAME TO sitting_moved", registered("s-table"));
    assertThat(sqlState(e)).isEqualTo("42P01");
    assertThat(ProjectionWorker.isEventDataError(e)).isFalse();
  }

  @Test
  void aMissingColumnIsRetriedNotDeadLettered() {
    RuntimeException e =
        applyFailure("ALTER TABLE sitting DROP COLUMN district", registered("s-column"));
    assertThat(sqlState(e)).isEqualTo("42703");
    assertThat(ProjectionWorker.isEventDataError(e)).isFalse();
  }

  @Test
  void aMissingPermissionIsRetriedNotDeadLettered() {
    RuntimeException e = applyFailure("SET LOCAL ROLE no_grants", registered("s-grant"));
    assertThat(sqlState(e)).isEqualTo("42501");
    assertThat(ProjectionWorker.isEventDataError(e)).isFalse();
  }

  @Test
  void aReadOnlyDatabaseIsRetriedNotDeadLettered() {
    RuntimeException e = applyFailure("SET TRANSACTION READ ONLY", registered("s-read-only"));
    assertThat(sqlState(e)).isEqualTo("25006");
    assertThat(ProjectionWorker.isEventDataError(e)).isFalse();
  }

  @Test
  void aConstraintViolationOfTheEventIsDeadLettered() {
    RuntimeException e =
        catchRuntimeException(
            () ->
                jdbc.update("INSERT INTO sitting (sitting_id, session_id) VALUES ('s-null', 'x')"));
    assertThat(sqlState(e)).isEqualTo("23502");
    assertThat(ProjectionWorker.isEventDataError(e)).isTrue();
  }

  @Test
  void aValueTheColumnCannotHoldIsDeadLettered() {
    RuntimeException e =
        catchRuntimeException(() -> jdbc.queryForObject("SELECT 'x'::int", Integer.class));
    assertThat(sqlState(e)).isEqualTo("22P02");
    assertThat(ProjectionWorker.isEventDataError(e)).isTrue();
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
