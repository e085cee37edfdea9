package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.command.kafka.EventRecords;
import kg.exam.command.kafka.KafkaEventPublisher;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.command.trust.ChainingEventStorageEngine;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.sitting.SittingSubmitted;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every stored event reaches Kafka: the command side runs against a real in-process broker, a demo
 * sitting is driven over HTTP, and a plain consumer reads the topic back and compares it with the
 * event store row by row. The broker is then stopped in the middle of a sitting and started again
 * over the same data directory and port.
 */
class KafkaPublicationApiTest {
  private static final String TOPIC = "exam.events";
  private static final String PASSWORD = secret(18);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static EmbeddedKafka kafka;
  private static ConfigurableApplicationContext app;
  private static Api api;
  private static JdbcTemplate jdbc;
  private static String admin;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", TestDatabase.jdbcUrl("kafka_publication_test"));
    properties.put("spring.datasource.username", "postgres");
    properties.put("spring.datasource.password", "");
    properties.put("exam.security.token-secret", secret(32));
    properties.put("server.port", "0");
    properties.put("exam.kafka.enabled", "true");
    properties.put("exam.kafka.partitions", "3");
    properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    // Give a batch up quickly while the broker is away, so the outage test sees retries soon.
    properties.put("spring.kafka.properties.max.block.ms", "2000");
    properties.put("spring.kafka.properties.request.timeout.ms", "2000");
    properties.put("spring.kafka.properties.delivery.timeout.ms", "4000");
    app =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    jdbc = app.getBean(JdbcTemplate.class);
    app.getBean(StaffAccounts.class).create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
    admin = Api.basic("admin", PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
  }

  @Test
  void everyEventOfADemoSittingArrivesKeyedByItsAggregateWithTheStoredPayloadAndHeadersInOrder()
      throws Exception {
    Sitting s = startedSitting();
    assertThat(answer(s, "q1", 1, "B")).isEqualTo(200);
    assertThat(answer(s, "q2", 2, "A", "C")).isEqualTo(200);
    assertThat(api.post(s.path() + "/submit", s.auth(), null).status()).isEqualTo(200);
    awaitStored(s.sittingId(), SittingSealed.class);

    List<String> streams = List.of(s.examId(), s.sessionId(), s.sittingId());
    try (TopicReader topic = new TopicReader()) {
      Map<String, List<Stored>> stored = awaitPublished(topic, streams);
      assertThat(topic.partitionCount()).isEqualTo(3);
      for (String stream : streams) {
        List<ConsumerRecord<String, byte[]>> records = topic.recordsOf(stream);
        List<Stored> rows = stored.get(stream);
        // a run without failures publishes each event once, in stream order, in one partition
        assertThat(records).hasSameSizeAs(rows);
        assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSize(1);
        for (int i = 0; i < rows.size(); i++) {
          ConsumerRecord<String, byte[]> record = records.get(i);
          Stored row = rows.get(i);
          assertThat(record.key()).isEqualTo(stream);
          assertThat(record.value()).isEqualTo(row.payload());
          assertThat(header(record, EventRecords.EVENT_ID)).isEqualTo(row.eventId());
          assertThat(header(record, EventRecords.EVENT_TYPE)).isEqualTo(row.payloadType());
          assertThat(header(record, EventRecords.EVENT_REVISION))
              .isEqualTo(row.revision() == null ? "" : row.revision());
          assertThat(header(record, EventRecords.AGGREGATE_ID)).isEqualTo(stream);
          assertThat(header(record, EventRecords.AGGREGATE_TYPE)).isEqualTo(row.aggregateType());
          assertThat(header(record, EventRecords.SEQUENCE_NUMBER)).isEqualTo(String.valueOf(i));
          assertThat(header(record, EventRecords.GLOBAL_INDEX))
              .isEqualTo(String.valueOf(row.globalIndex()));
          assertThat(Instant.parse(header(record, EventRecords.TIMESTAMP)))
              .isEqualTo(row.timestamp());
          assertThat(header(record, EventRecords.CHAIN_HASH))
              .isEqualTo(row.chainHash())
              .matches("[0-9a-f]{64}");
        }
      }
      assertThat(topic.recordsOf(s.sittingId()))
          .extracting(r -> header(r, EventRecords.EVENT_TYPE))
          .contains(
              AnswerRecorded.class.getName(),
              SittingSubmitted.class.getName(),
              SittingSealed.class.getName());
    }
  }

  @Test
  void answersRecordedWhileKafkaIsDownAreAllPublishedOnceItIsBackInStreamOrder() throws Exception {
    Sitting s = startedSitting();
    assertThat(answer(s, "q1", 1, "A")).isEqualTo(200);
    List<String> streams = List.of(s.examId(), s.sessionId(), s.sittingId());
    try (TopicReader topic = new TopicReader()) {
      awaitPublished(topic, streams);
    }
    KafkaEventPublisher publisher = app.getBean(KafkaEventPublisher.class);
    long failuresBefore = publisher.failedBatches();
    int port = kafka.port();
    kafka.stop();

    long firstUnpublished = -1;
    for (int seq = 2; seq <= 11; seq++) {
      assertThat(answer(s, "q1", seq, seq % 2 == 0 ? "B" : "C")).isEqualTo(200);
      if (firstUnpublished < 0) {
        firstUnpublished = lastGlobalIndex(s.sittingId());
      }
    }
    // the processor tried, Kafka did not acknowledge, and the token stayed before those events
    await().atMost(Duration.ofSeconds(60)).until(() -> publisher.failedBatches() > failuresBefore);
    assertThat(publishedPosition()).isLessThan(firstUnpublished);
    // the command side goes on: the sitting is handed in, scored and sealed without Kafka
    assertThat(api.post(s.path() + "/submit", s.auth(), null).status()).isEqualTo(200);
    awaitStored(s.sittingId(), SittingSealed.class);
    assertThat(publishedPosition()).isLessThan(firstUnpublished);

    kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);

    try (TopicReader topic = new TopicReader()) {
      Map<String, List<Stored>> stored = awaitPublished(topic, streams);
      int duplicates = 0;
      for (String stream : streams) {
        // a consumer that skips what it has applied (sequence <= last applied) sees the stream
        // exactly, in order
        long last = -1;
        for (ConsumerRecord<String, byte[]> record : topic.recordsOf(stream)) {
          long sequence = Long.parseLong(header(record, EventRecords.SEQUENCE_NUMBER));
          if (sequence <= last) {
            duplicates++;
            assertThat(header(record, EventRecords.EVENT_ID))
                .isEqualTo(stored.get(stream).get((int) sequence).eventId());
            continue;
          }
          assertThat(sequence).as("next event of " + stream).isEqualTo(last + 1);
          last = sequence;
        }
        assertThat(last).isEqualTo(stored.get(stream).size() - 1);
      }
      System.out.println(
          "Kafka outage: "
              + stored.values().stream().mapToInt(List::size).sum()
              + " events, "
              + duplicates
              + " published twice, "
              + (publisher.failedBatches() - failuresBefore)
              + " failed batches retried");
      assertThat(topic.recordsOf(s.sittingId()))
          .filteredOn(
              r -> header(r, EventRecords.EVENT_TYPE).equals(AnswerRecorded.class.getName()))
          .extracting(r -> header(r, EventRecords.EVENT_ID))
          .containsAll(
              stored.get(s.sittingId()).stream()
                  .filter(row -> row.payloadType().equals(AnswerRecorded.class.getName()))
                  .map(Stored::eventId)
                  .toList());
    }
  }

  // --- the sitting -----------------------------------------------------------------------------

  record Sitting(String examId, String sessionId, String sittingId, String auth) {
    String path() {
      return "/api/sittings/" + sittingId;
    }
  }

  private static Sitting startedSitting() {
    String examId = "exam-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(
            api.post("/api/exams", admin, Map.of("examId", examId, "content", DemoExam.content()))
                .status())
        .isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin, null).status()).isEqualTo(201);
    String sessionId = "session-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("sessionId", sessionId);
    session.put("examId", examId);
    session.put("examVersion", 1);
    session.put("centreId", "centre-a");
    session.put("schoolId", "school-a");
    session.put("opensAt", Instant.now().minus(Duration.ofHours(1)).toString());
    session.put("closesAt", Instant.now().plus(Duration.ofDays(1)).toString());
    assertThat(api.post("/api/sessions", admin, session).status()).isEqualTo(201);
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("candidateId", "C-" + UUID.randomUUID().toString().substring(0, 8));
    registration.put("region", "CHUI_OBLAST");
    registration.put("district", "sokuluk");
    registration.put("schoolId", "school-a");
    registration.put("locality", "URBAN");
    registration.put("instructionLanguage", "ky");
    registration.put("gender", "M");
    registration.put("grade", 9);
    registration.put("extraTimePercent", 0);
    Api.Response slip =
        api.post("/api/sessions/" + sessionId + "/registrations", admin, registration);
    assertThat(slip.status()).isEqualTo(201);
    String sittingId = slip.body().get("sittingId").asString();
    Api.Response signIn =
        api.post(
            "/api/candidate/sign-in",
            null,
            Map.of(
                "candidateCode",
                slip.body().get("candidateCode").asString(),
                "pin",
                slip.body().get("pin").asString()));
    assertThat(signIn.status()).isEqualTo(200);
    String auth = Api.bearer(signIn.body().get("token").asString());
    assertThat(api.post("/api/sittings/" + sittingId + "/start", auth, null).status())
        .isEqualTo(200);
    return new Sitting(examId, sessionId, sittingId, auth);
  }

  private static int answer(Sitting s, String itemId, long clientSeq, String... values) {
    return api.post(
            s.path() + "/answers",
            s.auth(),
            Map.of(
                "itemId",
                itemId,
                "response",
                List.of(values),
                "clientSeq",
                clientSeq,
                "clientTimestamp",
                Instant.now().toString()))
        .status();
  }

  // --- the event store -------------------------------------------------------------------------

  record Stored(
      long globalIndex,
      String eventId,
      String aggregateType,
      long sequence,
      Instant timestamp,
      String payloadType,
      String revision,
      byte[] payload,
      String chainHash) {}

  private static List<Stored> storedEvents(String stream) {
    return jdbc.query(
        "SELECT globalindex, eventidentifier, type, sequencenumber, timestamp, payloadtype,"
            + " payloadrevision, payload, metadata FROM domainevententry"
            + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
        (rs, i) -> {
          String chainHash;
          try {
            chainHash =
                JSON.readTree(rs.getBytes("metadata"))
                    .get(ChainingEventStorageEngine.HASH_KEY)
                    .asText();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          return new Stored(
              rs.getLong("globalindex"),
              rs.getString("eventidentifier"),
              rs.getString("type"),
              rs.getLong("sequencenumber"),
              Instant.parse(rs.getString("timestamp")),
              rs.getString("payloadtype"),
              rs.getString("payloadrevision"),
              rs.getBytes("payload"),
              chainHash);
        },
        stream);
  }

  private static void awaitStored(String sittingId, Class<?> type) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                storedEvents(sittingId).stream()
                    .anyMatch(row -> row.payloadType().equals(type.getName())));
  }

  private static long lastGlobalIndex(String stream) {
    Long index =
        jdbc.queryForObject(
            "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?",
            Long.class,
            stream);
    return index == null ? -1 : index;
  }

  /** The global index up to which the publication processor's stored token says it is done. */
  private static long publishedPosition() {
    Serializer serializer = app.getBean(Serializer.class);
    return jdbc
        .query(
            "SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
            (rs, i) -> {
              byte[] token = rs.getBytes("token");
              if (token == null) {
                return -1L;
              }
              TrackingToken tracking =
                  serializer.deserialize(
                      new SimpleSerializedObject<>(
                          token, byte[].class, rs.getString("tokentype"), null));
              return tracking.position().orElse(-1);
            },
            KafkaEventPublisher.GROUP)
        .stream()
        .mapToLong(Long::longValue)
        .max()
        .orElse(-1);
  }

  /** Waits until every stored event of the streams is on the topic; returns the stored events. */
  private static Map<String, List<Stored>> awaitPublished(TopicReader topic, List<String> streams) {
    Map<String, List<Stored>> stored = new HashMap<>();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              topic.poll();
              for (String stream : streams) {
                List<Stored> rows = storedEvents(stream);
                stored.put(stream, rows);
                Set<String> published =
                    topic.recordsOf(stream).stream()
                        .map(r -> header(r, EventRecords.EVENT_ID))
                        .collect(Collectors.toSet());
                if (!published.containsAll(rows.stream().map(Stored::eventId).toList())) {
                  return false;
                }
              }
              return true;
            });
    return stored;
  }

  // --- the topic -------------------------------------------------------------------------------

  /** Reads the whole topic from the beginning, every partition, in offset order. */
  private static final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    private final int partitions;

    TopicReader() {
      consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                  "false"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30));
      List<TopicPartition> assigned =
          infos.stream().map(p -> new TopicPartition(TOPIC, p.partition())).toList();
      partitions = assigned.size();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
    }

    void poll() {
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
    }

    int partitionCount() {
      return partitions;
    }

    /** The records of one key, in offset order (one key is always in one partition). */
    List<ConsumerRecord<String, byte[]>> recordsOf(String key) {
      return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String secret(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
