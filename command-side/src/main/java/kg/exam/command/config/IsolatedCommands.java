package kg.exam.command.config;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Sends a command from an event handler in its own unit of work and transaction: it runs on a
 * thread of its own, where no unit of work is current, and the handler waits for it. A command that
 * fails then rolls back only itself: the processor's transaction is not marked rollback-only, so
 * the processor can park the event in its dead-letter queue and go on ({@code deadletter}). A
 * command that succeeded stays committed even if the processor's batch is later retried, so these
 * commands must be idempotent (scoring and sealing are: a repeat finds the work done).
 */
@Component
public class IsolatedCommands {
  private final CommandGateway commands;
  private final ExecutorService threads;

  IsolatedCommands(CommandGateway commands) {
    this.commands = commands;
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r ->
                Thread.ofPlatform()
                    .name("isolated-command-" + n.incrementAndGet())
                    .daemon()
                    .unstarted(r));
  }

  /**
   * @return the command's result
   * @throws RuntimeException what the command threw
   */
  public <R> R sendAndWait(Object command) {
    Future<R> result = threads.submit(() -> commands.sendAndWait(command));
    try {
      return result.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("command failed: " + command.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      result.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a command ran", e);
    }
  }

  @PreDestroy
  void stop() {
    threads.shutdownNow();
  }
}
