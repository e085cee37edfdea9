package kg.exam.query.consumer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kg.exam.query.projection.ApplyOutcome;
import kg.exam.query.projection.EventEnvelope;
import kg.exam.query.projection.PoisonEvent;
import kg.exam.query.projection.Projections;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One consumer thread of the group. Per partition and poll, the records are applied in one database
 * transaction (with the per-aggregate sequence claims), poison records are written to the
 * dead-letter topic, and only then is the partition's offset committed. So a crash anywhere leads
 * to redelivery, never to loss, and redelivery is absorbed by the sequence claims. If the batch
 * transaction fails on a bad event, the records are applied one per transaction to isolate it; only
 * an event whose own data fails (a {@link PoisonEvent}, SQLState classes 22 and 23) is
 * dead-lettered. If the database or Kafka is unreachable, or anything else fails (schema,
 * permission, read-only database), the partition is rewound to the batch's first record and retried
 * after a growing pause (1 s … 30 s), and nothing is dead-lettered for it.
 */
final class ProjectionWorker implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(ProjectionWorker.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final Projections projections;
  private final TransactionTemplate transactions;
  private final DeadLetters deadLetters;
  private final ConsumerCounters counters;
  private volatile boolean running = true;
  private long backoffMs = 1_000;

  ProjectionWorker(
      Consumer<byte[], byte[]> consumer,
      String topic,
      Projections projections,
      TransactionTemplate transactions,
      DeadLetters deadLetters,
      ConsumerCounters counters) {
    this.consumer = consumer;
    this.topic = topic;
    this.projections = projections;
    this.transactions = transactions;
    this.deadLetters = deadLetters;
    this.counters = counters;
  }

  /** Asks the thread to finish its current batch and leave the group. */
  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(topic));
      while (running) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition partition : records.partitions()) {
          if (!running) {
            break;
          }
          handle(partition, records.records(partition));
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("Projection consumer stopped on an unexpected failure", e);
      throw e;
    } finally {
      try {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
      } catch (RuntimeException e) {
        log.warn("Closing the consumer failed: {}", e.toString());
      }
    }
  }

  private void handle(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> batch) {
    try {
      process(batch);
      backoffMs = 1_000;
    } catch (RuntimeException e) {
      // Transient (database or Kafka unreachable) or unforeseen: never skip the batch, retry it.
      counters.retry();
      log.warn(
          "Projection of {} paused {} ms, will retry from offset {}: {}",
          partition,
          backoffMs,
          batch.getFirst().offset(),
          rootMessage(e));
      consumer.seek(partition, batch.getFirst().offset());
      sleep(backoffMs);
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      return;
    }
    try {
      consumer.commitSync(
          Map.of(partition, new OffsetAndMetadata(batch.getLast().offset() + 1)),
          Duration.ofSeconds(30));
    } catch (CommitFailedException | WakeupException e) {
      if (e instanceof WakeupException && running) {
        throw e;
      }
      // the partition moved to another member: it re-reads from the last commit, and the
      // sequence claims make the repeat harmless
      log.info("Offset commit for {} not accepted: {}", partition, e.toString());
    } catch (KafkaException e) {
      log.warn(
          "Offset commit for {} failed; records will be redelivered: {}", partition, e.toString());
    }
  }

  private void process(List<ConsumerRecord<byte[], byte[]>> batch) {
    List<Item> items = new ArrayList<>(batch.size());
    for (ConsumerRecord<byte[], byte[]> record : batch) {
      Item item = new Item(record);
      try {
        item.envelope = Envelopes.parse(record);
      } catch (PoisonEvent p) {
        item.poison = p;
      }
      items.add(item);
    }
    try {
      transactions.executeWithoutResult(
          s -> {
            for (Item item : items) {
              if (item.envelope != null) {
                item.outcome = projections.apply(item.envelope);
              }
            }
          });
    } catch (RuntimeException batchFailure) {
      if (TransientFailure.isTransient(batchFailure)) {
        throw batchFailure;
      }
      // one bad event spoiled the batch: apply one by one to find it
      for (Item item : items) {
        item.outcome = null;
        if (item.envelope == null) {
          continue;
        }
        try {
          item.outcome = transactions.execute(s -> projections.apply(item.envelope));
        } catch (PoisonEvent p) {
          item.poison = p;
        } catch (RuntimeException e) {
          if (!isEventDataError(e)) {
            // an outage, a broken schema (42P01, 42703), a missing grant (42501), a read-only
            // database (25006) or a bug: not this event's fault, so the batch is retried rather
            // than the whole topic being dead-lettered
            throw e;
          }
          item.poison = new PoisonEvent(PoisonEvent.PROJECTION_FAILED, rootMessage(e), e);
        }
      }
    }
    for (Item item : items) {
      if (item.poison != null) {
        deadLetters.send(item.record, item.poison.reason(), item.poison.getMessage());
        counters.deadLettered();
      } else if (item.outcome == ApplyOutcome.APPLIED) {
        counters.applied();
      } else if (item.outcome == ApplyOutcome.DUPLICATE) {
        counters.duplicate();
      } else if (item.outcome == ApplyOutcome.IGNORED) {
        counters.ignored(item.envelope.eventType());
      }
    }
  }

  /**
   * Whether {@code e} is caused by the data of the event itself (a constraint violation or a value
   * the column cannot hold: SQLState classes 22 and 23), so that retrying can never cure it and the
   * event is dead-lettered. Anything else is retried.
   */
  static boolean isEventDataError(Throwable e) {
    if (TransientFailure.isTransient(e)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof org.springframework.dao.DataIntegrityViolationException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("22") || state.startsWith("23");
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static final class Item {
    final ConsumerRecord<byte[], byte[]> record;
    EventEnvelope envelope;
    PoisonEvent poison;
    ApplyOutcome outcome;

    Item(ConsumerRecord<byte[], byte[]> record) {
      this.record = record;
    }
  }
}
