package kg.exam.benchmarks.kafka;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.command.kafka.KafkaEventPublisher;
import kg.exam.contract.sitting.AnswerRecorded;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Publication throughput of the command side's {@code kafka-publication} processor: how fast it
 * drains a backlog of stored events to Kafka. The event store is filled once with signed-answer
 * events (the bulk of an exam day) through the real storage engine (hash chain included); then, per
 * round, the command side starts with publication on, a fresh token and a fresh topic, and the
 * processor's stored token is sampled until it has passed the last event. Reported: events/s
 * between 10 % and 95 % of the backlog (start-up excluded), per processor batch size, median of the
 * rounds. Everything is real and on this machine: PostgreSQL with fsync, a KRaft broker in-process
 * flushing every append, acks=all.
 *
 * <p>{@code benchmarks/run kafka-publication [--events 200000] [--rounds 3] [--batch-sizes
 * 100,500]}
 */
public final class KafkaPublicationRun {
  static final String START_MARKER =
      "<!-- kafka-publication: start (this block is rewritten by"
          + " kg.exam.benchmarks.kafka.KafkaPublicationRun; the rest of the file is kept) -->";
  static final String END_MARKER = "<!-- kafka-publication: end -->";
  private static final int EVENTS_PER_SITTING = 60;

  private KafkaPublicationRun() {}

  record Settings(Path results, int events, int rounds, List<Integer> batchSizes) {
    static Settings parse(String[] args) {
      Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
      int events = 200_000;
      int rounds = 3;
      List<Integer> batchSizes = List.of(100, 500);
      for (int i = 1; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--events" -> events = Integer.parseInt(args[i + 1]);
          case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
          case "--batch-sizes" ->
              batchSizes = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Settings(results, events, rounds, batchSizes);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
    String loadBefore = ResultsBlock.loadAverage();
    Path kafkaDir = Files.createTempDirectory("kafka-publication-run");
    String report;
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      // one open connection: sampling the token must not wait for a new connection each time
      JdbcTemplate jdbc =
          new JdbcTemplate(
              new SingleConnectionDataSource(
                  postgres.getJdbcUrl("postgres", "postgres"), "postgres", "", true));
      List<String> common =
          List.of(
              "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
              "--spring.datasource.username=postgres",
              "--spring.datasource.password=",
              "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
              "--exam.security.token-secret=" + randomBase64(32),
              "--exam.demo.enabled=false",
              "--server.port=0",
              "--logging.level.root=WARN",
              "--spring.main.banner-mode=off");
      System.out.printf("storing %,d answer events...%n", settings.events());
      try (ConfigurableApplicationContext app = start(common, "--exam.kafka.enabled=false")) {
        fill(app, settings.events());
      }
      List<String> rows = new ArrayList<>();
      int round = 0;
      for (int batchSize : settings.batchSizes()) {
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < settings.rounds(); r++) {
          round++;
          double rate =
              drain(common, jdbc, kafka, batchSize, "bench.publication." + round, settings);
          System.out.printf("batch size %d, round %d: %,.0f events/s%n", batchSize, r + 1, rate);
          rates.add(rate);
        }
        rates.sort(Comparator.naturalOrder());
        rows.add(
            String.format(
                "| %d | %,.0f | %s |",
                batchSize,
                rates.get(rates.size() / 2),
                String.join(", ", rates.stream().map(v -> String.format("%,.0f", v)).toList())));
      }
      report = report(settings, rows, loadBefore);
    } finally {
      deleteTree(kafkaDir);
    }
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(settings.results(), START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + settings.results());
    System.exit(0);
  }

  private static ConfigurableApplicationContext start(List<String> common, String... extra) {
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of(extra));
    return new SpringApplicationBuilder(CommandSideApplication.class)
        .run(args.toArray(String[]::new));
  }

  /** Stores the events through the application's event store: sittings of 60 signed answers. */
  private static void fill(ConfigurableApplicationContext app, int events) {
    EventStore store = app.getBean(EventStore.class);
    SecureRandom random = new SecureRandom();
    Instant now = Instant.now();
    int sittings = (events + EVENTS_PER_SITTING - 1) / EVENTS_PER_SITTING;
    int stored = 0;
    for (int s = 0; s < sittings && stored < events; s++) {
      String sittingId = "bench-sitting-" + s;
      String keyId = randomBase64Url(random, 16);
      List<DomainEventMessage<?>> stream = new ArrayList<>();
      for (int seq = 0; seq < EVENTS_PER_SITTING && stored < events; seq++, stored++) {
        AnswerRecorded answer =
            new AnswerRecorded(
                sittingId,
                "q" + (seq + 1),
                List.of(String.valueOf((char) ('A' + random.nextInt(4)))),
                seq + 1,
                now,
                now,
                keyId,
                randomBase64Url(random, 64));
        stream.add(new GenericDomainEventMessage<>("Sitting", sittingId, seq, answer));
      }
      store.publish(stream);
    }
  }

  /** Starts publication from an empty token into a fresh topic; events/s from 10 % to 95 %. */
  private static double drain(
      List<String> common,
      JdbcTemplate jdbc,
      EmbeddedKafka kafka,
      int batchSize,
      String topic,
      Settings settings)
      throws InterruptedException {
    double rate;
    // The processor starts draining while the application is still starting, so the token is
    // watched from here, over the database directly, from before the start.
    CompletableFuture<ConfigurableApplicationContext> app =
        CompletableFuture.supplyAsync(
            () ->
                start(
                    common,
                    "--exam.kafka.enabled=true",
                    "--exam.kafka.topic=" + topic,
                    "--exam.kafka.batch-size=" + batchSize));
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
      long from = settings.events() / 10;
      long to = settings.events() * 19L / 20;
      long t0 = 0;
      long t1 = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (System.nanoTime() < deadline) {
        if (app.isCompletedExceptionally()) {
          app.join(); // throws why the application did not start
        }
        long published = recordsIn(consumer, topic);
        long now = System.nanoTime();
        if (t0 == 0 && published >= from) {
          t0 = now;
        }
        if (published >= to) {
          t1 = now;
          break;
        }
        Thread.sleep(20);
      }
      if (t1 == 0 || t1 == t0) {
        throw new IllegalStateException("publication did not reach " + to + " records");
      }
      // stop with everything published, so the next round's reset is the only difference
      while (recordsIn(consumer, topic) < settings.events() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      rate = (to - from) / ((t1 - t0) / 1e9);
    } finally {
      app.join().close();
    }
    // with the application stopped, so no processor holds or rewrites the token
    jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", KafkaEventPublisher.GROUP);
    return rate;
  }

  private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka) {
    return new KafkaConsumer<>(
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "allow.auto.create.topics", "false"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Records on the topic (the sum of its partitions' end offsets); 0 before it exists. */
  private static long recordsIn(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      return 0;
    }
    return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  private static String report(Settings settings, List<String> rows, String loadBefore)
      throws IOException {
    return "## Kafka publication (`benchmarks/run kafka-publication`)\n\n"
        + "How fast the command side's `kafka-publication` tracking processor drains a backlog of "
        + String.format("%,d", settings.events())
        + " stored `AnswerRecorded` events (60 per sitting, signed, hash-chained) to a 12-partition"
        + " topic: PostgreSQL with fsync, the embedded KRaft broker flushing every append, acks=all,"
        + " idempotent producer; a batch's token commits only after Kafka acknowledged all of it."
        + " Events/s from 10 % to 95 % of the backlog (start-up excluded), median of "
        + settings.rounds()
        + " rounds, each with a fresh token and topic. Processor, database and broker share the"
        + " machine.\n\n"
        + ResultsBlock.machine()
        + "- date: "
        + LocalDate.now()
        + ", load average before the run: "
        + loadBefore
        + "\n\n| batch size (`exam.kafka.batch-size`) | events/s (median) | rounds |\n|---|---|---|\n"
        + String.join("\n", rows)
        + "\n";
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static String randomBase64Url(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
