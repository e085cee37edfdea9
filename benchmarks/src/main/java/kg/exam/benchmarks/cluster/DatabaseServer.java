package kg.exam.benchmarks.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server of its own for the cluster run: the Maven-delivered binaries the embedded
 * default uses, over a kept data directory on a fixed port, durable as the embedded default is
 * ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes} on). Runs until the process
 * is stopped; a clean stop shuts PostgreSQL down.
 *
 * <p>Usage: {@code DatabaseServer DATA_DIR PORT}
 */
public final class DatabaseServer {
  private DatabaseServer() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: DatabaseServer DATA_DIR PORT");
      System.exit(2);
    }
    Path dataDir = Path.of(args[0]).toAbsolutePath();
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(Integer.parseInt(args[1]))
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "300")
            .start();
    System.out.println("postgres ready on port " + postgres.getPort());
    System.out.flush();
    Thread.currentThread().join(); // until the process is stopped; zonky's hook stops PostgreSQL
  }
}
