package kg.exam.query.consumer;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The consumer's settings ({@code exam.kafka.*}); the broker is {@code
 * spring.kafka.bootstrap-servers}.
 *
 * @param topic the events topic the command side publishes to
 * @param deadLetterTopic where poison records go, with the reason in headers
 * @param groupId the consumer group every query-side instance joins; partitions are shared among
 *     its members, so instances × concurrency up to the partition count work in parallel
 * @param concurrency consumer threads in this instance
 * @param maxPollRecords most records per poll (and per projection transaction)
 * @param replicationFactor replication of the dead-letter topic when this app creates it
 * @param enabled false runs the query API without consuming (maintenance, tests)
 */
@ConfigurationProperties("exam.kafka")
public record KafkaSettings(
    @DefaultValue("exam.events") String topic,
    @DefaultValue("exam.events.dlt") String deadLetterTopic,
    @DefaultValue("query-side-projections") String groupId,
    @DefaultValue("2") int concurrency,
    @DefaultValue("500") int maxPollRecords,
    @DefaultValue("1") short replicationFactor,
    @DefaultValue("true") boolean enabled) {
  public KafkaSettings {
    if (concurrency < 1) {
      throw new IllegalArgumentException("exam.kafka.concurrency=" + concurrency + " must be >= 1");
    }
    if (maxPollRecords < 1) {
      throw new IllegalArgumentException(
          "exam.kafka.max-poll-records=" + maxPollRecords + " must be >= 1");
    }
  }
}
