package kg.exam.command.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publication of the stored events to Kafka ({@code exam.kafka.*}); where the cluster is comes from
 * {@code spring.kafka.bootstrap-servers} and {@code spring.kafka.properties.*}.
 *
 * @param enabled publish at all (the event store stays the source of truth either way)
 * @param topic the topic every event goes to
 * @param partitions partitions of the topic when this side creates it
 * @param replicationFactor replicas of the topic when this side creates it; 0 takes the broker's
 *     {@code default.replication.factor}
 * @param batchSize events per transaction of the publishing processor: sent together, awaited
 *     together, one token update
 */
@ConfigurationProperties("exam.kafka")
public record KafkaPublicationProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("exam.events") String topic,
    @DefaultValue("12") int partitions,
    @DefaultValue("0") short replicationFactor,
    @DefaultValue("100") int batchSize) {

  public KafkaPublicationProperties {
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("exam.kafka.topic must name a topic");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("exam.kafka.partitions must be at least 1");
    }
    if (replicationFactor < 0) {
      throw new IllegalArgumentException("exam.kafka.replication-factor must be 0 or more");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("exam.kafka.batch-size must be at least 1");
    }
  }
}
