package kg.exam.command.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.trust.ChainingEventStorageEngine;
import kg.exam.command.trust.TrustProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon without Axon Server: events, tokens and deadlines in PostgreSQL through the JDBC storage
 * engine, messages serialised as JSON by Jackson, deadlines persisted by db-scheduler.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

  /**
   * The server's clock. Aggregates never read a clock themselves: it reaches them as a parameter.
   */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Jackson 2 mapper for Axon's payloads and the command side's JSON columns (Spring MVC uses
   * Jackson 3).
   */
  @Bean
  @Qualifier("eventObjectMapper")
  ObjectMapper eventObjectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Bean
  @Primary
  Serializer serializer(@Qualifier("eventObjectMapper") ObjectMapper mapper) {
    return jackson(mapper);
  }

  @Bean
  @Qualifier("eventSerializer")
  Serializer eventSerializer(@Qualifier("eventObjectMapper") ObjectMapper mapper) {
    return jackson(mapper);
  }

  @Bean
  @Qualifier("messageSerializer")
  Serializer messageSerializer(@Qualifier("eventObjectMapper") ObjectMapper mapper) {
    return jackson(mapper);
  }

  private static Serializer jackson(ObjectMapper mapper) {
    return JacksonSerializer.builder().objectMapper(mapper).build();
  }

  // Axon 4.13's JdbcAutoConfiguration and TransactionAutoConfiguration are conditional on a
  // DataSource / PlatformTransactionManager bean but, under Spring Boot 4, are evaluated before
  // Boot's (relocated) JDBC auto-configuration, so they silently back off. The JDBC storage engine,
  // token store, saga store and transaction manager are therefore declared here explicitly.

  @Bean
  TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
    return new SpringTransactionManager(transactions);
  }

  @Bean
  ConnectionProvider axonConnectionProvider(DataSource dataSource) {
    return new UnitOfWorkAwareConnectionProviderWrapper(
        new SpringDataSourceConnectionProvider(dataSource));
  }

  /**
   * A unique violation (SQLState 23505) on the event table is another append that won: the command
   * is refused as a concurrent modification (409), which clients resend. Axon's
   * JdbcSQLErrorCodesResolver matched PostgreSQL's vendor error code, which its JDBC driver leaves
   * at 0 inside a batch, so two nodes appending to one stream at once gave a 500 instead
   * (TwoNodesApiTest).
   */
  @Bean
  PersistenceExceptionResolver persistenceExceptionResolver() {
    return new SQLStateResolver("23505");
  }

  /**
   * Axon's JDBC engine, wrapped so that every domain event is stored with its stream's chain hash
   * (not wrapped only while trust is off for a benchmark: {@link TrustProperties#enabled()}).
   */
  @Bean
  EventStorageEngine eventStorageEngine(
      TrustProperties trust,
      Serializer serializer,
      @Qualifier("eventSerializer") Serializer eventSerializer,
      PersistenceExceptionResolver exceptions,
      ConnectionProvider connections,
      TransactionManager transactions,
      JdbcTemplate jdbc,
      @Qualifier("eventObjectMapper") ObjectMapper mapper) {
    EventStorageEngine jdbcEngine =
        JdbcEventStorageEngine.builder()
            .snapshotSerializer(serializer)
            .eventSerializer(eventSerializer)
            .persistenceExceptionResolver(exceptions)
            .connectionProvider(connections)
            .transactionManager(transactions)
            .build();
    return ChainingEventStorageEngine.forSettings(trust, jdbcEngine, eventSerializer, jdbc, mapper);
  }

  /**
   * The sitting aggregates kept in memory between commands, handed out only while no other node has
   * appended to their stream (bean name used by {@code @Aggregate(cache = ...)}).
   */
  @Bean
  StreamValidatedCache sittingCache(
      EventStorageEngine storageEngine, AggregateCacheProperties properties) {
    return new StreamValidatedCache(properties.maxSittings(), storageEngine::lastSequenceNumberFor);
  }

  @Bean
  EmbeddedEventStore eventStore(EventStorageEngine storageEngine) {
    return EmbeddedEventStore.builder().storageEngine(storageEngine).build();
  }

  @Bean
  TokenStore tokenStore(ConnectionProvider connections, Serializer serializer) {
    return JdbcTokenStore.builder().connectionProvider(connections).serializer(serializer).build();
  }

  @Bean
  JdbcSagaStore sagaStore(ConnectionProvider connections, Serializer serializer) {
    return JdbcSagaStore.builder()
        .connectionProvider(connections)
        .sqlSchema(new PostgresSagaSqlSchema())
        .serializer(serializer)
        .build();
  }

  /** Routes every contract command to its aggregate by the id it names. */
  @Bean
  CommandTargetResolver contractCommandTargetResolver() {
    return new ContractCommandTargetResolver();
  }

  /**
   * db-scheduler over the same PostgreSQL: persistent deadlines, shared safely by several
   * instances.
   */
  @Bean
  Scheduler deadlineScheduler(
      DataSource dataSource, List<Task<?>> tasks, DeadlineSchedulerProperties properties) {
    // Through a transaction-aware proxy, scheduling and cancelling a deadline commit or roll back
    // with the events of the same command; a crash between them can no longer lose a deadline.
    // A failed deadline is retried within seconds (DeadlineTasks); a node that dies while running
    // one is declared dead after 4 missed heartbeats of 5 s, and the deadline runs elsewhere,
    // instead of after db-scheduler's default of 6 missed 5-minute heartbeats.
    return Scheduler.create(
            new TransactionAwareDataSourceProxy(dataSource), DeadlineTasks.retryingSoon(tasks))
        .pollingInterval(properties.pollingInterval())
        .threads(properties.threads())
        .heartbeatInterval(Duration.ofSeconds(5))
        .missedHeartbeatsLimit(4)
        .enableImmediateExecution()
        .shutdownMaxWait(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Phase in which the deadline scheduler stops on shutdown: after the web server (Spring Boot's
   * {@code Integer.MAX_VALUE - 1024} and {@code - 2048}) and before Axon's configuration, which
   * shuts its processors down at {@code Integer.MAX_VALUE - 3072} ({@code ShutdownOrderApiTest}).
   */
  static final int DEADLINE_SCHEDULER_STOP_PHASE = Integer.MAX_VALUE - 2560;

  /**
   * Stops the deadline scheduler (waiting up to 5 s for a deadline under way) before Axon's event
   * processors shut down. Stopped as a bean to destroy, it ran on after them: a deadline that fired
   * while the command side was stopping stored its {@code SittingTimedOut}, but the read tables'
   * subscribing processor had already left, so the {@code sitting} row stayed IN_PROGRESS (found by
   * the chaos run). The scheduler itself is started once the application is ready (below).
   */
  @Bean
  SmartLifecycle deadlineSchedulerStop(Scheduler deadlineScheduler) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        deadlineScheduler.stop();
        running = false;
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        return DEADLINE_SCHEDULER_STOP_PHASE;
      }
    };
  }

  @EventListener(ApplicationReadyEvent.class)
  void startDeadlineScheduler(ApplicationReadyEvent event) {
    // Started only when Axon is fully up, so an overdue deadline found at start-up can load its
    // sitting.
    event.getApplicationContext().getBean(Scheduler.class).start();
  }

  /**
   * The command side's own read tables fail the command when they fail, so they never drift from
   * the events.
   */
  @Autowired
  void configureProcessors(EventProcessingConfigurer processing) {
    processing.registerListenerInvocationErrorHandler(
        PublishedExams.GROUP, c -> PropagatingErrorHandler.instance());
    // Scoring must never skip a sitting: a failure propagates to the dead-letter queue, which parks
    // the sitting's events (kg.exam.command.deadletter), instead of logging and moving on.
    processing.registerListenerInvocationErrorHandler(
        "sitting-scoring", c -> PropagatingErrorHandler.instance());
    processing.registerSubscribingEventProcessor(PublishedExams.GROUP);
  }
}
