package kg.exam.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDataDirectoryTest {
  @TempDir Path dataDir;

  /** A command side's part in this: starts PostgreSQL on a directory, writes a row, waits. */
  public static void main(String[] args) throws Exception {
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(Path.of(args[0]))
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .start();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (answer text)");
      s.execute("INSERT INTO kept VALUES ('acknowledged')");
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  @Test
  void shouldStopAPostgresLeftRunningByAKilledCommandSideAndStartOverItsData() throws Exception {
    Path postgresDir = dataDir.resolve("postgres");
    Process commandSide =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedDataDirectoryTest.class.getName(),
                postgresDir.toString())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(commandSide.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("ready"));
      assertThat(line).as("the child started PostgreSQL").isEqualTo("ready");
    }
    commandSide.destroyForcibly(); // kill -9
    assertThat(commandSide.waitFor(30, TimeUnit.SECONDS)).isTrue();
    ProcessHandle orphan = EmbeddedDataDirectory.runningPostmaster(postgresDir).orElseThrow();
    assertThat(orphan.isAlive()).as("PostgreSQL outlived the killed process").isTrue();

    // a session still open on it, as the dashboards' pool holds: a smart shutdown would wait for it
    List<String> pidFile = Files.readAllLines(postgresDir.resolve("postmaster.pid"));
    try (EmbeddedDataDirectory directory = EmbeddedDataDirectory.lock(dataDir);
        Connection dashboards =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pidFile.get(3).strip() + "/postgres",
                "postgres",
                "")) {
      assertThat(dashboards.isValid(5)).isTrue();
      assertThat(directory.stopOrphanedPostgres(postgresDir, Duration.ofSeconds(60)))
          .as("stopped by its fast shutdown although a session was open, not killed")
          .isEqualTo(EmbeddedDataDirectory.Orphan.STOPPED);
      assertThat(orphan.isAlive()).isFalse();
      assertThat(EmbeddedDataDirectory.runningPostmaster(postgresDir)).isEmpty();
      try (EmbeddedPostgres again =
              EmbeddedPostgres.builder()
                  .setDataDirectory(postgresDir)
                  .setCleanDataDirectory(false)
                  .start();
          Connection c = again.getPostgresDatabase().getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT answer FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("acknowledged");
      }
      assertThat(directory.stopOrphanedPostgres(postgresDir, Duration.ofSeconds(30)))
          .as("nothing left to stop after a clean stop")
          .isEqualTo(EmbeddedDataDirectory.Orphan.NONE);
    }
  }

  @Test
  void shouldRefuseADataDirectoryAnotherCommandSideHolds() {
    EmbeddedDataDirectory held = EmbeddedDataDirectory.lock(dataDir);
    try {
      assertThatThrownBy(() -> EmbeddedDataDirectory.lock(dataDir))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another command side is running on the data directory");
    } finally {
      held.close();
    }
    EmbeddedDataDirectory.lock(dataDir).close(); // free again once released
  }
}
