package kg.exam.command.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process KRaft node: a working broker whose data survives a restart. */
class EmbeddedKafkaTest {

  @TempDir Path dir;

  @Test
  void recordsAcknowledgedBeforeAStopAreThereAfterARestartOverTheSameDirectoryAndPort()
      throws Exception {
    Path data = dir.resolve("kafka");
    EmbeddedKafka kafka = EmbeddedKafka.start(data);
    int port = kafka.port();
    try {
      assertThat(Files.exists(data.resolve("meta.properties"))).isTrue();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin.createTopics(Set.of(new NewTopic("t", 3, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(kafka)) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("t", "key-" + (i % 2), "v" + i)).get();
        }
      }
      assertThat(readAll(kafka, 10)).hasSize(10);
    } finally {
      kafka.stop();
    }
    assertThat(kafka.running()).isFalse();
    kafka.stop(); // a second stop does nothing

    EmbeddedKafka again = EmbeddedKafka.start(data, port);
    try {
      assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      List<ConsumerRecord<String, String>> records = readAll(again, 10);
      assertThat(records)
          .filteredOn(r -> r.key().equals("key-1"))
          .extracting(ConsumerRecord::value)
          .containsExactly("v1", "v3", "v5", "v7", "v9");
      assertThat(records).hasSize(10);
    } finally {
      again.stop();
    }
  }

  @Test
  void aTakenPortIsRefusedWithTheReason() {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("a"));
    try {
      assertThatThrownBy(() -> EmbeddedKafka.start(dir.resolve("b"), kafka.port()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(String.valueOf(kafka.port()));
    } finally {
      kafka.stop();
    }
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static List<ConsumerRecord<String, String>> readAll(EmbeddedKafka kafka, int expected) {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> partitions =
          List.of(
              new TopicPartition("t", 0), new TopicPartition("t", 1), new TopicPartition("t", 2));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < expected && System.nanoTime() < until) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
