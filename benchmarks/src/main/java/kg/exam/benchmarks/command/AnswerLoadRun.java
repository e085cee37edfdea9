package kg.exam.benchmarks.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load run of the answer endpoint, {@code POST /api/sittings/{id}/answers}, against the real
 * command side started in this JVM over an embedded PostgreSQL 17 configured as the application's
 * embedded default is: zonky binaries with {@code fsync}, {@code synchronous_commit} and {@code
 * full_page_writes} on, so every acknowledged answer is on disk.
 *
 * <p>Set-up over HTTP as a centre does it: a staff admin (made through {@link StaffAccounts})
 * publishes the demo exam and opens a session; {@code --candidates} candidates are registered, sign
 * in with code and PIN, and start their sittings. Then {@code --threads} client threads each own a
 * share of the candidates and answer for them in turn, every answer with the candidate's next
 * {@code clientSeq}, so answers are changed over and over and streams grow as in a real sitting.
 *
 * <p>Closed loop: a thread sends its next answer when the previous one is acknowledged, so the
 * latencies are service times under that concurrency and are <b>not</b> corrected for coordinated
 * omission; a stall delays the requests that would have been sent during it rather than showing in
 * their latency. Only acknowledged answers (200) enter the histogram; other statuses are counted.
 * Latencies are recorded in microseconds with an HdrHistogram {@link Recorder} (3 significant
 * digits); the first {@code --warmup-seconds} are printed but left out of the totals.
 *
 * <p>The server, its database and this client share the machine's cores. Publication of events to
 * Kafka ({@code exam.kafka.enabled}) is off: it runs after the commit, off the answer path.
 *
 * <p>{@code --trust off} starts the command side with trust turned off by its benchmark-only switch
 * ({@code exam.trust.enabled=false}, {@code exam.trust.disabled-for-benchmark=true}: no answer
 * signature check, no hash chain, no seals); the client still signs every answer, so both settings
 * send the same bytes. {@code --result-file} writes the figures and the latency histogram for
 * {@link kg.exam.benchmarks.trust.AnswerTrustCostRun}, which runs this class with and without
 * trust.
 *
 * <p>Usage: {@code AnswerLoadRun [--candidates 200] [--threads 8] [--seconds 60] [--warmup-seconds
 * 10] [--trust on|off] [--result-file PATH]}
 */
public final class AnswerLoadRun {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ADMIN = "load-admin";
  private static final String EXTENDED_ANSWER =
      "Тик бурчтуу үч бурчтуктун гипотенузасынын квадраты катеттердин "
          + "квадраттарынын суммасына барабар: c² = a² + b². Мисалы, катеттери 3 жана 4 болсо, гипотенузасы 5 болот, "
          + "анткени 9 + 16 = 25.";

  /** Valid responses to the demo exam's items q1..q9, changed from one answer to the next. */
  private static final List<List<List<String>>> RESPONSES =
      List.of(
          List.of(List.of("A"), List.of("B"), List.of("C"), List.of("D")),
          List.of(List.of("A", "C"), List.of("B"), List.of("A", "B", "C")),
          List.of(List.of("true"), List.of("false")),
          List.of(List.of("1.41"), List.of("1.4"), List.of("1.5")),
          List.of(List.of("ромб"), List.of("квадрат")),
          List.of(List.of("B", "A", "C"), List.of("A", "B", "C")),
          List.of(List.of("S 1", "C 2"), List.of("S 2", "C 1")),
          List.of(List.of("g1=30", "g2=6"), List.of("g1=30", "g2=8")),
          List.of(
              List.of(EXTENDED_ANSWER), List.of(EXTENDED_ANSWER + " Ошондой эле 6, 8 жана 10.")));

  record Settings(
      int candidates, int threads, int seconds, int warmupSeconds, boolean trust, Path resultFile) {
    static final String USAGE =
        "usage: AnswerLoadRun [--candidates 200] [--threads 8] [--seconds 60] [--warmup-seconds 10]"
            + " [--trust on|off] [--result-file PATH]";

    Settings {
      if (candidates < 1 || threads < 1 || seconds < 1 || warmupSeconds < 0) {
        throw new IllegalArgumentException(
            "candidates="
                + candidates
                + ", threads="
                + threads
                + ", seconds="
                + seconds
                + ", warmupSeconds="
                + warmupSeconds
                + ": all must be positive (warm-up may be 0)");
      }
    }

    static Settings parse(String[] args) {
      Map<String, String> values =
          new LinkedHashMap<>(
              Map.of(
                  "--candidates", "200",
                  "--threads", "8",
                  "--seconds", "60",
                  "--warmup-seconds", "10",
                  "--trust", "on",
                  "--result-file", ""));
      for (int i = 0; i < args.length; i += 2) {
        if (!values.containsKey(args[i]) || i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "unknown or incomplete argument " + args[i] + "; " + USAGE);
        }
        values.put(args[i], args[i + 1]);
      }
      String trust = values.get("--trust");
      if (!trust.equals("on") && !trust.equals("off")) {
        throw new IllegalArgumentException("--trust " + trust + ": on or off; " + USAGE);
      }
      String resultFile = values.get("--result-file");
      return new Settings(
          Integer.parseInt(values.get("--candidates")),
          Integer.parseInt(values.get("--threads")),
          Integer.parseInt(values.get("--seconds")),
          Integer.parseInt(values.get("--warmup-seconds")),
          trust.equals("on"),
          resultFile.isEmpty() ? null : Path.of(resultFile));
    }
  }

  /**
   * A candidate in a started sitting; {@code clientSeq} is touched only by the thread that owns it.
   */
  private static final class Candidate {
    final String sittingId;
    final String answersPath;
    final String authorization;
    final Ed25519PrivateKey deviceKey;
    long clientSeq;

    Candidate(String sittingId, String authorization, Ed25519PrivateKey deviceKey) {
      this.sittingId = sittingId;
      this.answersPath = "/api/sittings/" + sittingId + "/answers";
      this.authorization = authorization;
      this.deviceKey = deviceKey;
    }
  }

  private AnswerLoadRun() {}

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.parse(args);
    System.out.printf(
        "AnswerLoadRun %s (trust %s) on %d cores, %s %s%n",
        settings,
        settings.trust() ? "on" : "OFF, benchmark only",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start()) {
      // As command-line arguments, not builder defaults: application.yml sets
      // server.port=${PORT:8080},
      // which outranks default properties.
      List<String> appArgs =
          new ArrayList<>(
              List.of(
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--server.port=0",
                  "--exam.security.token-secret=" + randomBase64(32),
                  "--exam.demo.enabled=false",
                  // Publication to Kafka runs after the commit, off the answer path; measured
                  // here is the answer path alone, as before publication existed.
                  "--exam.kafka.enabled=false",
                  "--logging.level.root=WARN"));
      if (!settings.trust()) {
        // The benchmark-only switch: no signature check, no hash chain, no seals.
        appArgs.add("--exam.trust.enabled=false");
        appArgs.add("--exam.trust.disabled-for-benchmark=true");
      }
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(CommandSideApplication.class)
              .properties("spring.main.banner-mode=off")
              .run(appArgs.toArray(String[]::new));
      try {
        run(settings, app);
      } finally {
        app.close();
      }
    }
    System.exit(0);
  }

  private static void run(Settings settings, ConfigurableApplicationContext app) throws Exception {
    int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    String password = randomBase64(18);
    app.getBean(StaffAccounts.class).create(ADMIN, password, Role.CENTRE_ADMIN, null, null);
    String admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((ADMIN + ":" + password).getBytes(StandardCharsets.UTF_8));
    Http http = new Http(port);

    String examId = "exam-load";
    http.expect(201, "/api/exams", admin, Map.of("examId", examId, "content", DemoExam.content()));
    http.expect(201, "/api/exams/" + examId + "/publish", admin, null);
    String sessionId = "session-load";
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("sessionId", sessionId);
    session.put("examId", examId);
    session.put("examVersion", 1);
    session.put("centreId", "centre-load");
    session.put("schoolId", "school-load");
    session.put("opensAt", Instant.now().minus(Duration.ofHours(1)).toString());
    session.put("closesAt", Instant.now().plus(Duration.ofDays(1)).toString());
    http.expect(201, "/api/sessions", admin, session);

    long setupStarted = System.nanoTime();
    List<Candidate> candidates = startSittings(settings, http, admin, sessionId);
    System.out.printf(
        "%d candidates registered, signed in and started in %.1f s on http://localhost:%d%n",
        candidates.size(), (System.nanoTime() - setupStarted) / 1e9, port);

    Recorder recorder = new Recorder(3);
    Map<String, LongAdder> warmupErrors = new ConcurrentHashMap<>();
    Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    LongAdder acknowledged = new LongAdder();
    long startNs = System.nanoTime();
    long warmupEndNs = startNs + TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
    long endNs = warmupEndNs + TimeUnit.SECONDS.toNanos(settings.seconds());

    ExecutorService clients = Executors.newFixedThreadPool(settings.threads());
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < settings.threads(); t++) {
      List<Candidate> mine = new ArrayList<>();
      for (int i = t; i < candidates.size(); i += settings.threads()) {
        mine.add(candidates.get(i));
      }
      running.add(
          clients.submit(
              () ->
                  answerUntil(
                      endNs,
                      warmupEndNs,
                      mine,
                      http,
                      recorder,
                      acknowledged,
                      warmupErrors,
                      errors)));
    }

    Histogram interval = null;
    Histogram total = new Histogram(3);
    long measuredStartNs = 0;
    for (int second = 1; System.nanoTime() < endNs; second++) {
      long tickNs = startNs + TimeUnit.SECONDS.toNanos(second);
      TimeUnit.NANOSECONDS.sleep(Math.max(0, tickNs - System.nanoTime()));
      interval = recorder.getIntervalHistogram(interval);
      boolean warmup = second <= settings.warmupSeconds();
      if (!warmup) {
        total.add(interval);
      } else if (second == settings.warmupSeconds()) {
        measuredStartNs = System.nanoTime();
      }
      System.out.printf(
          "[%3ds] %-7s answers/s=%6d p50=%7.2fms p90=%7.2fms p99=%7.2fms max=%7.2fms errors=%s%n",
          second,
          warmup ? "warm-up" : "measure",
          interval.getTotalCount(),
          ms(interval, 50),
          ms(interval, 90),
          ms(interval, 99),
          interval.getMaxValue() / 1000.0,
          counts(warmup ? warmupErrors : errors));
    }
    if (measuredStartNs == 0) {
      measuredStartNs = startNs;
    }
    for (Future<?> f : running) {
      f.get();
    }
    long measuredNs = System.nanoTime() - measuredStartNs;
    clients.shutdown();
    total.add(recorder.getIntervalHistogram());

    JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
    Long stored =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE payloadtype = 'kg.exam.contract.sitting.AnswerRecorded'",
            Long.class);
    Double eventsPerSitting =
        jdbc.queryForObject(
            "SELECT avg(n) FROM (SELECT count(*) AS n FROM domainevententry WHERE type = 'Sitting' GROUP BY aggregateidentifier) s",
            Double.class);

    Map<String, Object> chained =
        jdbc.queryForMap(
            "SELECT count(*) AS events, count(*) FILTER (WHERE convert_from(metadata, 'UTF8')"
                + " LIKE '%\"chainHash\"%') AS chained FROM domainevententry");
    long events = ((Number) chained.get("events")).longValue();
    long chainedEvents = ((Number) chained.get("chained")).longValue();

    System.out.println();
    System.out.printf(
        "Answer recording, closed loop, %d client threads, %d candidates, %d s measured after %d s warm-up%n",
        settings.threads(), settings.candidates(), settings.seconds(), settings.warmupSeconds());
    System.out.printf(
        "  answers/s  %.1f  (%d acknowledged in %.1f s)%n",
        total.getTotalCount() / (measuredNs / 1e9), total.getTotalCount(), measuredNs / 1e9);
    System.out.printf(
        "  latency    p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms mean=%.2fms%n",
        ms(total, 50),
        ms(total, 90),
        ms(total, 99),
        ms(total, 99.9),
        total.getMaxValue() / 1000.0,
        total.getMean() / 1000.0);
    System.out.printf("  errors     %s (warm-up: %s)%n", counts(errors), counts(warmupErrors));
    System.out.printf(
        "  check      %d answers acknowledged in total, %d AnswerRecorded events stored; %.1f events per sitting at the end%n",
        acknowledged.sum(), stored, eventsPerSitting);
    System.out.printf(
        "  trust      %s: %d of %d stored events carry a chain hash%n",
        settings.trust() ? "on" : "OFF", chainedEvents, events);
    boolean matches = stored != null && stored == acknowledged.sum();
    if (!matches) {
      System.out.println("  MISMATCH: acknowledged answers and stored events differ");
    }
    if (settings.resultFile() != null) {
      Properties result = new Properties();
      result.setProperty("trust", settings.trust() ? "on" : "off");
      result.setProperty(
          "answersPerSecond", Double.toString(total.getTotalCount() / (measuredNs / 1e9)));
      result.setProperty("measuredSeconds", Double.toString(measuredNs / 1e9));
      result.setProperty("acknowledgedMeasured", Long.toString(total.getTotalCount()));
      result.setProperty("acknowledgedTotal", Long.toString(acknowledged.sum()));
      result.setProperty("storedAnswers", String.valueOf(stored));
      result.setProperty("matches", Boolean.toString(matches));
      result.setProperty("errors", counts(errors));
      result.setProperty("errorCount", Long.toString(sum(errors)));
      result.setProperty("events", Long.toString(events));
      result.setProperty("chainedEvents", Long.toString(chainedEvents));
      result.setProperty("eventsPerSitting", String.valueOf(eventsPerSitting));
      ByteBuffer encoded = ByteBuffer.allocate(total.getNeededByteBufferCapacity());
      int length = total.encodeIntoCompressedByteBuffer(encoded);
      result.setProperty(
          "latencyHistogramMicros",
          Base64.getEncoder().encodeToString(Arrays.copyOf(encoded.array(), length)));
      try (Writer out = Files.newBufferedWriter(settings.resultFile(), StandardCharsets.UTF_8)) {
        result.store(out, "AnswerLoadRun result");
      }
    }
  }

  private static long sum(Map<String, LongAdder> byOutcome) {
    return byOutcome.values().stream().mapToLong(LongAdder::sum).sum();
  }

  private static void answerUntil(
      long endNs,
      long warmupEndNs,
      List<Candidate> mine,
      Http http,
      Recorder recorder,
      LongAdder acknowledged,
      Map<String, LongAdder> warmupErrors,
      Map<String, LongAdder> errors) {
    int next = 0;
    while (System.nanoTime() < endNs) {
      Candidate c = mine.get(next);
      next = (next + 1) % mine.size();
      long seq = ++c.clientSeq;
      int item = (int) (seq % RESPONSES.size());
      List<List<String>> variants = RESPONSES.get(item);
      // As the candidate's device does: every answer signed with the sitting's device key.
      String itemId = "q" + (item + 1);
      List<String> response = variants.get((int) (seq / RESPONSES.size() % variants.size()));
      Instant clientTimestamp = Instant.now();
      Map<String, Object> answer =
          Map.of(
              "itemId",
              itemId,
              "response",
              response,
              "clientSeq",
              seq,
              "clientTimestamp",
              clientTimestamp.toString(),
              "signature",
              Map.of(
                  "keyId",
                  c.deviceKey.keyId().value(),
                  "value",
                  AnswerSignatures.sign(
                      c.deviceKey, c.sittingId, itemId, response, seq, clientTimestamp)));
      long sentNs = System.nanoTime();
      String outcome;
      try {
        int status = http.post(c.answersPath, c.authorization, JSON.writeValueAsBytes(answer));
        outcome = status == 200 ? null : Integer.toString(status);
      } catch (IOException e) {
        outcome = e.getClass().getSimpleName();
      }
      long doneNs = System.nanoTime();
      if (outcome == null) {
        acknowledged.increment();
        recorder.recordValue(TimeUnit.NANOSECONDS.toMicros(doneNs - sentNs));
      } else {
        (sentNs < warmupEndNs ? warmupErrors : errors)
            .computeIfAbsent(outcome, k -> new LongAdder())
            .increment();
      }
    }
  }

  private static List<Candidate> startSittings(
      Settings settings, Http http, String admin, String sessionId) throws Exception {
    ExecutorService setup = Executors.newFixedThreadPool(settings.threads());
    try {
      List<Future<Candidate>> started = new ArrayList<>();
      for (int i = 0; i < settings.candidates(); i++) {
        String candidateId = "C-load-" + i;
        started.add(
            setup.submit(
                () -> {
                  Map<String, Object> registration = new LinkedHashMap<>();
                  registration.put("candidateId", candidateId);
                  registration.put("region", "CHUY_OBLAST");
                  registration.put("district", "sokuluk");
                  registration.put("schoolId", "school-load");
                  registration.put("locality", "RURAL");
                  registration.put("instructionLanguage", "ky");
                  registration.put("gender", "F");
                  registration.put("grade", 9);
                  registration.put("extraTimePercent", 0);
                  JsonNode slip =
                      http.expect(
                          201,
                          "/api/sessions/" + sessionId + "/registrations",
                          admin,
                          registration);
                  JsonNode signIn =
                      http.expect(
                          200,
                          "/api/candidate/sign-in",
                          null,
                          Map.of(
                              "candidateCode",
                              slip.get("candidateCode").asString(),
                              "pin",
                              slip.get("pin").asString()));
                  String sittingId = signIn.get("sittingId").asString();
                  String bearer = "Bearer " + signIn.get("token").asString();
                  Ed25519PrivateKey deviceKey = Ed25519PrivateKey.generate(new SecureRandom());
                  http.expect(
                      200,
                      "/api/sittings/" + sittingId + "/start",
                      bearer,
                      Map.of("devicePublicKey", deviceKey.publicKey().toBase64Url()));
                  return new Candidate(sittingId, bearer, deviceKey);
                }));
      }
      List<Candidate> candidates = new ArrayList<>();
      for (Future<Candidate> f : started) {
        candidates.add(f.get());
      }
      return candidates;
    } finally {
      setup.shutdown();
    }
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static String counts(Map<String, LongAdder> byOutcome) {
    if (byOutcome.isEmpty()) {
      return "none";
    }
    Map<String, Long> sorted = new TreeMap<>();
    byOutcome.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted.toString();
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** HTTP/1.1 with keep-alive; thread-safe. */
  private static final class Http {
    private final HttpClient client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;

    Http(int port) {
      this.base = "http://localhost:" + port;
    }

    /** Posts and returns the status, discarding the body. */
    int post(String path, String authorization, byte[] json) throws IOException {
      try {
        return client
            .send(request(path, authorization, json), HttpResponse.BodyHandlers.discarding())
            .statusCode();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    /** Posts, requires the status and returns the parsed body. */
    JsonNode expect(int status, String path, String authorization, Object body)
        throws IOException, InterruptedException {
      byte[] json = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
      HttpResponse<String> r =
          client.send(request(path, authorization, json), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != status) {
        throw new IllegalStateException(
            "POST " + path + ": expected " + status + ", got " + r.statusCode() + " " + r.body());
      }
      return r.body().isBlank() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private HttpRequest request(String path, String authorization, byte[] json) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return b.build();
    }
  }
}
