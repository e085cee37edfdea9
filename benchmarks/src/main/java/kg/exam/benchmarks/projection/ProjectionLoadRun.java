package kg.exam.benchmarks.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.client.simulate.RequestKind;
import kg.exam.client.simulate.SimulateCli;
import kg.exam.client.simulate.SimulationReport;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read side under a steady answer load: the command side, a real Kafka broker (KRaft,
 * in-process, {@link EmbeddedKafka}) and the query side, all in this JVM over one embedded
 * PostgreSQL 17 (durable: {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
 * on), as the embedded default runs them.
 *
 * <p>Load: {@code exam-client}'s simulator ({@link SimulateCli#simulate}) provisions {@code
 * --candidates} candidates over {@code --schools} schools and lets them sit; each answers, thinks
 * ({@code --think}, default exponential with a 1 s mean) and answers again, changing answers until
 * the run ends, then submits. Every answer is signed by the candidate's device key and checked by
 * the command side as in production.
 *
 * <p>Lag: for every acknowledged answer, the time from its HTTP 2xx at the client to the first
 * response of the query side's monitor ({@code GET /api/monitor/sessions/{id}}, signed in as an
 * auditor with a session cookie) whose row for that sitting shows a last activity at or after the
 * answer's {@code recordedAt}. One poller asks back to back with {@code --poll-ms} between, so a
 * figure is late by up to one poll cycle (the mean cycle is printed); answers acknowledged in the
 * first {@code --warmup-seconds} are left out. HdrHistogram {@link Recorder}, microseconds, 3
 * significant digits.
 *
 * <p>Throughput: events the query side consumed (applied to projections, plus those it does not
 * project and duplicates it skipped) per second over the measured window, from its {@code GET
 * /api/projections/status} counters, beside the events the command side stored in the same window.
 * Under a steady load this is the offered rate, not the limit; the limit is the rebuild figure:
 * {@code POST /api/projections/rebuild} empties every projection and replays the whole topic, timed
 * until every stored event has been consumed again (skipped with {@code --no-rebuild}).
 *
 * <p>Everything shares the machine's cores: server, broker, both databases' users and the client.
 *
 * <p>Usage: {@code ProjectionLoadRun RESULTS.md [--candidates 100] [--schools 4] [--think exp:1s]
 * [--seconds 60] [--warmup-seconds 15] [--poll-ms 20] [--no-rebuild]}
 */
public final class ProjectionLoadRun {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "projection-admin";
  private static final String AUDITOR = "projection-auditor";
  private static final String START_MARKER =
      "<!-- projection run: start (this block is rewritten by"
          + " kg.exam.benchmarks.projection.ProjectionLoadRun; the rest of the file is kept) -->";
  private static final String END_MARKER = "<!-- projection run: end -->";

  record Settings(
      Path results,
      int candidates,
      int schools,
      String think,
      int seconds,
      int warmupSeconds,
      int pollMs,
      boolean rebuild) {
    Settings {
      if (candidates < 1 || schools < 1 || seconds < 1 || warmupSeconds < 0 || pollMs < 0) {
        throw new IllegalArgumentException(
            "candidates="
                + candidates
                + ", schools="
                + schools
                + ", seconds="
                + seconds
                + ", warmupSeconds="
                + warmupSeconds
                + ", pollMs="
                + pollMs
                + ": counts and seconds must be positive, warm-up and poll pause 0 or more");
      }
    }

    static Settings parse(String[] args) {
      if (args.length == 0 || args[0].startsWith("--")) {
        throw new IllegalArgumentException(USAGE);
      }
      Map<String, String> v =
          new LinkedHashMap<>(
              Map.of(
                  "--candidates", "100",
                  "--schools", "4",
                  "--think", "exp:1s",
                  "--seconds", "60",
                  "--warmup-seconds", "15",
                  "--poll-ms", "20"));
      boolean rebuild = true;
      for (int i = 1; i < args.length; i++) {
        if (args[i].equals("--no-rebuild")) {
          rebuild = false;
        } else if (v.containsKey(args[i]) && i + 1 < args.length) {
          v.put(args[i], args[++i]);
        } else {
          throw new IllegalArgumentException(
              "unknown or incomplete argument " + args[i] + "; " + USAGE);
        }
      }
      return new Settings(
          Path.of(args[0]),
          Integer.parseInt(v.get("--candidates")),
          Integer.parseInt(v.get("--schools")),
          v.get("--think"),
          Integer.parseInt(v.get("--seconds")),
          Integer.parseInt(v.get("--warmup-seconds")),
          Integer.parseInt(v.get("--poll-ms")),
          rebuild);
    }
  }

  static final String USAGE =
      "usage: ProjectionLoadRun RESULTS.md [--candidates 100] [--schools 4] [--think exp:1s]"
          + " [--seconds 60] [--warmup-seconds 15] [--poll-ms 20] [--no-rebuild]";

  /** An acknowledged answer waiting to be seen on the read side. */
  private record Probe(String sittingId, Instant recordedAt, long ackNanos) {}

  private ProjectionLoadRun() {}

  public static void main(String[] args) throws Exception {
    Settings settings;
    try {
      settings = Settings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("ProjectionLoadRun: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf(
        "ProjectionLoadRun %s on %d cores, %s %s%n",
        settings,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    // Axon would ask get.axoniq.io for updates (no such network here) and advertise its console.
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
    Path kafkaDir = Files.createTempDirectory("projection-run-kafka");
    try (EmbeddedPostgres postgres =
            EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .start();
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      String tokenSecret = randomBase64(32);
      List<String> common =
          List.of(
              "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
              "--spring.datasource.username=postgres",
              "--spring.datasource.password=",
              "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
              "--server.port=0",
              "--logging.level.root=WARN");
      List<String> commandArgs = new ArrayList<>(common);
      commandArgs.add("--exam.security.token-secret=" + tokenSecret);
      commandArgs.add("--exam.demo.enabled=false");
      ConfigurableApplicationContext command =
          new SpringApplicationBuilder(CommandSideApplication.class)
              .properties("spring.main.banner-mode=off")
              .run(commandArgs.toArray(String[]::new));
      List<String> queryArgs = new ArrayList<>(common);
      queryArgs.add("--exam.accounts.seed-demo=false");
      queryArgs.add("--spring.main.banner-mode=off");
      ConfigurableApplicationContext query =
          QuerySideApplication.application().run(queryArgs.toArray(String[]::new));
      try {
        String report = run(settings, command, query);
        System.out.println();
        System.out.print(report);
        ResultsBlock.write(settings.results(), START_MARKER, END_MARKER, report);
        System.out.println("\nwritten to " + settings.results());
      } finally {
        query.close();
        command.close();
      }
    } finally {
      deleteTree(kafkaDir);
    }
    System.exit(0);
  }

  private static String run(
      Settings settings,
      ConfigurableApplicationContext command,
      ConfigurableApplicationContext query)
      throws Exception {
    URI commandBase = base(command);
    URI queryBase = base(query);
    String adminPassword = randomBase64(18);
    command
        .getBean(StaffAccounts.class)
        .create(ADMIN, adminPassword, Role.CENTRE_ADMIN, null, null);
    String auditorPassword = randomBase64(18);
    query
        .getBean(DashboardAccounts.class)
        .create(AUDITOR, auditorPassword, DashboardRole.AUDITOR, null, null, null);
    Dashboard dashboard = new Dashboard(queryBase, AUDITOR, auditorPassword);
    JdbcTemplate commandDb = command.getBean(JdbcTemplate.class);

    ConcurrentLinkedQueue<Probe> probes = new ConcurrentLinkedQueue<>();
    AtomicLong firstAckNanos = new AtomicLong();
    Recorder lag = new Recorder(3);
    AtomicLong warmupProbes = new AtomicLong();
    AtomicLong polls = new AtomicLong();
    AtomicLong pollNanos = new AtomicLong();
    AtomicBoolean loadRunning = new AtomicBoolean(true);
    AtomicReference<String> sessionId = new AtomicReference<>();
    AtomicReference<Counters> windowStart = new AtomicReference<>();
    AtomicReference<Counters> windowEnd = new AtomicReference<>();
    long warmupNanos = TimeUnit.SECONDS.toNanos(settings.warmupSeconds());
    long measureNanos = TimeUnit.SECONDS.toNanos(settings.seconds());

    Thread poller =
        Thread.ofPlatform()
            .name("projection-lag-poller")
            .daemon()
            .start(
                () ->
                    poll(
                        settings,
                        dashboard,
                        commandDb,
                        probes,
                        firstAckNanos,
                        lag,
                        warmupProbes,
                        polls,
                        pollNanos,
                        loadRunning,
                        sessionId,
                        windowStart,
                        windowEnd,
                        warmupNanos,
                        measureNanos));

    // The candidates answer for warm-up + measured seconds (plus their ramp-up), then submit.
    String[] simulateArgs = {
      "--server",
      commandBase.toString(),
      "--provision",
      "--admin",
      ADMIN,
      "--candidates",
      Integer.toString(settings.candidates()),
      "--schools",
      Integer.toString(settings.schools()),
      "--think",
      settings.think(),
      "--duration",
      (settings.warmupSeconds() + settings.seconds() + 5) + "s",
      "--ramp-up",
      "5s",
      "--change-rate",
      "0",
      "--flag-rate",
      "0",
      "--drop-rate",
      "0",
      "--max-error-percent",
      "100",
      "--progress",
      "5s",
      "--seed",
      "20261130"
    };
    SimulationReport load =
        SimulateCli.simulate(
            simulateArgs,
            Map.of("EXAM_ADMIN_PASSWORD", adminPassword),
            System.out,
            (sittingId, itemId, clientSeq, recordedAt, ackNanos) -> {
              firstAckNanos.compareAndSet(0, ackNanos);
              if (recordedAt != null) {
                probes.add(new Probe(sittingId, recordedAt, ackNanos));
              }
            });
    long loadEndNanos = System.nanoTime();
    loadRunning.set(false);
    poller.join(TimeUnit.MINUTES.toMillis(3));
    Histogram lagTotal = lag.getIntervalHistogram();
    int unresolved = probes.size();

    // Catching up: every event the command side stored (scoring and seals follow the submissions)
    // has been consumed by the query side.
    long caughtUpNanos = awaitCaughtUp(dashboard, commandDb, Duration.ofMinutes(3));
    long stored = storedEvents(commandDb);
    double catchUpSeconds = (caughtUpNanos - loadEndNanos) / 1e9;

    Counters start = windowStart.get();
    Counters end = windowEnd.get();
    StringBuilder out = new StringBuilder();
    out.append("## Projections under a steady answer load (`benchmarks/run projection`)\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Measured %s UTC, load average before the run %s.%n%n",
            LocalDate.now(ZoneOffset.UTC),
            ResultsBlock.loadAverage()));
    out.append(ResultsBlock.machine());
    out.append(
        String.format(
            Locale.ROOT,
            "- Set-up: command side + Kafka (KRaft, in-process, 12 partitions) + query side in one JVM"
                + " over one embedded PostgreSQL 17 (fsync on); load by `exam-client` simulate:"
                + " %d candidates in %d schools, think time %s, answers changed until the end;"
                + " %d s warm-up, %d s measured%n%n",
            settings.candidates(),
            settings.schools(),
            settings.think(),
            settings.warmupSeconds(),
            settings.seconds()));
    out.append("| figure | value |\n|---|---|\n");
    if (start != null && end != null) {
      double seconds = (end.atNanos() - start.atNanos()) / 1e9;
      out.append(
          String.format(
              Locale.ROOT,
              "| answers acknowledged (whole run) | %d (%.1f/s over %.0f s); %d errors |%n",
              load.answersAcknowledged(),
              load.answersAcknowledged() / load.elapsedSeconds(),
              load.elapsedSeconds(),
              load.errors()));
      out.append(
          String.format(
              Locale.ROOT,
              "| events stored by the command side, measured window | %.1f events/s |%n",
              (end.stored() - start.stored()) / seconds));
      out.append(
          String.format(
              Locale.ROOT,
              "| events consumed by the query side, measured window | %.1f events/s (applied to"
                  + " projections %.1f/s) |%n",
              (end.consumed() - start.consumed()) / seconds,
              (end.applied() - start.applied()) / seconds));
    }
    SimulationReport.Latency answer = load.latencies().get(RequestKind.ANSWER);
    out.append(
        String.format(
            Locale.ROOT,
            "| answer latency at the client (whole run) | p50 %.1f ms, p99 %.1f ms, max %.1f ms |%n",
            answer.p50(),
            answer.p99(),
            answer.max()));
    out.append(
        String.format(
            Locale.ROOT,
            "| lag, answer 2xx → visible in the monitor (%d answers) | p50 %.1f ms, p90 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms |%n",
            lagTotal.getTotalCount(),
            lagTotal.getValueAtPercentile(50) / 1000.0,
            lagTotal.getValueAtPercentile(90) / 1000.0,
            lagTotal.getValueAtPercentile(99) / 1000.0,
            lagTotal.getMaxValue() / 1000.0));
    out.append(
        String.format(
            Locale.ROOT,
            "| monitor poll cycle (the lag's resolution) | %.1f ms mean over %d polls |%n",
            polls.get() == 0 ? 0 : pollNanos.get() / 1e6 / polls.get(),
            polls.get()));
    out.append(
        String.format(
            Locale.ROOT,
            "| every stored event consumed, after the load ended | %.1f s later (%d events in"
                + " all)%s |%n",
            catchUpSeconds,
            stored,
            unresolved == 0 ? "" : "; " + unresolved + " answers never seen (a bug)"));
    if (settings.rebuild()) {
      Counters before = dashboard.counters(0);
      long rebuildStart = System.nanoTime();
      dashboard.rebuild();
      long done = awaitConsumed(dashboard, before.consumed() + stored, Duration.ofMinutes(10));
      double seconds = (done - rebuildStart) / 1e9;
      out.append(
          String.format(
              Locale.ROOT,
              "| rebuild: empty every projection and replay the topic | %d events in %.1f s ="
                  + " %.0f events/s |%n",
              stored,
              seconds,
              stored / seconds));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%nLag is measured for every acknowledged answer after the warm-up (%d in the warm-up"
                + " left out); a figure includes up to one poll cycle of detection delay. The"
                + " steady-load throughput is the offered rate; the rebuild figure is the"
                + " projections' limit on this machine.%n",
            warmupProbes.get()));
    return out.toString();
  }

  /** The query side's consumption counters and the command side's stored events at one time. */
  record Counters(long atNanos, long applied, long consumed, long stored) {}

  private static void poll(
      Settings settings,
      Dashboard dashboard,
      JdbcTemplate commandDb,
      ConcurrentLinkedQueue<Probe> probes,
      AtomicLong firstAckNanos,
      Recorder lag,
      AtomicLong warmupProbes,
      AtomicLong polls,
      AtomicLong pollNanos,
      AtomicBoolean loadRunning,
      AtomicReference<String> sessionId,
      AtomicReference<Counters> windowStart,
      AtomicReference<Counters> windowEnd,
      long warmupNanos,
      long measureNanos) {
    try {
      long lastPollEnd = System.nanoTime();
      while (loadRunning.get() || !probes.isEmpty()) {
        if (!loadRunning.get() && System.nanoTime() - lastPollEnd > TimeUnit.MINUTES.toNanos(2)) {
          return; // nothing more will show up
        }
        long first = firstAckNanos.get();
        long now = System.nanoTime();
        if (first != 0 && windowStart.get() == null && now >= first + warmupNanos) {
          windowStart.set(dashboard.counters(storedEvents(commandDb)));
        }
        if (first != 0 && windowEnd.get() == null && now >= first + warmupNanos + measureNanos) {
          windowEnd.set(dashboard.counters(storedEvents(commandDb)));
        }
        if (sessionId.get() == null) {
          sessionId.set(dashboard.sessionOfSchool("sim-school-1"));
          TimeUnit.MILLISECONDS.sleep(50);
          continue;
        }
        Map<String, Instant> lastActivity = dashboard.lastActivity(sessionId.get());
        long seenNanos = System.nanoTime();
        for (Iterator<Probe> it = probes.iterator(); it.hasNext(); ) {
          Probe p = it.next();
          Instant seen = lastActivity.get(p.sittingId());
          if (seen != null && !seen.isBefore(p.recordedAt().truncatedTo(ChronoUnit.MICROS))) {
            it.remove();
            if (p.ackNanos() < first + warmupNanos) {
              warmupProbes.incrementAndGet();
            } else {
              lag.recordValue(TimeUnit.NANOSECONDS.toMicros(Math.max(0, seenNanos - p.ackNanos())));
            }
          }
        }
        TimeUnit.MILLISECONDS.sleep(settings.pollMs());
        long end = System.nanoTime();
        polls.incrementAndGet();
        pollNanos.addAndGet(end - lastPollEnd);
        lastPollEnd = end;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new IllegalStateException("polling the query side failed: " + e.getMessage(), e);
    }
  }

  private static long storedEvents(JdbcTemplate commandDb) {
    Long n = commandDb.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    return n == null ? 0 : n;
  }

  /**
   * Waits until the query side has consumed every event the command side stored and no new event
   * was stored for a second; returns when the last one was consumed (nanoTime).
   */
  private static long awaitCaughtUp(Dashboard dashboard, JdbcTemplate commandDb, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long caughtUpAt = 0;
    long caughtUpStored = -1;
    while (System.nanoTime() < deadline) {
      long stored = storedEvents(commandDb);
      Counters c = dashboard.counters(stored);
      if (c.consumed() >= stored) {
        if (stored != caughtUpStored) {
          caughtUpStored = stored;
          caughtUpAt = c.atNanos();
        } else if (c.atNanos() - caughtUpAt > TimeUnit.SECONDS.toNanos(1)) {
          return caughtUpAt;
        }
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("the query side did not catch up within " + timeout);
  }

  /** Waits until the query side has consumed {@code target} events; returns when (nanoTime). */
  private static long awaitConsumed(Dashboard dashboard, long target, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Counters c = dashboard.counters(0);
      if (c.consumed() >= target) {
        return c.atNanos();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the query side consumed " + c.consumed() + " of " + target + " events in " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /**
   * The query side's HTTP API as a dashboard user: signed in once through the login form (a session
   * cookie, so the bcrypt check is not repeated on every poll).
   */
  static final class Dashboard {
    private final HttpClient http;
    private final URI base;
    private final String basic;

    Dashboard(URI base, String account, String password) throws IOException, InterruptedException {
      this.base = base;
      this.http =
          HttpClient.newBuilder()
              .cookieHandler(new CookieManager())
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      this.basic =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
      String form =
          "username="
              + URLEncoder.encode(account, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/login"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String location = r.headers().firstValue("Location").orElse("");
      if (r.statusCode() != 302 || location.contains("error")) {
        throw new IllegalStateException(
            "dashboard sign-in failed: " + r.statusCode() + " " + location);
      }
    }

    JsonNode get(String path) throws IOException, InterruptedException {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(base.resolve(path))
                  .header("Accept", "application/json")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException(
            "GET "
                + path
                + ": "
                + r.statusCode()
                + " "
                + new String(r.body(), StandardCharsets.UTF_8));
      }
      return JSON.readTree(r.body());
    }

    /** The session of the school's first monitored sitting, or null while none is projected. */
    String sessionOfSchool(String schoolId) throws IOException {
      try {
        JsonNode rows = get("/api/monitor/schools/" + schoolId).path("rows");
        return rows.isEmpty() ? null : rows.get(0).path("sessionId").asText(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    /** Each sitting's last activity as the session monitor shows it now. */
    Map<String, Instant> lastActivity(String sessionId) throws IOException, InterruptedException {
      Map<String, Instant> last = new HashMap<>();
      for (JsonNode row : get("/api/monitor/sessions/" + sessionId).path("rows")) {
        String at = row.path("lastActivity").asText(null);
        if (at != null) {
          last.put(row.path("sittingId").asText(), Instant.parse(at));
        }
      }
      return last;
    }

    Counters counters(long stored) throws IOException, InterruptedException {
      JsonNode c = get("/api/projections/status").path("counters");
      long applied = c.path("applied").asLong();
      long consumed =
          applied
              + c.path("duplicates").asLong()
              + c.path("ignored").asLong()
              + c.path("deadLettered").asLong();
      return new Counters(System.nanoTime(), applied, consumed, stored);
    }

    void rebuild() throws IOException, InterruptedException {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/projections/rebuild"))
                  .header("Authorization", basic)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("rebuild refused: " + r.statusCode() + " " + r.body());
      }
    }
  }

  private static URI base(ConfigurableApplicationContext app) {
    return URI.create(
        "http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port"));
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
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
