package kg.exam.command.config;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.util.List;

/**
 * Axon's deadline tasks, run by db-scheduler with a failure retried within seconds instead of
 * db-scheduler's default five minutes. With several command sides a deadline can fire on one node
 * while the candidate's last answer is appended on another: the later append loses the unique index
 * and fails as a concurrent modification. Retried after five minutes, the sitting stayed "in
 * progress" five minutes past its deadline (seen in {@code benchmarks/run cluster}); retried after
 * {@link #FIRST_RETRY}, doubling, it times out a second or two late, and a deadline that keeps
 * failing for another reason backs off instead of spinning.
 */
final class DeadlineTasks {
  /** The first retry of a failed deadline; each further one waits twice as long. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  private DeadlineTasks() {}

  /** Every task as it is, but retried with exponential back-off from {@link #FIRST_RETRY}. */
  static List<Task<?>> retryingSoon(List<Task<?>> tasks) {
    return tasks.stream().<Task<?>>map(DeadlineTasks::retryingSoon).toList();
  }

  static <T> Task<T> retryingSoon(Task<T> task) {
    return Tasks.oneTime(task.getName(), task.getDataClass())
        .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(FIRST_RETRY, 2.0))
        .execute((instance, context) -> task.execute(instance, context));
  }
}
