package kg.exam.command.deadletter;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Retries parked sequences: every {@code exam.dead-letters.retry-interval} (default 1 minute) and
 * on demand. A sequence that fails again stays parked (Axon requeues it); one that succeeds leaves
 * the queue with every event it held, in order. Several nodes may retry at once: the queue claims a
 * sequence before it processes it.
 */
@Component
public class DeadLetterRetry {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterRetry.class);

  /** Sequences one retry round takes on per processing group at most. */
  static final int MAX_PER_ROUND = 1_000;

  private final EventProcessingConfiguration processing;
  private final Duration interval;
  private ScheduledExecutorService timer;

  DeadLetterRetry(
      EventProcessingConfiguration processing,
      @Value("${exam.dead-letters.retry-interval:1m}") Duration interval) {
    this.processing = processing;
    this.interval = interval;
  }

  @EventListener(ApplicationReadyEvent.class)
  void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("dead-letter-retry").daemon().unstarted(r));
    timer.scheduleWithFixedDelay(
        this::retryQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  private void retryQuietly() {
    try {
      retryAll();
    } catch (RuntimeException e) {
      log.warn("retrying parked events failed; next round in {}", interval, e);
    }
  }

  /**
   * Retries parked sequences of every processing group once each, at most {@value #MAX_PER_ROUND}
   * per group.
   *
   * @return the sequences that were handled this time and left the queue
   */
  public int retryAll() {
    int succeeded = 0;
    for (String group : DeadLetterConfig.GROUPS) {
      SequencedDeadLetterProcessor<EventMessage<?>> processor =
          processing.sequencedDeadLetterProcessor(group).orElse(null);
      if (processor == null) {
        continue;
      }
      long sequences =
          processing
              .deadLetterQueue(group)
              .map(SequencedDeadLetterQueue::amountOfSequences)
              .orElse(0L);
      // processAny takes the sequence touched longest ago and a failure touches it again, so
      // each call of a round takes another sequence
      for (long i = 0; i < Math.min(sequences, MAX_PER_ROUND); i++) {
        try {
          if (processor.processAny()) {
            succeeded++;
          }
        } catch (RuntimeException e) {
          log.warn("retrying a parked sequence of {} failed", group, e);
          break;
        }
      }
    }
    return succeeded;
  }
}
