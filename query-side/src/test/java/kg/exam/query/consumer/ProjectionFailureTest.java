package kg.exam.query.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchRuntimeException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.query.projection.EventEnvelope;
import kg.exam.query.projection.Projections;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which failures of the one-event-per-transaction fallback dead-letter the event: only errors of
 * the event's own data (SQLState classes 22 and 23). Schema, permission and read-only-database
 * errors, raised here by a real PostgreSQL, are retried instead, so they cannot dead-letter a whole
 * topic.
 */
class ProjectionFailureTest {
  private static EmbeddedPostgres postgres;
  private static JdbcTemplate jdbc;
  private static TransactionTemplate transactions;
  private static Projections projections;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  @BeforeAll
  static void database() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    PGSimpleDataSource ds = (PGSimpleDataSource) postgres.getDatabase("postgres", "postgres");
    ds.setCurrentSchema("query_side");
    Flyway.configure()
        .dataSource(ds)
        .schemas("query_side")
        .defaultSchema("query_side")
        .locations("classpath:db/query-side")
        .load()
        .migrate();
    jdbc = new JdbcTemplate(ds);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
    projections = new Projections(jdbc);
    jdbc.execute("CREATE ROLE no_grants NOLOGIN");
    // may see the schema, but not read or write its tables
    jdbc.execute("GRANT USAGE ON SCHEMA query_side TO no_grants");
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
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
    return new EventEnvelope(
        "e-" + sittingId,
        CandidateRegistered.class.getName(),
        sittingId,
        1,
        1,
        T0,
        JSON.writeValueAsBytes(event));
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
