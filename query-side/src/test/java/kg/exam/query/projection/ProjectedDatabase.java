package kg.exam.query.projection;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real PostgreSQL with the query side's schema, fed event by event through the real {@link
 * Projections}: for tests of the reports that read the projections.
 */
public final class ProjectedDatabase implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public final EmbeddedPostgres postgres;
  public final JdbcTemplate jdbc;
  public final TransactionTemplate transactions;
  public final Projections projections;

  public ProjectedDatabase() throws Exception {
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
  }

  /** Applies {@code event} as event {@code sequence} of {@code aggregate}, stored at {@code at}. */
  public ApplyOutcome apply(String aggregate, long sequence, Object event, Instant at) {
    return apply(envelope(aggregate, sequence, event, at));
  }

  /** Applies one record in its own transaction, as a consumer does. */
  public ApplyOutcome apply(EventEnvelope envelope) {
    return transactions.execute(s -> projections.apply(envelope));
  }

  /** The record of {@code event} as event {@code sequence} of {@code aggregate}. */
  public static EventEnvelope envelope(String aggregate, long sequence, Object event, Instant at) {
    return new EventEnvelope(
        "e-" + aggregate + "-" + sequence,
        event.getClass().getName(),
        aggregate,
        sequence,
        sequence,
        at,
        JSON.writeValueAsBytes(event));
  }

  /** Empties every projection, as a rebuild does. */
  public void truncate() {
    new ProjectionTables(jdbc, transactions).truncate();
  }

  @Override
  public void close() throws java.io.IOException {
    postgres.close();
  }
}
