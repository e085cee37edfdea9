package kg.exam.client.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Virtual candidates against a real command side in this JVM over a real PostgreSQL: the counts of
 * the report are the server's, and every acknowledged answer, including those sent again after a
 * dropped connection, is stored exactly once.
 */
class SimulationEndToEndTest {
  private static final String ANSWER_RECORDED = "kg.exam.contract.sitting.AnswerRecorded";
  private static EmbeddedPostgres postgres;
  private static ConfigurableApplicationContext server;
  private static URI base;
  private static String password;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    server =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                Map.of(
                        "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "exam.security.token-secret", random(32),
                        "exam.kafka.enabled", "false", // no broker needed here
                        "server.port", "0")
                    .entrySet()
                    .stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base =
        URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port"));
    password = random(18);
    server
        .getBean(StaffAccounts.class)
        .create("sim-admin", password, Role.CENTRE_ADMIN, null, null);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    postgres.close();
  }

  private static JdbcTemplate jdbc() {
    return server.getBean(JdbcTemplate.class);
  }

  private static SimulationOptions options(String... extra) throws Exception {
    String[] common = {
      "--server", base.toString(),
      "--think", "fixed:5ms",
      "--ramp-up", "100ms",
      "--reconnect-after", "50ms",
      "--seed", "20261130",
      "--quiet"
    };
    String[] args = new String[common.length + extra.length];
    System.arraycopy(common, 0, args, 0, common.length);
    System.arraycopy(extra, 0, args, common.length, extra.length);
    return SimulationOptions.parse(args, Map.of(SimulationOptions.PASSWORD_VARIABLE, password));
  }

  private static Provisioner.Provisioned provision(String runId, int candidates) throws Exception {
    return new Provisioner(base, "sim-admin", password, Duration.ofSeconds(30))
        .provision(runId, null, null, "centre-sim", 2, candidates);
  }

  private static long stored(String sessionId, String payloadType) {
    Long n =
        jdbc()
            .queryForObject(
                "SELECT count(*) FROM domainevententry e JOIN sitting s"
                    + " ON s.sitting_id = e.aggregateidentifier"
                    + " WHERE s.session_id = ? AND e.payloadtype = ?",
                Long.class,
                sessionId,
                payloadType);
    return n == null ? 0 : n;
  }

  @Test
  void shouldStoreEveryAcknowledgedAnswerOnceIncludingThoseResentAfterADrop() throws Exception {
    Provisioner.Provisioned p = provision("drops", 8);
    SimulationOptions options =
        options(
            "--slips",
            "unused.csv",
            "--change-rate",
            "0.5",
            "--flag-rate",
            "0.3",
            "--drop-rate",
            "0.3");

    SimulationReport report =
        new Simulation(options, p.sessionId(), p.slips(), System.err, null).run();

    assertThat(report.errorsByType()).isEmpty();
    assertThat(report.signedIn()).isEqualTo(8);
    assertThat(report.started()).isEqualTo(8);
    assertThat(report.submitted()).isEqualTo(8);
    assertThat(report.failedCandidates()).isZero();
    // every item of the 9-item paper answered, and some changed
    assertThat(report.answersAcknowledged()).isEqualTo(8 * 9 + report.answersChanged());
    assertThat(report.answersChanged()).isPositive();
    assertThat(report.drops()).isPositive();
    assertThat(report.latencies().get(RequestKind.ANSWER_RESENT).count()).isEqualTo(report.drops());
    assertThat(report.latencies().get(RequestKind.ANSWER).count() + report.drops())
        .isEqualTo(report.answersAcknowledged());
    assertThat(report.latencies().get(RequestKind.SUBMIT).count()).isEqualTo(8);
    // the server holds each item's last acknowledged answer, and stored each answer exactly once
    assertThat(report.sittingsVerified()).isEqualTo(8);
    assertThat(report.answersVerified()).isEqualTo(8 * 9);
    assertThat(report.answersMissing()).isZero();
    assertThat(stored(p.sessionId(), ANSWER_RECORDED)).isEqualTo(report.answersAcknowledged());
    assertThat(
            jdbc()
                .queryForList(
                    "SELECT DISTINCT status FROM sitting WHERE session_id = ?",
                    String.class,
                    p.sessionId()))
        .containsExactly("SUBMITTED");
    assertThat(report.passed()).isTrue();
  }

  /**
   * A paper that shows a picture: each virtual candidate fetches it once after the paper, as the
   * student page does, and checks its bytes against the hash the paper names.
   */
  @Test
  void shouldFetchThePictureThePaperShowsOncePerCandidate() throws Exception {
    java.nio.file.Path picture =
        java.nio.file.Path.of("../command-side/src/test/resources/qti/ims-qti-2.1/images/sign.png");
    Provisioner.Provisioned p =
        new Provisioner(base, "sim-admin", password, Duration.ofSeconds(30))
            .provision("picture", null, picture, "centre-sim", 1, 3);
    SimulationOptions options =
        options(
            "--slips", "unused.csv", "--change-rate", "0", "--flag-rate", "0", "--drop-rate", "0");

    SimulationReport report =
        new Simulation(options, p.sessionId(), p.slips(), System.err, null).run();

    assertThat(report.errorsByType()).isEmpty();
    assertThat(report.failedCandidates()).isZero();
    assertThat(report.latencies().get(RequestKind.MEDIA).count()).isEqualTo(3);
    assertThat(report.submitted()).isEqualTo(3);
  }

  @Test
  void shouldRenewTheCandidateTokenBeforeItRunsOutAndKeepAnswering() throws Exception {
    Provisioner.Provisioned p = provision("tokens", 2);
    // tokens live 30 minutes: renewing 30 minutes before expiry renews before every action
    SimulationOptions options =
        options("--slips", "unused.csv", "--drop-rate", "0", "--renew-token-before", "30m");

    SimulationReport report =
        new Simulation(options, p.sessionId(), p.slips(), System.err, null).run();

    assertThat(report.errorsByType()).isEmpty();
    assertThat(report.latencies().get(RequestKind.TOKEN).count())
        .isGreaterThanOrEqualTo(2 * 9 + 2); // before each answer and each submit at least
    assertThat(report.submitted()).isEqualTo(2);
    assertThat(report.answersMissing()).isZero();
    assertThat(stored(p.sessionId(), ANSWER_RECORDED)).isEqualTo(report.answersAcknowledged());
  }

  @Test
  void shouldProvisionFromTheCliWriteTheSlipsAndSitNothingSoAStationCanSitThem() throws Exception {
    Path slips = dir.resolve("slips.csv");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        SimulateCli.run(
            new String[] {
              "--server",
              base.toString(),
              "--provision",
              "--admin",
              "sim-admin",
              "--candidates",
              "3",
              "--write-slips",
              slips.toString(),
              "--think",
              "0"
            },
            Map.of(SimulationOptions.PASSWORD_VARIABLE, password),
            print(out),
            print(err));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed + err).isZero();
    assertThat(printed)
        .contains("3 candidates")
        .contains("Nothing was sat")
        .doesNotContain(password);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("provisioned");
    assertThat(Slips.read(slips)).hasSize(3);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(slips)))
        .isEqualTo("rw-------");

    // the slips are still unused: sitting them (here, as a station would) starts every one
    out.reset();
    int sat =
        SimulateCli.run(
            new String[] {
              "--server",
              base.toString(),
              "--slips",
              slips.toString(),
              "--think",
              "0",
              "--drop-rate",
              "0",
              "--ramp-up",
              "0ms",
              "--quiet"
            },
            Map.of(),
            print(out),
            print(out));
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(sat).as(report).isZero();
    assertThat(report)
        .contains("signed in 3, started 3, submitted 3, stopped early 0")
        .contains("RESULT      OK");
  }

  @Test
  void shouldSitFromASlipFileAndExitOneWhenTheSittingsAreAlreadyTaken() throws Exception {
    Provisioner.Provisioned p = provision("slips", 2);
    Path slips = dir.resolve("taken.csv");
    Slips.write(slips, p.slips());
    String[] args = {
      "--server", base.toString(), "--slips", slips.toString(), "--think", "0", "--quiet"
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int first = SimulateCli.run(args, Map.of(), print(out), print(out));
    String firstReport = out.toString(StandardCharsets.UTF_8);
    out.reset();
    int second = SimulateCli.run(args, Map.of(), print(out), print(out));
    String secondReport = out.toString(StandardCharsets.UTF_8);

    assertThat(first).as(firstReport).isZero();
    assertThat(stored(p.sessionId(), ANSWER_RECORDED)).isGreaterThanOrEqualTo(2 * 9);
    assertThat(second).as(secondReport).isEqualTo(1);
    assertThat(secondReport)
        .contains("stopped early 2")
        .containsPattern("start sitting-already-started +2")
        .contains("RESULT      FAILED: error rate");
    // with a threshold above the error rate the same run passes
    out.reset();
    String[] tolerant = List.of(args).toArray(new String[args.length + 2]);
    tolerant[args.length] = "--max-error-percent";
    tolerant[args.length + 1] = "100";
    assertThat(SimulateCli.run(tolerant, Map.of(), print(out), print(out))).isZero();
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
