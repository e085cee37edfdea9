package kg.exam.query.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends poison records to the dead-letter topic: same key, value and headers as the original, plus
 * {@code dlt-reason} (a stable code, see {@link kg.exam.query.projection.PoisonEvent}), {@code
 * dlt-detail}, {@code dlt-original-topic}, {@code dlt-original-partition}, {@code
 * dlt-original-offset}, {@code dlt-consumer-group} and {@code dlt-at}. A send is acknowledged by
 * every in-sync replica before the original's offset is committed, so no record is lost between the
 * two topics. Thread-safe (the producer is).
 */
@Component
class DeadLetters implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
  private static final int MAX_DETAIL = 500;

  private final KafkaSettings settings;
  private final String bootstrapServers;
  private Producer<byte[], byte[]> producer;

  DeadLetters(
      KafkaSettings settings,
      @Value("${spring.kafka.bootstrap-servers:localhost:9092}") String bootstrapServers) {
    this.settings = settings;
    this.bootstrapServers = bootstrapServers;
  }

  void send(ConsumerRecord<byte[], byte[]> original, String reason, String detail) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(settings.deadLetterTopic(), null, original.key(), original.value());
    for (Header h : original.headers()) {
      record.headers().add(h);
    }
    String shortDetail =
        detail == null
            ? ""
            : detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    record
        .headers()
        .add("dlt-reason", utf8(reason))
        .add("dlt-detail", utf8(shortDetail))
        .add("dlt-original-topic", utf8(original.topic()))
        .add("dlt-original-partition", utf8(Integer.toString(original.partition())))
        .add("dlt-original-offset", utf8(Long.toString(original.offset())))
        .add("dlt-consumer-group", utf8(settings.groupId()))
        .add("dlt-at", utf8(Instant.now().toString()));
    try {
      producer().send(record).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientFailure("interrupted while dead-lettering", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new TransientFailure("cannot write to " + settings.deadLetterTopic(), e);
    }
    // The reason and position only: the payload is not logged.
    log.warn(
        "Dead-lettered {}-{}@{} ({}): {}",
        original.topic(),
        original.partition(),
        original.offset(),
        reason,
        shortDetail);
  }

  private synchronized Producer<byte[], byte[]> producer() {
    if (producer == null) {
      Properties p = new Properties();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "query-side-dead-letters");
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 45_000);
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
      producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  @Override
  public synchronized void destroy() {
    if (producer != null) {
      producer.close(java.time.Duration.ofSeconds(5));
      producer = null;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
