package kg.exam.benchmarks.marking;

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
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.client.ExamServerClient;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.scoring.marking.Agreement;
import org.HdrHistogram.Histogram;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Human marking through the command side's API, timed: N candidates write the demo exam's essay,
 * every script is marked twice by M markers in parallel (take 10, read, mark; each mark is a
 * command on the sitting's stream, then sealed), disputed scripts are adjudicated by a chief
 * marker, and the run waits until every sitting is scored again with its final mark. Then
 * scoring-core's agreement statistics over 1,000,000 pairs of marks, timed in the same JVM.
 *
 * <p>Usage: {@code MarkingRun RESULTS.md [--candidates 400] [--markers 8]}
 */
public final class MarkingRun {
  static final String START_MARKER =
      "<!-- marking: start (benchmarks/run marking rewrites this block) -->";
  static final String END_MARKER = "<!-- marking: end -->";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = random(18);
  private static final String SESSION = "bench-marking-session";

  private MarkingRun() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int candidates = 400;
    int markers = 8;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--candidates" -> candidates = Integer.parseInt(args[i + 1]);
        case "--markers" -> markers = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
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
            .start()) {
      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(CommandSideApplication.class)
              .run(
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--exam.kafka.enabled=false",
                  "--exam.security.token-secret=" + random(32),
                  "--exam.demo.enabled=false",
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--spring.main.banner-mode=off")) {
        report = run(app, candidates, markers, loadBefore);
      }
    }
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
    System.exit(0);
  }

  private static String run(
      ConfigurableApplicationContext app, int candidates, int markers, String loadBefore)
      throws Exception {
    URI base =
        URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    StaffAccounts staff = app.getBean(StaffAccounts.class);
    staff.create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
    staff.create("chief", PASSWORD, Role.CHIEF_MARKER, "centre-m", null);
    for (int m = 0; m < markers; m++) {
      staff.create("marker-" + m, PASSWORD, Role.MARKER, "centre-m", null);
    }
    Api api = new Api(base);
    api.send(
        "POST",
        "/api/exams",
        "admin",
        Map.of("examId", "bench-essay", "content", DemoExam.content()));
    api.send("POST", "/api/exams/bench-essay/publish", "admin", null);
    api.send(
        "POST",
        "/api/sessions",
        "admin",
        Map.of(
            "sessionId",
            SESSION,
            "examId",
            "bench-essay",
            "examVersion",
            1,
            "centreId",
            "centre-m",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(6 * 3600).toString()));
    api.send(
        "PUT",
        "/api/sessions/" + SESSION + "/marking-plan",
        "admin",
        Map.of("doubleMarkingShare", 1.0, "defaultTolerance", 1.0));
    ExamServerClient client =
        new ExamServerClient(base, Duration.ofSeconds(30), 3, Duration.ofMillis(50));
    long setup = System.nanoTime();
    for (int c = 0; c < candidates; c++) {
      JsonNode slip =
          api.send(
              "POST",
              "/api/sessions/" + SESSION + "/registrations",
              "admin",
              Map.of(
                  "candidateId",
                  "C" + c,
                  "region",
                  "CHUY",
                  "district",
                  "sokuluk",
                  "schoolId",
                  "school-" + (c % 20),
                  "locality",
                  "RURAL",
                  "instructionLanguage",
                  "ky",
                  "gender",
                  c % 2 == 0 ? "F" : "M",
                  "grade",
                  9,
                  "extraTimePercent",
                  0));
      ExamServerClient.Session s =
          client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
      client.start(s);
      client.answer(
          s,
          "q9",
          List.of("Essay " + c + ": a² + b² = c², for example 3, 4 and 5."),
          1,
          Instant.now());
      client.submit(s);
    }
    while (api.send("GET", "/api/sessions/" + SESSION + "/marking", "admin", null)
            .get("scripts")
            .asInt()
        < candidates) {
      Thread.sleep(200);
    }
    double setupSeconds = (System.nanoTime() - setup) / 1e9;

    Histogram latency = new Histogram(3_600_000_000L, 3);
    AtomicLong marks = new AtomicLong();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(markers);
    List<Future<?>> done = new ArrayList<>();
    for (int m = 0; m < markers; m++) {
      String account = "marker-" + m;
      Random random = new Random(m);
      done.add(pool.submit(() -> markUntilEmpty(api, account, random, latency, marks)));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double markingSeconds = (System.nanoTime() - start) / 1e9;
    long independent = marks.get();
    markUntilEmpty(api, "chief", new Random(99), latency, marks);
    long adjudications = marks.get() - independent;
    double allMarksSeconds = (System.nanoTime() - start) / 1e9;
    JsonNode progress;
    do {
      Thread.sleep(200);
      progress = api.send("GET", "/api/sessions/" + SESSION + "/marking", "admin", null);
    } while (progress.get("resolved").asInt() < candidates);
    org.springframework.jdbc.core.JdbcTemplate jdbc =
        app.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
    while (true) {
      Integer waiting =
          jdbc.queryForObject(
              "SELECT count(*) FROM sitting WHERE session_id = ? AND coalesce(needs_marking, true)",
              Integer.class,
              SESSION);
      if (waiting != null && waiting == 0) {
        break;
      }
      Thread.sleep(200);
    }
    double finalSeconds = (System.nanoTime() - start) / 1e9;
    JsonNode agreement =
        api.send("GET", "/api/sessions/" + SESSION + "/marking/agreement", "admin", null);

    // agreement statistics over one million pairs of marks, in this JVM
    int pairs = 1_000_000;
    double[] first = new double[pairs];
    double[] second = new double[pairs];
    Random r = new Random(20261206L);
    for (int i = 0; i < pairs; i++) {
      first[i] = r.nextInt(21);
      second[i] = Math.max(0, Math.min(20, first[i] + r.nextInt(5) - 2));
    }
    List<Double> runs = new ArrayList<>();
    Agreement.Result result = null;
    for (int rep = 0; rep < 7; rep++) {
      long t = System.nanoTime();
      Agreement a = new Agreement();
      for (int i = 0; i < pairs; i++) {
        a.add(first[i], second[i]);
      }
      result = a.result();
      runs.add((System.nanoTime() - t) / 1e6);
    }
    runs.sort(null);
    double agreementMs = runs.get(runs.size() / 2);

    StringBuilder out = new StringBuilder();
    out.append("**Human marking** (`benchmarks/run marking --candidates ")
        .append(candidates)
        .append(" --markers ")
        .append(markers)
        .append("`, ")
        .append(Instant.now().toString(), 0, 10)
        .append(")\n\n")
        .append(ResultsBlock.machine().stripTrailing())
        .append("\n- load average before: ")
        .append(loadBefore)
        .append(", after: ")
        .append(ResultsBlock.loadAverage())
        .append("\n\n");
    out.append("One command side in this JVM over an embedded PostgreSQL (fsync on), Kafka off; ")
        .append(
            "every allocation and mark is a command on the sitting's stream and is sealed by the ")
        .append("sealing processor; the markers' HTTP clients run in the same JVM.\n\n");
    out.append("| figure | value |\n|---|---|\n");
    row(out, "scripts (one essay per candidate, marked twice)", String.valueOf(candidates));
    row(
        out,
        "setup: register, sign in, start, answer, hand in, scripts opened",
        fmt(setupSeconds) + " s");
    row(out, "independent marks recorded", String.valueOf(independent));
    row(
        out,
        "independent marks/s (" + markers + " markers in parallel)",
        fmt(independent / markingSeconds));
    row(
        out,
        "adjudications (marks more than 1 point apart, one chief marker)",
        String.valueOf(adjudications));
    row(out, "all marks/s including adjudication", fmt(marks.get() / allMarksSeconds));
    row(
        out,
        "mark request latency p50 / p99 / max",
        ms(latency.getValueAtPercentile(50))
            + " / "
            + ms(latency.getValueAtPercentile(99))
            + " / "
            + ms(latency.getMaxValue())
            + " ms");
    row(
        out,
        "from the first mark until every sitting was scored again with its final mark",
        fmt(finalSeconds) + " s");
    JsonNode q9 = agreement.get("items").get(0);
    row(
        out,
        "agreement of this session's double marks (item q9)",
        "κw "
            + fmt(q9.get("quadraticWeightedKappa").asDouble())
            + ", exact "
            + fmt(q9.get("exact").asDouble()));
    row(out, "agreement statistics over 1,000,000 pairs (median of 7)", fmt(agreementMs) + " ms");
    row(
        out,
        "their result (random marks 0–20, second within ±2)",
        "κw "
            + fmt(result.quadraticWeightedKappa())
            + ", exact "
            + fmt(result.exact())
            + ", adjacent "
            + fmt(result.adjacent()));
    out.append('\n');
    return out.toString();
  }

  /** Takes scripts ten at a time and marks each (random points) until none is left. */
  private static Void markUntilEmpty(
      Api api, String account, Random random, Histogram latency, AtomicLong marks)
      throws Exception {
    while (true) {
      JsonNode held =
          api.send(
              "POST",
              "/api/sessions/" + SESSION + "/marking/allocations",
              account,
              Map.of("count", 10));
      if (held.isEmpty()) {
        return null;
      }
      for (JsonNode a : held) {
        String id = a.get("scriptId").asText();
        api.send("GET", "/api/marking/scripts/" + id, account, null);
        long t = System.nanoTime();
        api.send(
            "POST",
            "/api/marking/scripts/" + id + "/marks",
            account,
            Map.of(
                "criterionScores",
                Map.of(
                    "statement",
                    (double) random.nextInt(3),
                    "example",
                    (double) random.nextInt(3))));
        synchronized (latency) {
          latency.recordValue(System.nanoTime() - t);
        }
        marks.incrementAndGet();
      }
    }
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append("| ").append(name).append(" | ").append(value).append(" |\n");
  }

  private static String fmt(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** A small JSON client with basic authentication; fails on any status of 300 or more. */
  private record Api(URI base) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    JsonNode send(String method, String path, String account, Object body) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path))
              .header(
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              (account + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() >= 300) {
        throw new IllegalStateException(
            method
                + " "
                + path
                + " → "
                + r.statusCode()
                + ": "
                + new String(r.body(), StandardCharsets.UTF_8));
      }
      return r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
    }
  }
}
