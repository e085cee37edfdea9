package kg.exam.command.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * One real PostgreSQL server per test JVM (Maven-delivered binaries), one database per test
 * scenario.
 */
final class TestDatabase {
  private static EmbeddedPostgres server;
  private static final Set<String> databases = new HashSet<>();

  private TestDatabase() {}

  static synchronized String jdbcUrl(String database) {
    try {
      if (server == null) {
        server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (IOException e) {
                        // the JVM is going away; the temporary data directory goes with it
                      }
                    }));
      }
      if (databases.add(database)) {
        try (Connection c = server.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE DATABASE " + database);
        }
      }
      return server.getJdbcUrl("postgres", database);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
