package kg.exam.command.config;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.util.List;

/**
 * Axon's deadline tasks, run by db-scheduler with a failure retried within seconds instead of
 * db-scheduler's default five minutes. With several command sides a deadline can fire on one node
 * while the candidate's last answer is appended on another: the later append loses the unique index
 * and fails as a concurrent modification. Retried after five minutes, the sitting stayed "in
 * progress" five minutes past its deadline (seen in {@code benchmarks/run cluster}); retried after
 * {@link #FIRST_RETRY}, doubling up to {@link #LONGEST_RETRY}, it times out a second or two late,
 * and a deadline that keeps failing for another reason is tried once a minute, so it times out at
 * most a minute after its cause is fixed.
 */
final class DeadlineTasks {
  /** The first retry of a failed deadline; each further one waits twice as long, up to the last. */
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);

  static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

  private DeadlineTasks() {}

  /**
   * Every one-time task (Axon's deadlines) retried soon ({@link #retryDelay}); any other task as it
   * is, since rewrapping a recurring task as a one-time task would stop it recurring.
   */
  static List<Task<?>> retryingSoon(List<Task<?>> tasks) {
    return tasks.stream()
        .<Task<?>>map(t -> t instanceof OneTimeTask<?> oneTime ? retryingSoon(oneTime) : t)
        .toList();
  }

  static <T> Task<T> retryingSoon(Task<T> task) {
    return Tasks.oneTime(task.getName(), task.getDataClass())
        .onFailure(new RetrySoon<>())
        .execute((instance, context) -> task.execute(instance, context));
  }

  /**
   * How long after its {@code consecutiveFailures}-th failure in a row a deadline is tried again: 1
   * s, 2 s, 4 s … up to 1 minute (the 1st failure: 1 s; the 7th and later: 60 s).
   */
  static Duration retryDelay(int consecutiveFailures) {
    int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 16));
    Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
    return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
  }

  private static final class RetrySoon<T> implements FailureHandler<T> {
    @Override
    public void onFailure(ExecutionComplete complete, ExecutionOperations<T> operations) {
      // the execution's count is of the failures before this one
      int failures = complete.getExecution().consecutiveFailures + 1;
      operations.reschedule(complete, complete.getTimeDone().plus(retryDelay(failures)));
    }
  }
}
