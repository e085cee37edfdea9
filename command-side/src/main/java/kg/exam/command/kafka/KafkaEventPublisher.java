package kg.exam.command.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every stored event to Kafka, in the order of the event store, from the tracking
 * processor {@value #GROUP} (its token in the database). The records of one processor batch are
 * sent together and the batch's transaction, which advances the token, commits only after Kafka has
 * acknowledged every one of them (acks=all, idempotent producer). When Kafka is away or refuses,
 * the transaction rolls back, the processor waits and retries from the stored token with growing
 * back-off, and nothing is skipped; commands are not affected. A retried batch may be published
 * twice in part: consumers deduplicate by (aggregate-id, sequence-number).
 */
@ProcessingGroup(KafkaEventPublisher.GROUP)
public class KafkaEventPublisher implements AutoCloseable {
  public static final String GROUP = "kafka-publication";

  /**
   * The largest record publication sends (and the topic it creates accepts): 8 MiB, above the
   * largest event the API can cause (a request body is at most 1 MiB; results and tree heads are
   * recorded in batches of about 60 KB).
   */
  public static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);
  private static final String SENDS = KafkaEventPublisher.class.getName() + ".sends";

  private final EventRecords records;
  private final Supplier<Producer<String, byte[]>> producers;
  private final TopicSetup topic;
  private final AtomicLong failures = new AtomicLong();
  private Producer<String, byte[]> producer;

  KafkaEventPublisher(
      EventRecords records, Supplier<Producer<String, byte[]>> producers, TopicSetup topic) {
    this.records = records;
    this.producers = producers;
    this.topic = topic;
  }

  @EventHandler
  void on(Object payload, EventMessage<?> event, TrackingToken token) {
    long globalIndex =
        token
            .position()
            .orElseThrow(() -> new IllegalStateException("no global index in " + token));
    List<Future<RecordMetadata>> sends = batchSends();
    try {
      sends.add(producer().send(records.record(event, globalIndex)));
    } catch (RuntimeException e) {
      discardProducer();
      throw new KafkaUnavailable("Kafka did not take event " + globalIndex + "; will retry", e);
    }
  }

  /** The sends of the current batch, awaited once before its transaction commits. */
  private List<Future<RecordMetadata>> batchSends() {
    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
    return root.getOrComputeResource(
        SENDS,
        key -> {
          List<Future<RecordMetadata>> sends = new ArrayList<>();
          root.onPrepareCommit(unitOfWork -> awaitAll(sends));
          return sends;
        });
  }

  private synchronized Producer<String, byte[]> producer() {
    if (producer == null) {
      topic.ensure();
      producer = producers.get();
    }
    return producer;
  }

  private void awaitAll(List<Future<RecordMetadata>> sends) {
    try {
      Producer<String, byte[]> current = producer();
      current.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    } catch (ExecutionException e) {
      discardProducer();
      throw new KafkaUnavailable("Kafka did not acknowledge a batch of events; will retry", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discardProducer();
      throw new KafkaUnavailable("interrupted while waiting for Kafka; will retry", e);
    } catch (RuntimeException e) {
      discardProducer();
      throw e;
    }
  }

  /** After a failure the next attempt starts with a fresh producer (fresh idempotence state). */
  private synchronized void discardProducer() {
    failures.incrementAndGet();
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        log.debug("closing a failed Kafka producer", e);
      }
      producer = null;
    }
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
  }

  /** Kafka did not take a batch; the processor retries it. */
  static final class KafkaUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaUnavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * How long a batch may wait for Kafka before it is given up and retried; {@code
   * spring.kafka.properties.*} may change these.
   */
  static final Map<String, Object> PRODUCER_DEFAULTS =
      Map.of(
          "max.request.size", Integer.toString(MAX_RECORD_BYTES),
          "linger.ms", "0",
          "request.timeout.ms", "10000",
          "delivery.timeout.ms", "30000",
          "max.block.ms", "10000");

  /** What publication promises rests on these; no setting can change them. */
  static final Map<String, Object> PRODUCER_GUARANTEES =
      Map.of(
          "acks", "all",
          "enable.idempotence", "true",
          "max.in.flight.requests.per.connection", "5");

  /** Batches Kafka did not take (each is retried): a monitoring figure and a test hook. */
  public long failedBatches() {
    return failures.get();
  }
}
