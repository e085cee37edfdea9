package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The benchmark-only configuration that turns trust off ({@code exam.trust.enabled=false} with
 * {@code exam.trust.disabled-for-benchmark=true}), as the answer-load A/B run starts it: answers
 * are recorded without their signature being checked and events are stored without chain hashes.
 * Its own application and database (not {@link ApiTestBase}'s): streams written without chain
 * hashes cannot be appended to with trust on.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrustDisabledForBenchmarkApiTest {
  private static final String DATABASE = "trust_disabled_tests";
  private static final String PASSWORD = randomBase64(18);

  @DynamicPropertySource
  static void trustOff(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl(DATABASE));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("exam.security.token-secret", () -> randomBase64(32));
    registry.add("exam.trust.enabled", () -> "false");
    registry.add("exam.trust.disabled-for-benchmark", () -> "true");
  }

  @Value("${local.server.port}")
  int port;

  @Autowired StaffAccounts staffAccounts;

  @Autowired JdbcTemplate jdbc;

  Api api;

  @BeforeEach
  void connect() {
    assertThat(jdbc.queryForObject("SELECT current_database()", String.class)).isEqualTo(DATABASE);
    api = new Api(port);
    if (!staffAccounts.exists("admin")) {
      staffAccounts.create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
    }
  }

  /** A started sitting of the demo exam; returns its id and the candidate's Authorization. */
  private String[] startedSitting() {
    String admin = Api.basic("admin", PASSWORD);
    String examId = "exam-" + UUID.randomUUID();
    assertThat(
            api.post("/api/exams", admin, Map.of("examId", examId, "content", DemoExam.content()))
                .status())
        .isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin, null).status()).isEqualTo(201);
    String sessionId = "session-" + UUID.randomUUID();
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("sessionId", sessionId);
    session.put("examId", examId);
    session.put("examVersion", 1);
    session.put("centreId", "centre-a");
    session.put("schoolId", "school-a");
    session.put("opensAt", Instant.now().minus(Duration.ofHours(1)).toString());
    session.put("closesAt", Instant.now().plus(Duration.ofDays(1)).toString());
    assertThat(api.post("/api/sessions", admin, session).status()).isEqualTo(201);
    Api.Response slip =
        api.post(
            "/api/sessions/" + sessionId + "/registrations",
            admin,
            ApiTestBase.registration("C-" + UUID.randomUUID(), "school-a", 0));
    assertThat(slip.status()).as(slip.body().toString()).isEqualTo(201);
    Api.Response signIn =
        api.post(
            "/api/candidate/sign-in",
            null,
            Map.of(
                "candidateCode",
                slip.body().get("candidateCode").asString(),
                "pin",
                slip.body().get("pin").asString()));
    assertThat(signIn.status()).as(signIn.body().toString()).isEqualTo(200);
    String sittingId = signIn.body().get("sittingId").asString();
    String auth = Api.bearer(signIn.body().get("token").asString());
    assertThat(api.post("/api/sittings/" + sittingId + "/start", auth, null).status())
        .isEqualTo(200);
    return new String[] {sittingId, auth};
  }

  @Test
  void shouldRecordAnAnswerSignedByAKeyNobodyBound() {
    String[] sitting = startedSitting();
    Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(new SecureRandom());

    Api.Response r =
        api.post(
            "/api/sittings/" + sitting[0] + "/answers",
            sitting[1],
            Api.signed(stranger, sitting[0], ApiTestBase.answer("q1", 1, "B")));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype = 'kg.exam.contract.sitting.AnswerRecorded'",
                Integer.class,
                sitting[0]))
        .isEqualTo(1);
  }

  @Test
  void shouldRecordAnUnsignedAnswer() {
    String[] sitting = startedSitting();

    Api.Response r =
        api.postRaw(
            "/api/sittings/" + sitting[0] + "/answers",
            sitting[1],
            Api.JSON.writeValueAsString(ApiTestBase.answer("q3", 1, "true")));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
  }

  @Test
  void shouldStoreEventsWithoutChainHashes() {
    String[] sitting = startedSitting();
    assertThat(
            api.post(
                    "/api/sittings/" + sitting[0] + "/answers",
                    sitting[1],
                    ApiTestBase.answer("q1", 1, "B"))
                .status())
        .isEqualTo(200);

    Map<String, Object> counts =
        jdbc.queryForMap(
            "SELECT count(*) AS events, count(*) FILTER (WHERE convert_from(metadata, 'UTF8')"
                + " LIKE '%chainHash%') AS chained FROM domainevententry"
                + " WHERE aggregateidentifier = ?",
            sitting[0]);

    assertThat(((Number) counts.get("events")).intValue()).isGreaterThanOrEqualTo(3);
    assertThat(((Number) counts.get("chained")).intValue()).isZero();
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
