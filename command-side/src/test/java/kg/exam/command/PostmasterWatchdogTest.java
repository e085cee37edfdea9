package kg.exam.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostmasterWatchdogTest {
  @Test
  void shouldSayOnceThatTheWatchedProcessDiedWhenItIsKilled() throws Exception {
    Process postmaster = new ProcessBuilder("sleep", "600").start();
    BlockingQueue<String> heard = new ArrayBlockingQueue<>(4);
    PostmasterWatchdog watchdog =
        PostmasterWatchdog.start(postmaster.toHandle(), Duration.ofMillis(20), heard::add);
    try {
      assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("alive: nothing said").isNull();
      postmaster.destroyForcibly().waitFor();
      String message = heard.poll(30, TimeUnit.SECONDS);
      assertThat(message)
          .contains("postmaster pid " + postmaster.pid())
          .contains("exit status " + PostmasterWatchdog.EXIT_STATUS);
      assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("said once").isNull();
    } finally {
      watchdog.close();
      postmaster.destroyForcibly();
    }
  }

  @Test
  void shouldSayNothingWhenClosedBeforeTheDatabaseIsStoppedOnPurpose() throws Exception {
    Process postmaster = new ProcessBuilder("sleep", "600").start();
    BlockingQueue<String> heard = new ArrayBlockingQueue<>(4);
    PostmasterWatchdog watchdog =
        PostmasterWatchdog.start(postmaster.toHandle(), Duration.ofMillis(20), heard::add);
    watchdog.close();
    postmaster.destroyForcibly().waitFor();
    assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).isNull();
  }
}
