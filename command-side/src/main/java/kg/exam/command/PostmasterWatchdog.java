package kg.exam.command;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded PostgreSQL's postmaster and ends this command side when it dies under it
 * (killed, or out of memory): without its database the command side can only answer 500s, and its
 * supervisor ({@code ./run}) restarts a command side that ended at once, which starts the database
 * again over the same directory. Before this, a killed postmaster was found only by the
 * supervisor's health check after 30 s and a minute's graceful stop that could not finish.
 *
 * <p>The process ends with {@link Runtime#halt}, as a {@code kill -9} would: a graceful stop would
 * wait on processors and pools that cannot reach the database. Nothing acknowledged is lost by
 * that: an answer is acknowledged only after its commit, and the database's own recovery replays
 * its write-ahead log on the next start. Stopped (before its database) on a clean shutdown.
 */
final class PostmasterWatchdog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);

  /** Exit status of a command side ended by its database's death (EX_SOFTWARE of sysexits.h). */
  static final int EXIT_STATUS = 70;

  private final Thread thread;
  private volatile boolean closed;

  private PostmasterWatchdog(ProcessHandle postmaster, Duration every, Consumer<String> onDeath) {
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("postmaster-watchdog")
            .unstarted(() -> watch(postmaster, every, onDeath));
  }

  /** Starts watching; on the postmaster's death this JVM halts with {@link #EXIT_STATUS}. */
  static PostmasterWatchdog start(ProcessHandle postmaster) {
    return start(
        postmaster,
        Duration.ofSeconds(1),
        message -> {
          log.error(message);
          Runtime.getRuntime().halt(EXIT_STATUS);
        });
  }

  /** Starts watching every {@code every}; {@code onDeath} hears why, once, unless closed first. */
  static PostmasterWatchdog start(
      ProcessHandle postmaster, Duration every, Consumer<String> onDeath) {
    PostmasterWatchdog watchdog = new PostmasterWatchdog(postmaster, every, onDeath);
    watchdog.thread.start();
    return watchdog;
  }

  private void watch(ProcessHandle postmaster, Duration every, Consumer<String> onDeath) {
    try {
      while (!closed && postmaster.isAlive()) {
        Thread.sleep(every);
      }
    } catch (InterruptedException e) {
      return;
    }
    if (!closed) {
      onDeath.accept(
          "The embedded PostgreSQL (postmaster pid "
              + postmaster.pid()
              + ") stopped under this command side; ending it (exit status "
              + EXIT_STATUS
              + ") so that its supervisor (./run) starts it again with its database");
    }
  }

  /** Stops watching: the database is about to be stopped on purpose. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
