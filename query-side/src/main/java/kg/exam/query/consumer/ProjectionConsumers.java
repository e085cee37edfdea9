package kg.exam.query.consumer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kg.exam.query.projection.ProjectionTables;
import kg.exam.query.projection.Projections;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consumer threads of this instance ({@code exam.kafka.concurrency}), started when the app is
 * ready, and the rebuild of every projection.
 *
 * <p>Rebuild keeps the group id and moves the group's committed offsets back to the start of the
 * topic (Kafka's admin API, which refuses while any member is in the group), then empties the
 * projection tables, then starts consuming again. Keeping one documented group id means operators
 * watch one lag figure and no abandoned groups pile up; and the broker's refusal for a non-empty
 * group is exactly the safety check needed: no other instance can be applying events while the
 * tables are emptied. (The alternative, a fresh group id per rebuild, would need every instance to
 * agree on the new id and would leave the old group's offsets behind.)
 */
@Component
public class ProjectionConsumers implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ProjectionConsumers.class);

  private final KafkaSettings settings;
  private final String bootstrapServers;
  private final Projections projections;
  private final ProjectionTables tables;
  private final TransactionTemplate transactions;
  private final DeadLetters deadLetters;
  private final ConsumerCounters counters;
  private final List<ProjectionWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private int rebuilds;
  private Instant lastRebuildAt;

  ProjectionConsumers(
      KafkaSettings settings,
      @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers,
      Projections projections,
      ProjectionTables tables,
      TransactionTemplate transactions,
      DeadLetters deadLetters,
      ConsumerCounters counters) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
    this.projections = projections;
    this.tables = tables;
    this.transactions = transactions;
    this.deadLetters = deadLetters;
    this.counters = counters;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onReady() {
    if (settings.enabled()) {
      createDeadLetterTopic();
      start();
    }
  }

  /** Starts the consumer threads unless they run. */
  public synchronized void start() {
    if (!threads.isEmpty()) {
      return;
    }
    for (int i = 0; i < settings.concurrency(); i++) {
      ProjectionWorker worker =
          new ProjectionWorker(
              new KafkaConsumer<>(
                  consumerProperties(i), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
              settings.topic(),
              projections,
              transactions,
              deadLetters,
              counters);
      Thread thread = new Thread(worker, "projection-consumer-" + i);
      workers.add(worker);
      threads.add(thread);
      thread.start();
    }
    log.info(
        "Consuming {} as group {} with {} thread(s) from {}",
        settings.topic(),
        settings.groupId(),
        settings.concurrency(),
        bootstrapServers);
  }

  /** Stops the consumer threads after their current batch; they leave the group. */
  public synchronized void stop() {
    workers.forEach(ProjectionWorker::stop);
    for (Thread thread : threads) {
      try {
        thread.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.clear();
    threads.clear();
  }

  public synchronized boolean running() {
    return !threads.isEmpty() && threads.stream().anyMatch(Thread::isAlive);
  }

  /**
   * Empties every projection and replays the topic from its beginning. The consumers of this
   * instance are stopped first and started again afterwards (also when the rebuild is refused).
   *
   * @throws RebuildRefused if other members are in the consumer group or Kafka cannot be reached
   */
  public synchronized RebuildReport rebuild() {
    boolean wasRunning = running() || settings.enabled();
    stop();
    try {
      int partitions = resetOffsetsToEarliest();
      tables.truncate();
      rebuilds++;
      lastRebuildAt = Instant.now();
      log.info(
          "Rebuild: projections emptied, group {} rewound on {} partition(s) of {}",
          settings.groupId(),
          partitions,
          settings.topic());
      return new RebuildReport(settings.groupId(), settings.topic(), partitions, lastRebuildAt);
    } finally {
      if (wasRunning) {
        start();
      }
    }
  }

  public synchronized int rebuilds() {
    return rebuilds;
  }

  public synchronized Instant lastRebuildAt() {
    return lastRebuildAt;
  }

  /** Moves the group's offsets to the earliest retained record of every partition. */
  private int resetOffsetsToEarliest() {
    try (Admin admin = Admin.create(adminProperties())) {
      TopicDescription topic;
      try {
        topic =
            admin
                .describeTopics(List.of(settings.topic()))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(settings.topic());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof UnknownTopicOrPartitionException) {
          return 0; // nothing published yet: nothing to replay
        }
        throw e;
      }
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      topic
          .partitions()
          .forEach(
              p ->
                  request.put(
                      new TopicPartition(settings.topic(), p.partition()), OffsetSpec.earliest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> earliest =
          admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
      earliest.forEach((tp, info) -> target.put(tp, new OffsetAndMetadata(info.offset())));
      // a member that just left may still be counted for a moment
      for (int attempt = 1; ; attempt++) {
        try {
          admin
              .alterConsumerGroupOffsets(settings.groupId(), target)
              .all()
              .get(30, TimeUnit.SECONDS);
          return target.size();
        } catch (ExecutionException e) {
          boolean busy =
              e.getCause() instanceof GroupNotEmptyException
                  || e.getCause() instanceof UnknownMemberIdException;
          if (!busy) {
            throw e;
          }
          if (attempt == 10) {
            throw new RebuildRefused(
                "consumer group "
                    + settings.groupId()
                    + " still has members: stop every other query-side instance, then rebuild");
          }
          Thread.sleep(1_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RebuildRefused("interrupted");
    } catch (ExecutionException | TimeoutException e) {
      throw new RebuildRefused(
          "Kafka at " + bootstrapServers + " could not rewind the group: " + e.getMessage());
    }
  }

  private void createDeadLetterTopic() {
    try (Admin admin = Admin.create(adminProperties())) {
      admin
          .createTopics(
              List.of(new NewTopic(settings.deadLetterTopic(), 1, settings.replicationFactor())))
          .all()
          .get(15, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        log.warn("Cannot create {} now: {}", settings.deadLetterTopic(), e.getCause().toString());
      }
    } catch (TimeoutException e) {
      log.warn("Cannot create {} now: Kafka not reachable", settings.deadLetterTopic());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Properties consumerProperties(int index) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-side-" + index);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // the command side creates the topic with its partition count; never a 1-partition default
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return p;
  }

  private Properties adminProperties() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "query-side-admin");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    return p;
  }

  @Override
  public void destroy() {
    stop();
  }

  /** What a rebuild did. */
  public record RebuildReport(String groupId, String topic, int partitions, Instant rebuiltAt) {}

  /** A rebuild that could not be done safely now; nothing was emptied. */
  public static final class RebuildRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RebuildRefused(String message) {
      super(message);
    }
  }
}
