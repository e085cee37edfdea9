package kg.exam.benchmarks.command;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.SittingStarted;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.SimpleEntityManagerProvider;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.eventsourcing.eventstore.jpa.DomainEventEntry;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SnapshotEventEntry;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.PostgreSQLDialect;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.tool.schema.Action;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BinaryJdbcType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Axon's JDBC against its JPA event storage engine on answer recording as the command side does it:
 * per operation, in one committed transaction, the sitting's snapshot is looked up and its event
 * stream read and deserialised (the aggregate being loaded), then one {@link AnswerRecorded} is
 * appended with the next sequence number.
 *
 * <p>Each trial starts its own embedded PostgreSQL 17 (zonky, the same binaries and defaults as the
 * application's embedded mode, which include {@code synchronous_commit=off}) and fills {@link
 * #sittings} streams of a registration, a start and 40 to 80 answers (about 62 events each, 62,000
 * rows for 1,000 sittings). Every iteration starts from that same store: the answers appended by
 * the previous iteration are deleted, so streams stay 40 to 80 answers long whichever engine is
 * faster.
 *
 * <p>Engines:
 *
 * <ul>
 *   <li>{@code JDBC}: {@link JdbcEventStorageEngine} over the project's Flyway schema, as the
 *       command side runs it ({@code bytea} payloads, {@code BIGSERIAL} global index).
 *   <li>{@code JPA}: {@link JpaEventStorageEngine} with Axon's entities exactly as shipped, schema
 *       by Hibernate: on PostgreSQL Hibernate maps their {@code @Lob byte[]} to {@code oid} large
 *       objects, and the global index to a pooled sequence.
 *   <li>{@code JPA_BYTEA}: the same, with the dialect AxonIQ recommends for PostgreSQL that keeps
 *       payloads in {@code bytea} columns ({@link ByteaEnforcedPostgreSQLDialect}).
 * </ul>
 *
 * <p>Serialiser as in the command side's {@code AxonConfig}: Jackson 2 with {@link JavaTimeModule}.
 * One benchmark thread: this measures the cost of one answer, not contention (the load run does).
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 5, timeUnit = TimeUnit.SECONDS)
@Threads(1)
@Timeout(time = 2, timeUnit = TimeUnit.MINUTES)
public class EventStorageEngineBenchmark {
  private static final String AGGREGATE_TYPE = "Sitting";
  private static final int MIN_ANSWERS = 40;
  private static final int MAX_ANSWERS = 80;
  private static final int ITEMS = 60;
  private static final String[] CHOICES = {"A", "B", "C", "D"};

  public enum Engine {
    JDBC,
    JPA,
    JPA_BYTEA
  }

  @Param({"JDBC", "JPA", "JPA_BYTEA"})
  Engine engine;

  /** Sittings answered round-robin; each holds 42 to 82 events. */
  @Param({"1000"})
  int sittings;

  private EmbeddedPostgres postgres;
  private HikariDataSource dataSource;
  private EntityManagerFactory entityManagerFactory;
  private EventStorageEngine storage;
  private TransactionTemplate transactions;
  private String[] sittingIds;
  private long prefilledGlobalIndex;
  private int cursor;

  @Setup(Level.Trial)
  public void startDatabaseAndFillStreams() throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    postgres = EmbeddedPostgres.builder().start();
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
    pool.setUsername("postgres");
    pool.setMaximumPoolSize(4);
    dataSource = new HikariDataSource(pool);

    Serializer serializer = JacksonSerializer.builder().objectMapper(eventObjectMapper()).build();
    PersistenceExceptionResolver exceptions = new JdbcSQLErrorCodesResolver();
    PlatformTransactionManager springTransactions;
    if (engine == Engine.JDBC) {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
      springTransactions = new DataSourceTransactionManager(dataSource);
      storage =
          JdbcEventStorageEngine.builder()
              .snapshotSerializer(serializer)
              .eventSerializer(serializer)
              .persistenceExceptionResolver(exceptions)
              .connectionProvider(new SpringDataSourceConnectionProvider(dataSource))
              .transactionManager(new SpringTransactionManager(springTransactions))
              .build();
    } else {
      HibernatePersistenceConfiguration jpa =
          new HibernatePersistenceConfiguration("event-store")
              .managedClasses(DomainEventEntry.class, SnapshotEventEntry.class)
              .property("jakarta.persistence.nonJtaDataSource", dataSource)
              .schemaToolingAction(Action.CREATE);
      if (engine == Engine.JPA_BYTEA) {
        jpa.property("hibernate.dialect", ByteaEnforcedPostgreSQLDialect.class.getName());
      }
      entityManagerFactory = jpa.createEntityManagerFactory();
      springTransactions = new JpaTransactionManager(entityManagerFactory);
      storage =
          JpaEventStorageEngine.builder()
              .snapshotSerializer(serializer)
              .eventSerializer(serializer)
              .persistenceExceptionResolver(exceptions)
              .entityManagerProvider(
                  new SimpleEntityManagerProvider(
                      SharedEntityManagerCreator.createSharedEntityManager(entityManagerFactory)))
              .transactionManager(new SpringTransactionManager(springTransactions))
              .build();
    }
    transactions = new TransactionTemplate(springTransactions);

    long started = System.nanoTime();
    SplittableRandom random = new SplittableRandom(20_260_601L);
    sittingIds = new String[sittings];
    long events = 0;
    for (int i = 0; i < sittings; i++) {
      sittingIds[i] =
          "sitting-"
              + UUID.nameUUIDFromBytes(
                  ("bench-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      List<EventMessage<?>> stream =
          prefilledStream(
              sittingIds[i],
              i,
              MIN_ANSWERS + random.nextInt(MAX_ANSWERS - MIN_ANSWERS + 1),
              random);
      transactions.executeWithoutResult(status -> storage.appendEvents(stream));
      events += stream.size();
    }
    prefilledGlobalIndex = queryLong("SELECT max(globalindex) FROM domainevententry");
    execute("ANALYZE");
    System.out.printf(
        "%n[setup] engine=%s sittings=%d events=%d prefilled in %d ms, payload column type=%s, indexes=%s%n",
        engine,
        sittings,
        events,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        queryString(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'domainevententry' AND column_name = 'payload'"),
        queryString(
            "SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = 'domainevententry'"));
  }

  /** Every iteration starts from the pre-filled store: answers appended since are deleted. */
  @Setup(Level.Iteration)
  public void resetToPrefilledStreams() throws SQLException {
    execute("DELETE FROM domainevententry WHERE globalindex > " + prefilledGlobalIndex);
    cursor = 0;
  }

  @TearDown(Level.Trial)
  public void stopDatabase() throws Exception {
    if (entityManagerFactory != null) {
      entityManagerFactory.close();
    }
    dataSource.close();
    postgres.close();
  }

  /** Answers recorded per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public long recordAnswerThroughput() {
    return recordAnswer();
  }

  /** Time to record one answer, in microseconds. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long recordAnswerAverageTime() {
    return recordAnswer();
  }

  /** Loads the sitting's stream and appends one answer; returns the appended sequence number. */
  private long recordAnswer() {
    int index = cursor;
    cursor = (cursor + 1) % sittings;
    String sittingId = sittingIds[index];
    Long appended =
        transactions.execute(
            status -> {
              storage.readSnapshot(sittingId);
              DomainEventStream stream = storage.readEvents(sittingId, 0);
              long last = -1;
              while (stream.hasNext()) {
                DomainEventMessage<?> event = stream.next();
                event.getPayload();
                last = event.getSequenceNumber();
              }
              long next = last + 1;
              Instant now = Instant.now();
              AnswerRecorded answer =
                  new AnswerRecorded(
                      sittingId,
                      "q" + (1 + next % ITEMS),
                      List.of(CHOICES[(int) (next & 3)]),
                      next,
                      now.minusMillis(40),
                      now);
              storage.appendEvents(
                  new GenericDomainEventMessage<>(
                      AGGREGATE_TYPE, sittingId, next, answer, metaData()));
              return next;
            });
    return appended;
  }

  private static List<EventMessage<?>> prefilledStream(
      String sittingId, int index, int answers, SplittableRandom random) {
    Instant startedAt = Instant.parse("2026-06-01T04:00:00Z").plusSeconds(index % 600);
    List<String> itemIds = new ArrayList<>(ITEMS);
    for (int i = 1; i <= ITEMS; i++) {
      itemIds.add("q" + i);
    }
    List<EventMessage<?>> events = new ArrayList<>(answers + 2);
    events.add(
        event(
            sittingId,
            0,
            new CandidateRegistered(
                sittingId,
                "session-bench",
                "exam-bench",
                1,
                "centre-" + index % 20,
                "C-" + index,
                new CandidateProfile(
                    "OSH_OBLAST", "kara-suu", "school-" + index % 50, "RURAL", "ky", "F", 9),
                0,
                "admin")));
    events.add(
        event(
            sittingId,
            1,
            new SittingStarted(
                sittingId,
                startedAt,
                startedAt.plus(Duration.ofMinutes(90)),
                Duration.ofMinutes(90).toMillis(),
                itemIds)));
    for (int a = 0; a < answers; a++) {
      long seq = 2 + a;
      Instant at = startedAt.plusSeconds(20L * (a + 1));
      List<String> response =
          random.nextInt(10) == 0
              ? List.of("Үч бурчтуктун ички бурчтарынын суммасы 180 градуска барабар, анткени " + a)
              : List.of(CHOICES[random.nextInt(CHOICES.length)]);
      events.add(
          event(
              sittingId,
              seq,
              new AnswerRecorded(
                  sittingId,
                  "q" + (1 + random.nextInt(ITEMS)),
                  response,
                  a + 1L,
                  at.minusMillis(300),
                  at)));
    }
    return events;
  }

  private static EventMessage<?> event(String sittingId, long seq, Object payload) {
    return new GenericDomainEventMessage<>(AGGREGATE_TYPE, sittingId, seq, payload, metaData());
  }

  /** What Axon's default correlation data providers put on every event the command side applies. */
  private static Map<String, String> metaData() {
    String origin = UUID.randomUUID().toString();
    return Map.of("correlationId", origin, "traceId", origin);
  }

  /** The command side's {@code eventObjectMapper}. */
  private static ObjectMapper eventObjectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private long queryLong(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private String queryString(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : "?";
    }
  }

  /**
   * PostgreSQL dialect that stores {@code @Lob byte[]} as {@code bytea} instead of {@code oid}
   * large objects, as AxonIQ's reference guide recommends for the JPA storage engine on PostgreSQL.
   */
  public static final class ByteaEnforcedPostgreSQLDialect extends PostgreSQLDialect {
    public ByteaEnforcedPostgreSQLDialect() {
      super();
    }

    @Override
    protected String columnType(int sqlTypeCode) {
      return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.columnType(sqlTypeCode);
    }

    @Override
    protected String castType(int sqlTypeCode) {
      return sqlTypeCode == SqlTypes.BLOB ? "bytea" : super.castType(sqlTypeCode);
    }

    @Override
    public void contributeTypes(
        TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
      super.contributeTypes(typeContributions, serviceRegistry);
      typeContributions
          .getTypeConfiguration()
          .getJdbcTypeRegistry()
          .addDescriptor(Types.BLOB, BinaryJdbcType.INSTANCE);
    }
  }
}
