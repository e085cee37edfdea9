package kg.exam.benchmarks.projection;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.command.kafka.EventRecords;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamCreated;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A rebuild of the query side's projections from millions of events, timed: the topic is filled
 * with a national session's events (records exactly as the command side publishes them, built by
 * its {@link EventRecords}), then the query side starts on an empty database and replays the topic
 * from its start into every projection, which is what {@code POST /api/projections/rebuild} does
 * after emptying them. Reports events/s over the whole replay and per interval (does it slow down
 * as the tables grow?).
 *
 * <p>Each sitting has 65 events, as on exam day: registered, started, 60 autosaved answers,
 * submitted, scored, sealed; sittings are interleaved 1,000 at a time, as candidates sit at once,
 * across 7 regions, 70 districts and 2,000 schools. Usage: {@code RebuildRun RESULTS.md [--events
 * 10000000]}
 */
public final class RebuildRun {
  static final String START_MARKER =
      "<!-- rebuild: start (benchmarks/run rebuild rewrites this block) -->";
  static final String END_MARKER = "<!-- rebuild: end -->";
  private static final String TOPIC = "exam.events";
  private static final int PARTITIONS = 12;
  private static final int EVENTS_PER_SITTING = 65;
  private static final int ANSWERS = 60;
  private static final int INTERLEAVED = 1_000;
  private static final String EXAM = "rebuild-exam";
  private static final String SESSION = "rebuild-national-session";
  private static final String[] REGIONS = {
    "CHUY", "OSH", "JALAL-ABAD", "ISSYK-KUL", "NARYN", "TALAS", "BATKEN"
  };

  private RebuildRun() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    long events = 10_000_000;
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (args[i].equals("--events")) {
        events = Long.parseLong(args[i + 1]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String loadBefore = ResultsBlock.loadAverage();
    Path kafkaDir = Files.createTempDirectory("rebuild-run-kafka");
    String report;
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .createTopics(List.of(new NewTopic(TOPIC, Optional.of(PARTITIONS), Optional.empty())))
            .all()
            .get();
      }
      System.out.printf("producing %,d events into %s...%n", events, TOPIC);
      long produceStart = System.nanoTime();
      long produced = produce(kafka.bootstrapServers(), events);
      double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
      System.out.printf("produced %,d events in %.0f s%n", produced, produceSeconds);

      long start = System.nanoTime();
      ConfigurableApplicationContext query =
          QuerySideApplication.application()
              .run(
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--exam.accounts.seed-demo=false",
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--spring.main.banner-mode=off");
      try {
        double startSeconds = (System.nanoTime() - start) / 1e9;
        String password = randomBase64(18);
        query
            .getBean(DashboardAccounts.class)
            .create("rebuild-auditor", password, DashboardRole.AUDITOR, null, null, null);
        URI base =
            URI.create(
                "http://localhost:" + query.getEnvironment().getProperty("local.server.port"));
        ProjectionLoadRun.Dashboard dashboard =
            new ProjectionLoadRun.Dashboard(base, "rebuild-auditor", password);
        report =
            replay(
                dashboard,
                events,
                produced,
                start,
                startSeconds,
                produceSeconds,
                loadBefore,
                postgres);
      } finally {
        query.close();
      }
    } finally {
      deleteTree(kafkaDir);
    }
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
    System.exit(0);
  }

  /** Waits until the query side has consumed every event, sampling its rate each minute. */
  private static String replay(
      ProjectionLoadRun.Dashboard dashboard,
      long requested,
      long produced,
      long start,
      double startSeconds,
      double produceSeconds,
      String loadBefore,
      EmbeddedPostgres postgres)
      throws IOException, InterruptedException {
    List<String> intervals = new ArrayList<>();
    ProjectionLoadRun.Counters last = dashboard.counters(0);
    long lastReport = last.atNanos();
    long interval = TimeUnit.SECONDS.toNanos(60);
    ProjectionLoadRun.Counters c = last;
    while (c.consumed() < produced) {
      TimeUnit.MILLISECONDS.sleep(500);
      c = dashboard.counters(0);
      if (c.atNanos() - lastReport >= interval) {
        double rate = (c.consumed() - last.consumed()) / ((c.atNanos() - last.atNanos()) / 1e9);
        String line =
            String.format(
                Locale.ROOT,
                "| %.0f | %,d | %,.0f |",
                (c.atNanos() - start) / 60e9,
                c.consumed(),
                rate);
        System.out.println(line);
        intervals.add(line);
        last = c;
        lastReport = c.atNanos();
      }
    }
    double seconds = (c.atNanos() - start) / 1e9;
    double replaySeconds = seconds - startSeconds;
    String size;
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement();
        var rs = statement.executeQuery("SELECT pg_size_pretty(pg_database_size('postgres'))")) {
      rs.next();
      size = rs.getString(1);
    } catch (java.sql.SQLException e) {
      size = "unknown";
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "## Rebuild of the projections from %,d events (`benchmarks/run rebuild --events %d`)%n%n",
            produced,
            requested));
    out.append(
        String.format(
            Locale.ROOT,
            "Measured %s; nothing else ran on the machine, load average before %s, after %s.%n%n",
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
            loadBefore,
            ResultsBlock.loadAverage()));
    out.append(ResultsBlock.machine().stripTrailing()).append("\n");
    out.append(
        "- Set-up: the topic (in-process KRaft Kafka, "
            + PARTITIONS
            + " partitions) filled with one national session's events, records as the command"
            + " side publishes them; then the query side starts on an empty embedded PostgreSQL 17"
            + " (fsync on) and replays the topic into every projection, as"
            + " `POST /api/projections/rebuild` does after emptying them. "
            + EVENTS_PER_SITTING
            + " events per sitting (registered, started, 60 answers, submitted, scored, sealed),"
            + " 1,000 sittings interleaved at a time, 7 regions, 70 districts, 2,000 schools.\n\n");
    out.append("| figure | value |\n|---|---|\n");
    out.append(
        String.format(
            Locale.ROOT,
            "| events replayed | %,d (%,d sittings); applied to projections %,d, the rest"
                + " duplicates, ignored or dead-lettered |%n",
            produced,
            produced / EVENTS_PER_SITTING,
            c.applied()));
    out.append(
        String.format(
            Locale.ROOT,
            "| rebuild, query side start to the last event applied | %.0f s = %.1f min |%n",
            seconds,
            seconds / 60));
    out.append(
        String.format(
            Locale.ROOT,
            "| rate over the replay (start-up of %.0f s left out) | %,.0f events/s |%n",
            startSeconds,
            produced / replaySeconds));
    out.append(
        String.format(
            Locale.ROOT,
            "| query side database after the rebuild | %s |%n| filling the topic (not part of the"
                + " rebuild) | %.0f s |%n%n",
            size,
            produceSeconds));
    out.append("Rate per minute of the replay:\n\n| minute | events consumed | events/s |\n");
    out.append("|---:|---:|---:|\n");
    intervals.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  /** Fills the topic; returns the number of events produced (whole sittings). */
  private static long produce(String bootstrap, long target) throws Exception {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    Serializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();
    EventRecords records = new EventRecords(TOPIC, serializer);
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers", bootstrap,
            "acks", "all",
            "enable.idempotence", "true",
            "linger.ms", "20",
            "batch.size", "262144",
            "key.serializer", StringSerializer.class,
            "value.serializer", ByteArraySerializer.class);
    Random random = new Random(20_261_206L);
    ExamContent content = DemoExam.content();
    List<String> itemIds = content.items().stream().map(ItemDefinition::itemId).toList();
    Instant t0 = Instant.now().minus(Duration.ofDays(1));
    long[] global = {0};
    long sittings = Math.max(1, target / EVENTS_PER_SITTING);
    try (Producer<String, byte[]> producer = new KafkaProducer<>(config)) {
      Sender send =
          (aggregate, type, sequence, payload) ->
              producer.send(
                  records.record(
                      new GenericDomainEventMessage<>(type, aggregate, sequence, payload),
                      global[0]++));
      send.send(EXAM, "Exam", 0, new ExamCreated(EXAM, content, "admin"));
      send.send(EXAM, "Exam", 1, new ExamPublished(EXAM, 1, 1, content, "admin"));
      send.send(
          SESSION,
          "ExamSession",
          0,
          new ExamSessionOpened(
              SESSION, EXAM, 1, "centre-national", null, t0, t0.plus(Duration.ofHours(4)), "a"));
      for (long first = 0; first < sittings; first += INTERLEAVED) {
        long last = Math.min(sittings, first + INTERLEAVED);
        for (int step = 0; step < EVENTS_PER_SITTING; step++) {
          for (long s = first; s < last; s++) {
            String sittingId = String.format("sitting-%08d", s);
            send.send(sittingId, "Sitting", step, event(sittingId, s, step, itemIds, t0, random));
          }
        }
        if ((last / INTERLEAVED) % 10 == 0) {
          System.out.printf("  %,d sittings produced%n", last);
        }
      }
      producer.flush();
    }
    return global[0];
  }

  @FunctionalInterface
  private interface Sender {
    void send(String aggregate, String type, long sequence, Object payload);
  }

  private static Object event(
      String sittingId, long s, int step, List<String> itemIds, Instant t0, Random random) {
    Instant at = t0.plusSeconds(step * 60L);
    String region = REGIONS[(int) (s % REGIONS.length)];
    if (step == 0) {
      return new CandidateRegistered(
          sittingId,
          SESSION,
          EXAM,
          1,
          "centre-national",
          "candidate-" + s,
          new CandidateProfile(
              region,
              region + "-" + (s / REGIONS.length) % 10,
              "school-" + (s % 2_000),
              s % 3 == 0 ? "RURAL" : "URBAN",
              s % 4 == 0 ? "ru" : "ky",
              s % 2 == 0 ? "F" : "M",
              9),
          0,
          "admin");
    }
    if (step == 1) {
      return new SittingStarted(sittingId, at, at.plus(Duration.ofHours(2)), 7_200_000, itemIds);
    }
    if (step < 2 + ANSWERS) {
      int answer = step - 2;
      return new AnswerRecorded(
          sittingId,
          itemIds.get(answer % itemIds.size()),
          List.of(String.valueOf((char) ('A' + random.nextInt(4)))),
          answer + 1,
          at,
          at,
          "device-key-" + s,
          "c2lnbmF0dXJlLW9mLXRoZS1hbnN3ZXItYnktdGhlLWRldmljZS1rZXktNjQtYnl0ZXMtbG9uZy4uLg",
          null);
    }
    if (step == 2 + ANSWERS) {
      return new SittingSubmitted(sittingId, at);
    }
    if (step == 3 + ANSWERS) {
      List<ItemScoreRecord> scores = new ArrayList<>();
      int total = 0;
      for (String item : itemIds) {
        int x = random.nextInt(2);
        total += x;
        scores.add(new ItemScoreRecord(item, x, 1, x == 1 ? "CORRECT" : "INCORRECT"));
      }
      return new SittingScored(
          sittingId,
          EXAM,
          1,
          1,
          "scoring-core/bench",
          scores,
          Map.of("A", (double) total),
          total,
          itemIds.size(),
          100.0 * total / itemIds.size(),
          2 * total >= itemIds.size(),
          2 + 3 * total / itemIds.size(),
          false,
          false,
          "HANDED_IN",
          at);
    }
    return new SittingSealed(
        sittingId,
        SittingSealed.SCHEME,
        3 + ANSWERS + 1,
        "0".repeat(64),
        3 + ANSWERS,
        "0".repeat(64),
        "server-key",
        at,
        "c2lnbmF0dXJl");
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // a temporary directory: left for the OS
                }
              });
    }
  }
}
