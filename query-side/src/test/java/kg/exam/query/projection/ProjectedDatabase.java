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
  private final TransactionTemplate transactions;
  private final Projections projections;

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
  public void apply(String aggregate, long sequence, Object event, Instant at) {
    EventEnvelope envelope =
        new EventEnvelope(
            "e-" + aggregate + "-" + sequence,
            event.getClass().getName(),
            aggregate,
            sequence,
            sequence,
            at,
            JSON.writeValueAsBytes(event));
    transactions.execute(s -> projections.apply(envelope));
  }

  @Override
  public void close() throws java.io.IOException {
    postgres.close();
  }
}
