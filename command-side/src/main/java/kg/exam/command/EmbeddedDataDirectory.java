package kg.exam.command;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's data directory, held by one command side at a time, and recovery from a
 * command side that was killed.
 *
 * <p>The command side holds an exclusive lock on {@value #LOCK_FILE} while it runs; the operating
 * system releases it when the process dies, however it dies. The embedded PostgreSQL, though, runs
 * as its own daemon ({@code pg_ctl} starts it), so a {@code kill -9} of the command side leaves it
 * running on the data directory, and the next start failed on its lock until someone killed it by
 * hand. Holding the directory's lock proves that no command side uses that PostgreSQL any more, so
 * {@link #stopOrphanedPostgres} stops it (a smart shutdown: its clients are gone) and says so in
 * the log before the new one starts.
 */
final class EmbeddedDataDirectory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDataDirectory.class);

  /** The lock file in the data directory. */
  static final String LOCK_FILE = "command-side.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private EmbeddedDataDirectory(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the data directory for this process.
   *
   * @throws IllegalStateException when another command side (or another application context in this
   *     process) holds it
   */
  static EmbeddedDataDirectory lock(Path dataDir) {
    Path file = dataDir.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      Files.createDirectories(dataDir);
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      close(channel);
      throw new UncheckedIOException("cannot lock " + file, e);
    }
    if (lock == null) {
      close(channel);
      throw new IllegalStateException(
          "another command side is running on the data directory "
              + dataDir
              + " (it holds "
              + file
              + "): stop it first, or give this one another exam.data-dir (EXAM_DATA_DIR)");
    }
    return new EmbeddedDataDirectory(channel, lock);
  }

  /**
   * Stops a PostgreSQL still running on {@code postgresDir} although the directory's lock is ours:
   * left by a command side that was killed. Waits for its fast shutdown up to {@code wait}, then
   * kills it and its server processes (the next start then recovers from its write-ahead log).
   *
   * @return what was done
   */
  Orphan stopOrphanedPostgres(Path postgresDir, Duration wait) {
    Optional<ProcessHandle> postmaster = runningPostmaster(postgresDir);
    if (postmaster.isEmpty()) {
      return Orphan.NONE;
    }
    ProcessHandle p = postmaster.get();
    log.warn(
        "A PostgreSQL (pid {}) is still running on {}, left by a command side that was killed;"
            + " stopping it before starting a new one",
        p.pid(),
        postgresDir);
    List<ProcessHandle> servers = p.descendants().toList();
    fastShutdown(p);
    try {
      p.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("PostgreSQL (pid {}) did not stop within {}; killing it", p.pid(), wait);
      p.destroyForcibly();
      servers.forEach(ProcessHandle::destroyForcibly);
      p.onExit().join();
      servers.forEach(server -> server.onExit().join());
      return Orphan.KILLED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot wait for PostgreSQL pid " + p.pid(), e);
    }
    for (ProcessHandle server : servers) {
      server.onExit().join();
    }
    return Orphan.STOPPED;
  }

  /** What {@link #stopOrphanedPostgres} found and did. */
  enum Orphan {
    /** No PostgreSQL was running on the directory. */
    NONE,
    /** One was running and stopped by its fast shutdown. */
    STOPPED,
    /** One was running and did not stop in time: killed. */
    KILLED
  }

  /**
   * Asks a postmaster for PostgreSQL's fast shutdown (SIGINT): open sessions (the dashboards' pool
   * still holds some) are rolled back and disconnected, and it stops after a checkpoint. The smart
   * shutdown of SIGTERM, all {@link ProcessHandle#destroy} can send, waits for every session to
   * end, so it never finished while the query side was connected. Falls back to SIGTERM where no
   * {@code kill} command is found.
   */
  private static void fastShutdown(ProcessHandle postmaster) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
              .redirectErrorStream(true)
              .start();
      kill.getInputStream().transferTo(OutputStream.nullOutputStream());
      if (kill.waitFor() == 0) {
        return;
      }
    } catch (IOException e) {
      log.debug("no kill command: stopping PostgreSQL with SIGTERM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    postmaster.destroy();
  }

  /**
   * The postmaster named by the directory's {@code postmaster.pid}, if that process is alive and is
   * a PostgreSQL server (a stale file naming a reused pid is left to PostgreSQL's own check).
   */
  static Optional<ProcessHandle> runningPostmaster(Path postgresDir) {
    Path pidFile = postgresDir.resolve("postmaster.pid");
    long pid;
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      pid = Long.parseLong(lines.getFirst().strip());
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close below releases it as well
    }
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing held any more
    }
  }
}
