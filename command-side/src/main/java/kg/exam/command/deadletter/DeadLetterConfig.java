package kg.exam.command.deadletter;

import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;

/**
 * Every command-side tracking processor that acts on sittings runs with a dead-letter queue (Axon's
 * {@link JdbcSequencedDeadLetterQueue}, table {@code deadletterentry}): an event its handler fails
 * on is parked with the later events of its sequence (the sitting, or the exam of a key amendment),
 * and every other sitting flows on. One poison sitting can no longer hold scoring or sealing for
 * the whole country. {@link DeadLetterRetry} retries parked sequences; {@code /api/dead-letters}
 * shows them and retries on demand; the health endpoint counts them.
 *
 * <p>Kafka publication has none on purpose: it must publish every event in order, and a failure
 * there is Kafka being away, which it waits out.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfig {
  /** The processing groups with a dead-letter queue. */
  static final List<String> GROUPS = List.of("sitting-scoring", "sitting-sealing");

  /** Parked sequences a queue may hold before refusing more: a national cohort's sittings. */
  static final int MAX_SEQUENCES = 2_000_000;

  @Autowired
  void configure(
      EventProcessingConfigurer processing,
      ConnectionProvider connections,
      TransactionManager transactions,
      Serializer serializer,
      @Qualifier("eventSerializer") Serializer eventSerializer) {
    for (String group : GROUPS) {
      processing.registerDeadLetterQueue(
          group,
          c ->
              JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                  .processingGroup(group)
                  .connectionProvider(connections)
                  .transactionManager(transactions)
                  .genericSerializer(serializer)
                  .eventSerializer(eventSerializer)
                  .maxSequences(MAX_SEQUENCES)
                  .build());
      // the queue is asked about every handled event's sequence; remember the ones it does not hold
      processing.registerDeadLetteringEventHandlerInvokerConfiguration(
          group, (c, builder) -> builder.enableSequenceIdentifierCache());
    }
  }
}
