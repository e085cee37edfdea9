package kg.exam.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineTasksTest {
  @Test
  void shouldRetryAFailedDeadlineAfterOneSecondDoublingUpToOneMinute() {
    assertThat(DeadlineTasks.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(DeadlineTasks.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(DeadlineTasks.retryDelay(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(DeadlineTasks.retryDelay(6)).isEqualTo(Duration.ofSeconds(32));
    assertThat(DeadlineTasks.retryDelay(7)).isEqualTo(Duration.ofMinutes(1));
    assertThat(DeadlineTasks.retryDelay(1_000)).isEqualTo(Duration.ofMinutes(1));
  }
}
