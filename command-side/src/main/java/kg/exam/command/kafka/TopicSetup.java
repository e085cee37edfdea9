package kg.exam.command.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the events topic when it is missing: the configured partitions and replication factor,
 * records kept forever ({@code retention.ms=-1}: projections are rebuilt from the beginning), and
 * with more than one replica {@code min.insync.replicas=2} so that acks=all means two copies. An
 * existing topic is left as it is (its partition count is logged when it differs).
 */
class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private final KafkaPublicationProperties properties;
  private final Supplier<Admin> admins;
  private volatile boolean ready;

  TopicSetup(KafkaPublicationProperties properties, Supplier<Admin> admins) {
    this.properties = properties;
    this.admins = admins;
  }

  /**
   * Makes sure the topic exists.
   *
   * @throws KafkaEventPublisher.KafkaUnavailable when Kafka cannot be reached or refuses
   */
  synchronized void ensure() {
    if (ready) {
      return;
    }
    String name = properties.topic();
    try (Admin admin = admins.get()) {
      Map<String, String> config = new HashMap<>();
      config.put("retention.ms", "-1");
      // an exam of 500 long items is over Kafka's default 1 MB record limit; a refused record
      // would hold publication (it is retried, never skipped)
      config.put("max.message.bytes", Integer.toString(KafkaEventPublisher.MAX_RECORD_BYTES));
      if (properties.replicationFactor() > 1) {
        config.put("min.insync.replicas", "2");
      }
      Optional<Short> replicas =
          properties.replicationFactor() == 0
              ? Optional.empty()
              : Optional.of(properties.replicationFactor());
      NewTopic topic =
          new NewTopic(name, Optional.of(properties.partitions()), replicas).configs(config);
      try {
        admin.createTopics(Set.of(topic)).all().get();
        log.info("Created Kafka topic {} with {} partitions", name, properties.partitions());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        TopicDescription existing =
            admin.describeTopics(Set.of(name)).allTopicNames().get().get(name);
        if (existing.partitions().size() != properties.partitions()) {
          log.warn(
              "Kafka topic {} has {} partitions, not the configured {}; left as it is",
              name,
              existing.partitions().size(),
              properties.partitions());
        }
      }
      ready = true;
    } catch (ExecutionException e) {
      throw new KafkaEventPublisher.KafkaUnavailable(
          "cannot create or find the Kafka topic " + name, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaEventPublisher.KafkaUnavailable("interrupted creating the topic " + name, e);
    } catch (RuntimeException e) {
      throw new KafkaEventPublisher.KafkaUnavailable("cannot reach Kafka for topic " + name, e);
    }
  }

  boolean ready() {
    return ready;
  }
}
