package kg.exam.benchmarks.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.CreateExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.PublishExam;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.session.CloseExamSession;
import kg.exam.contract.session.OpenExamSession;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.Responses;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Results finalisation of one national-size session, timed through the command side's API: {@code
 * POST /api/sessions/{id}/results/finalisation} over N handed-in, scored sittings, then every page
 * of {@code GET /api/sessions/{id}/results}.
 *
 * <p>The sittings' events (registered, started, submitted, scored: Rasch responses to 40 one-point
 * items, θ ~ N(0, 1)) are stored through the application's event store, hash chain included, with
 * the scoring and sealing processors stopped so that the stored scores are the ones finalised. For
 * a breakdown, the run also times on its own the streaming read of the scores (the query
 * finalisation runs, with the JSON decoding) and scoring-core's calibration of the same response
 * matrix.
 *
 * <p>Usage: {@code FinalisationRun RESULTS.md [--sittings 100000] [--items 40]}
 */
public final class FinalisationRun {
  static final String START_MARKER =
      "<!-- finalisation: start (benchmarks/run finalisation rewrites this block) -->";
  static final String END_MARKER = "<!-- finalisation: end -->";
  private static final String SESSION = "bench-national-session";
  private static final String EXAM = "bench-national-exam";
  private static final String PASSWORD = randomPassword();

  private FinalisationRun() {}

  record Settings(Path results, int sittings, int items) {
    static Settings parse(String[] args) {
      Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
      int sittings = 100_000;
      int items = 40;
      for (int i = 1; i + 1 < args.length; i += 2) {
        switch (args[i]) {
          case "--sittings" -> sittings = Integer.parseInt(args[i + 1]);
          case "--items" -> items = Integer.parseInt(args[i + 1]);
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Settings(results, sittings, items);
    }
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
    String loadBefore = ResultsBlock.loadAverage();
    String report;
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(CommandSideApplication.class)
              .run(
                  "--spring.datasource.url=" + url,
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--exam.kafka.enabled=false",
                  "--exam.security.token-secret=" + tokenSecret(),
                  "--exam.demo.enabled=false",
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--spring.main.banner-mode=off")) {
        report = run(app, settings, loadBefore);
      }
    }
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(settings.results(), START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + settings.results());
    System.exit(0);
  }

  private static String run(ConfigurableApplicationContext app, Settings settings, String load)
      throws Exception {
    CommandGateway commands = app.getBean(CommandGateway.class);
    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
    // the stored scores are the ones to finalise: no re-scoring, no sealing meanwhile
    for (String group : List.of("sitting-scoring", "sitting-sealing")) {
      processing.eventProcessor(group).ifPresent(EventProcessor::shutDown);
    }
    app.getBean(StaffAccounts.class).create("bench-admin", PASSWORD, Role.CENTRE_ADMIN, "c", null);
    app.getBean(StaffAccounts.class).create("bench-auditor", PASSWORD, Role.AUDITOR, "c", null);
    List<String> itemIds = new ArrayList<>();
    for (int i = 1; i <= settings.items(); i++) {
      itemIds.add(String.format("i%03d", i));
    }
    commands.sendAndWait(new CreateExam(EXAM, exam(itemIds), "bench-admin"));
    commands.sendAndWait(new PublishExam(EXAM, "bench-admin"));
    Instant now = Instant.now();
    commands.sendAndWait(
        new OpenExamSession(
            SESSION,
            EXAM,
            1,
            "c",
            null,
            now.minus(Duration.ofHours(3)),
            now.plus(Duration.ofDays(1)),
            "bench-admin"));
    int keyVersion = app.getBean(PublishedExams.class).find(EXAM, 1).orElseThrow().keyVersion();

    System.out.printf("storing %,d scored sittings...%n", settings.sittings());
    long fillStart = System.nanoTime();
    byte[] cells = fill(app.getBean(EventStore.class), settings, itemIds, keyVersion, now);
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    awaitRows(jdbc, settings.sittings());
    commands.sendAndWait(new CloseExamSession(SESSION, Instant.now(), "bench", "bench-admin"));
    awaitClosed(jdbc);
    long events = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    System.out.printf(
        "stored %,d events in %.0f s; finalising over the API...%n", events, fillSeconds);

    int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    long postStart = System.nanoTime();
    HttpResponse<String> finalised =
        http.send(
            request(port, "/api/sessions/" + SESSION + "/results/finalisation", "bench-admin")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double postSeconds = (System.nanoTime() - postStart) / 1e9;
    if (finalised.statusCode() != 201) {
      throw new IllegalStateException(
          "finalisation answered " + finalised.statusCode() + ": " + finalised.body());
    }
    JsonNode calibration = json.readTree(finalised.body()).get("calibration");
    int batches = calibration.get("rowBatches").asInt();
    Long largest =
        jdbc.queryForObject(
            "SELECT max(octet_length(payload)) FROM domainevententry WHERE aggregateidentifier = ?",
            Long.class,
            SESSION);
    System.out.printf(
        "finalised in %.1f s (%d EM cycles, %d batches of rows); reading every page...%n",
        postSeconds, calibration.get("iterations").asInt(), batches);

    long pagesStart = System.nanoTime();
    long rows = 0;
    double slowestPage = 0;
    for (int page = 0; page < batches; page++) {
      long pageStart = System.nanoTime();
      HttpResponse<String> results =
          http.send(
              request(port, "/api/sessions/" + SESSION + "/results?page=" + page, "bench-auditor")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      slowestPage = Math.max(slowestPage, (System.nanoTime() - pageStart) / 1e6);
      JsonNode body = json.readTree(results.body());
      if (results.statusCode() != 200 || !body.get("inputMatchesDigest").asBoolean()) {
        throw new IllegalStateException("page " + page + ": " + results.body());
      }
      rows += body.get("sittings").size();
    }
    double pagesSeconds = (System.nanoTime() - pagesStart) / 1e9;
    if (rows != settings.sittings()) {
      throw new IllegalStateException(rows + " result rows for " + settings.sittings());
    }

    // the breakdown: the streaming read alone, then scoring-core's calibration alone
    long readStart = System.nanoTime();
    long[] read = new long[2];
    ObjectMapper eventJson = new ObjectMapper().findAndRegisterModules();
    org.springframework.transaction.support.TransactionTemplate tx =
        new org.springframework.transaction.support.TransactionTemplate(
            app.getBean(org.springframework.transaction.PlatformTransactionManager.class));
    JdbcTemplate cursor = new JdbcTemplate(jdbc.getDataSource());
    cursor.setFetchSize(1_000);
    tx.executeWithoutResult(
        s ->
            cursor.query(
                "SELECT e.payload FROM domainevententry e"
                    + " JOIN sitting s ON s.sitting_id = e.aggregateidentifier"
                    + " WHERE s.session_id = ? AND e.payloadtype = ?",
                rs -> {
                  byte[] payload = rs.getBytes(1);
                  try {
                    eventJson.readValue(payload, SittingScored.class);
                  } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                  }
                  read[0]++;
                  read[1] += payload.length;
                },
                SESSION,
                SittingScored.class.getName()));
    double readSeconds = (System.nanoTime() - readStart) / 1e9;
    long calibrateStart = System.nanoTime();
    MarginalCalibrator.calibrate(
        Responses.wrap(cells, settings.sittings(), settings.items()),
        IrtModel.RASCH,
        CalibrationSettings.defaults());
    double calibrateSeconds = (System.nanoTime() - calibrateStart) / 1e9;
    long twoPlStart = System.nanoTime();
    int twoPlCycles =
        MarginalCalibrator.calibrate(
                Responses.wrap(cells, settings.sittings(), settings.items()),
                IrtModel.TWO_PL,
                CalibrationSettings.defaults())
            .iterations();
    double twoPlSeconds = (System.nanoTime() - twoPlStart) / 1e9;
    System.out.printf(
        "read alone %.1f s (%,d scores, %,d MB); Rasch calibration alone %.2f s, 2PL %.2f s%n",
        readSeconds, read[0], read[1] >> 20, calibrateSeconds, twoPlSeconds);
    return report(
        settings,
        load,
        fillSeconds,
        postSeconds,
        calibration.get("iterations").asInt(),
        batches,
        largest,
        pagesSeconds,
        slowestPage,
        readSeconds,
        read[1],
        calibrateSeconds,
        twoPlSeconds,
        twoPlCycles,
        ResultsBlock.loadAverage());
  }

  private static ExamContent exam(List<String> itemIds) {
    List<ItemDefinition> items = new ArrayList<>();
    for (String id : itemIds) {
      items.add(
          new ItemDefinition(
              id,
              "A",
              "SINGLE_CHOICE",
              1,
              1,
              "Question " + id,
              List.of(new Choice("A", "a"), new Choice("B", "b"), new Choice("C", "c")),
              List.of(),
              ItemKey.matchCorrect(List.of("A"))));
    }
    return new ExamContent(
        "National finalisation benchmark",
        "MATH",
        9,
        "ky",
        120,
        List.of(new SectionDefinition("A", "Choice")),
        items,
        new ScoringRules(50, List.of(), null));
  }

  /**
   * Stores each sitting's four events through the event store, 500 sittings per append.
   *
   * @return the response matrix of the stored scores, rows in sitting id order
   */
  private static byte[] fill(
      EventStore store, Settings settings, List<String> itemIds, int keyVersion, Instant now) {
    Random random = new Random(20_261_206L);
    int items = itemIds.size();
    double[] difficulty = new double[items];
    for (int j = 0; j < items; j++) {
      difficulty[j] = -2 + 4.0 * j / (items - 1);
    }
    byte[] cells = new byte[settings.sittings() * items];
    List<DomainEventMessage<?>> batch = new ArrayList<>();
    String[] regions = {"CHUY", "OSH", "JALAL-ABAD", "ISSYK-KUL", "NARYN", "TALAS", "BATKEN"};
    for (int s = 0; s < settings.sittings(); s++) {
      String sittingId = String.format("sitting-%08d", s);
      double theta = random.nextGaussian();
      List<ItemScoreRecord> scores = new ArrayList<>(items);
      int total = 0;
      for (int j = 0; j < items; j++) {
        int x = random.nextDouble() < 1 / (1 + Math.exp(difficulty[j] - theta)) ? 1 : 0;
        cells[s * items + j] = (byte) x;
        total += x;
        scores.add(new ItemScoreRecord(itemIds.get(j), x, 1, x == 1 ? "CORRECT" : "INCORRECT"));
      }
      Instant started = now.minus(Duration.ofHours(2));
      String region = regions[s % regions.length];
      batch.add(
          event(
              sittingId,
              0,
              new CandidateRegistered(
                  sittingId,
                  SESSION,
                  EXAM,
                  1,
                  "c",
                  "candidate-" + s,
                  new CandidateProfile(
                      region, region + "-1", "school-" + (s % 2_000), "URBAN", "ky", "F", 9),
                  0,
                  "bench-admin")));
      batch.add(
          event(
              sittingId,
              1,
              new SittingStarted(
                  sittingId, started, started.plus(Duration.ofHours(2)), 7_200_000, itemIds)));
      batch.add(
          event(sittingId, 2, new SittingSubmitted(sittingId, started.plus(Duration.ofHours(1)))));
      batch.add(
          event(
              sittingId,
              3,
              new SittingScored(
                  sittingId,
                  EXAM,
                  1,
                  keyVersion,
                  ScoringCoreVersion.VERSION,
                  scores,
                  java.util.Map.of("A", (double) total),
                  total,
                  items,
                  100.0 * total / items,
                  2 * total >= items,
                  total * 5 / items,
                  false,
                  false,
                  "HANDED_IN",
                  started.plus(Duration.ofHours(1)))));
      if (batch.size() >= 2_000) {
        store.publish(batch);
        batch.clear();
      }
      if ((s + 1) % 10_000 == 0) {
        System.out.printf("  %,d sittings stored%n", s + 1);
      }
    }
    if (!batch.isEmpty()) {
      store.publish(batch);
    }
    return cells;
  }

  private static DomainEventMessage<?> event(String sittingId, long sequence, Object payload) {
    return new GenericDomainEventMessage<>("Sitting", sittingId, sequence, payload);
  }

  private static void awaitRows(JdbcTemplate jdbc, int sittings) throws InterruptedException {
    while (jdbc.queryForObject(
            "SELECT count(*) FROM sitting WHERE session_id = ? AND status = 'SUBMITTED'",
            Integer.class,
            SESSION)
        < sittings) {
      Thread.sleep(200);
    }
  }

  private static void awaitClosed(JdbcTemplate jdbc) throws InterruptedException {
    while (jdbc.queryForObject(
            "SELECT count(*) FROM exam_session WHERE session_id = ? AND closed_at IS NOT NULL",
            Integer.class,
            SESSION)
        == 0) {
      Thread.sleep(100);
    }
  }

  private static HttpRequest.Builder request(int port, String path, String account) {
    String basic =
        Base64.getEncoder()
            .encodeToString((account + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofHours(1))
        .header("Authorization", "Basic " + basic);
  }

  private static String report(
      Settings settings,
      String loadBefore,
      double fillSeconds,
      double postSeconds,
      int iterations,
      int batches,
      Long largestEvent,
      double pagesSeconds,
      double slowestPageMs,
      double readSeconds,
      long readBytes,
      double calibrateSeconds,
      double twoPlSeconds,
      int twoPlCycles,
      String loadAfter)
      throws java.io.IOException {
    int n = settings.sittings();
    double scale = 1_400_000.0 / n;
    return "## Results finalisation of a national session (`benchmarks/run finalisation`)\n\n"
        + "`benchmarks/run finalisation --sittings "
        + n
        + " --items "
        + settings.items()
        + "`: one session of "
        + String.format("%,d", n)
        + " handed-in, scored sittings ("
        + settings.items()
        + " one-point items, Rasch responses), stored through the command side's event store"
        + String.format(" (%.0f s to store)", fillSeconds)
        + ", then finalised and read back through the API on one command side (default JVM heap"
        + " of the run: "
        + Runtime.getRuntime().maxMemory() / (1 << 20)
        + " MB). Nothing else ran on the machine; load average before "
        + loadBefore
        + ", after "
        + loadAfter
        + ".\n\n"
        + ResultsBlock.machine().stripTrailing()
        + "\n\n"
        + "| step | measured | per 1,000 sittings | extrapolated to 1.4 million |\n"
        + "|---|---:|---:|---:|\n"
        + row("`POST …/results/finalisation` (201)", postSeconds, n, scale)
        + row("  of which: streaming read of the scores (alone)", readSeconds, n, scale)
        + row("  of which: Rasch calibration, scoring-core (alone)", calibrateSeconds, n, scale)
        + row("every page of `GET …/results` (" + batches + " pages)", pagesSeconds, n, scale)
        + row(
            "for comparison: a 2PL calibration of the same matrix (alone, "
                + twoPlCycles
                + " EM cycles)",
            twoPlSeconds,
            n,
            scale)
        + "\n"
        + String.format(
            "EM cycles: %d. The scores read: %,d MB of stored JSON. Rows recorded in %,d"
                + " `SessionResultRowsListed` events of at most 1,000 sittings; the largest event"
                + " on the session stream is %,d bytes (Kafka's default record limit is"
                + " 1,048,576). Slowest results page: %.0f ms.%n%n",
            iterations, readBytes >> 20, batches, largestEvent, slowestPageMs)
        + "Extrapolation: linear in the number of sittings (the read, the matrix and each EM"
        + " cycle are linear; the cycle count depends on the items, not the cohort). The"
        + " response matrix of 1.4 million sittings × "
        + settings.items()
        + " items is "
        + String.format("%.0f", 1_400_000.0 * settings.items() / (1 << 20))
        + " MB of cells; while it reads, the finalisation holds only each sitting's matrix row"
        + " and a few fields (a compact row per sitting, not its events); the heap that needs at"
        + " 1.4 million was not measured.\n";
  }

  private static String row(String step, double seconds, int n, double scale) {
    return String.format(
        "| %s | %.1f s | %.0f ms | %.0f s |%n",
        step, seconds, seconds * 1000 * 1000 / n, seconds * scale);
  }

  private static String tokenSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
