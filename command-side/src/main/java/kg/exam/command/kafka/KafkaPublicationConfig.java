package kg.exam.command.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Publication of the event store to Kafka, on unless {@code exam.kafka.enabled=false}. The cluster
 * is {@code spring.kafka.bootstrap-servers}; {@code spring.kafka.properties.*} (e.g. {@code
 * security.protocol}, {@code sasl.jaas.config}, {@code ssl.truststore.location}) go to the producer
 * and the admin client as they are.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "exam.kafka.enabled", havingValue = "true", matchIfMissing = true)
class KafkaPublicationConfig {
  private static final Logger log = LoggerFactory.getLogger(KafkaPublicationConfig.class);
  private static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  /** Connection settings shared by the producer and the admin client. */
  @Bean
  KafkaConnection kafkaConnection(Environment env) {
    Binder binder = Binder.get(env);
    List<String> servers =
        binder
            .bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
            .orElse(List.of());
    if (servers.isEmpty()) {
      log.warn(
          "spring.kafka.bootstrap-servers is not set: publishing events to {} (Kafka's default)."
              + " Set it, or exam.kafka.enabled=false to publish nothing.",
          DEFAULT_BOOTSTRAP);
      servers = List.of(DEFAULT_BOOTSTRAP);
    }
    Map<String, String> extra =
        binder
            .bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    return new KafkaConnection(String.join(",", servers), extra);
  }

  @Bean
  TopicSetup kafkaTopicSetup(KafkaPublicationProperties properties, KafkaConnection connection) {
    return new TopicSetup(properties, connection::admin);
  }

  @Bean(destroyMethod = "close")
  KafkaEventPublisher kafkaEventPublisher(
      KafkaPublicationProperties properties,
      KafkaConnection connection,
      TopicSetup topic,
      @Qualifier("eventSerializer") Serializer eventSerializer) {
    return new KafkaEventPublisher(
        new EventRecords(properties.topic(), eventSerializer), connection::producer, topic);
  }

  /** The topic is made at start-up when Kafka is there; otherwise before the first publication. */
  @Bean
  SmartInitializingSingleton kafkaTopicAtStartup(TopicSetup topic) {
    return () -> {
      try {
        topic.ensure();
      } catch (KafkaEventPublisher.KafkaUnavailable e) {
        log.warn("{}: publication retries until Kafka is reachable", e.getMessage());
      }
    };
  }

  /**
   * A tracking processor over the event store, its token in the database: a failed batch is retried
   * (with back-off) from the stored token, never skipped.
   */
  @Autowired
  void configureProcessor(
      EventProcessingConfigurer processing, KafkaPublicationProperties properties) {
    processing.registerTrackingEventProcessor(
        KafkaEventPublisher.GROUP,
        org.axonframework.config.Configuration::eventStore,
        c ->
            TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                .andBatchSize(properties.batchSize()));
    processing.registerListenerInvocationErrorHandler(
        KafkaEventPublisher.GROUP, c -> PropagatingErrorHandler.instance());
  }

  /** Where the cluster is and how to reach it. */
  record KafkaConnection(String bootstrapServers, Map<String, String> extra) {
    private Map<String, Object> common(String clientId) {
      Map<String, Object> settings = new HashMap<>(extra);
      settings.put("bootstrap.servers", bootstrapServers);
      settings.put("client.id", clientId);
      return settings;
    }

    KafkaProducer<String, byte[]> producer() {
      Map<String, Object> settings = new HashMap<>(KafkaEventPublisher.PRODUCER_DEFAULTS);
      settings.putAll(common("exam-command-side-publication"));
      settings.putAll(KafkaEventPublisher.PRODUCER_GUARANTEES);
      return new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer());
    }

    /** Without the settings: they may hold credentials. */
    @Override
    public String toString() {
      return "KafkaConnection[" + bootstrapServers + "]";
    }

    Admin admin() {
      Map<String, Object> settings = new HashMap<>();
      settings.put("request.timeout.ms", "5000");
      settings.put("default.api.timeout.ms", "10000");
      settings.putAll(common("exam-command-side-topic-setup"));
      return Admin.create(settings);
    }
  }
}
