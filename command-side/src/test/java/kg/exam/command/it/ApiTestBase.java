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
import kg.exam.contract.exam.ExamContent;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as users meet it: started on a random port over a real PostgreSQL, driven by real
 * HTTP requests. All API test classes share one application and one database; each test makes its
 * own exams, sessions and candidates, so they do not see each other.
 */
@SpringBootTest(
    classes = CommandSideApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ApiTestBase {
  static final String CENTRE_A = "centre-a";
  static final String CENTRE_B = "centre-b";
  static final String SCHOOL_A = "school-a";
  static final String SCHOOL_B = "school-b";

  /** Made afresh for every test run: no password lives in the repository. */
  static final String STAFF_PASSWORD = randomBase64(18);

  static final String TOKEN_SECRET = randomBase64(32);

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> TestDatabase.jdbcUrl("api_tests"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "");
    registry.add("exam.security.token-secret", () -> TOKEN_SECRET);
    // no wait for a station's hand-in: the tests cannot date a station's last sync back
    registry.add("exam.station.hand-in-grace", () -> "0s");
    // small batches of result rows, so that every finalisation test records several
    registry.add("exam.results.row-batch-size", () -> "16");
    // every test signs in from 127.0.0.1: the per-address limit is tested in StaffSignInApiTest
    registry.add("exam.security.max-source-failures", () -> "100000");
    // parked events are retried only when a test asks (DeadLetterApiTest), never behind its back
    registry.add("exam.dead-letters.retry-interval", () -> "1h");
  }

  @Value("${local.server.port}")
  int port;

  @Autowired StaffAccounts staffAccounts;

  @Autowired JdbcTemplate jdbc;

  Api api;

  @BeforeEach
  void connectAndEnsureStaff() {
    api = new Api(port);
    ensure("admin", Role.CENTRE_ADMIN, null, null);
    ensure("inv-a", Role.INVIGILATOR, CENTRE_A, null);
    ensure("inv-b", Role.INVIGILATOR, CENTRE_B, null);
    ensure("school-a", Role.SCHOOL, null, SCHOOL_A);
    ensure("school-b", Role.SCHOOL, null, SCHOOL_B);
    ensure("auditor", Role.AUDITOR, null, null);
  }

  private void ensure(String account, Role role, String centre, String school) {
    if (!staffAccounts.exists(account)) {
      staffAccounts.create(account, STAFF_PASSWORD, role, centre, school);
    }
  }

  static String staff(String account) {
    return Api.basic(account, STAFF_PASSWORD);
  }

  static String admin() {
    return staff("admin");
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A published exam; returns its id. Version 1. */
  String publishedExam(ExamContent content) {
    String examId = unique("exam");
    Api.Response created =
        api.post("/api/exams", admin(), Map.of("examId", examId, "content", content));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    Api.Response published = api.post("/api/exams/" + examId + "/publish", admin(), null);
    assertThat(published.status()).as(published.body().toString()).isEqualTo(201);
    return examId;
  }

  /** The id of the first marking script the session opened, once it has (within 20 s). */
  String awaitScript(String sessionId) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      String scriptId =
          jdbc
              .query(
                  "SELECT script_id FROM marking_script WHERE session_id = ?",
                  (rs, n) -> rs.getString(1),
                  sessionId)
              .stream()
              .findFirst()
              .orElse(null);
      if (scriptId != null) {
        return scriptId;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no marking script opened in session " + sessionId);
  }

  /** IMS's example picture (a sign), kept in the bank's media; returns its SHA-256. */
  String storedPicture() {
    try {
      byte[] png =
          java.nio.file.Files.readAllBytes(
              java.nio.file.Path.of("src/test/resources/qti/ims-qti-2.1/images/sign.png"));
      Api.Response stored = api.postBytes("/api/bank/media", admin(), "image/png", png);
      assertThat(stored.status()).as(stored.body().toString()).isEqualTo(201);
      return stored.body().get("sha256").asString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A published one-item exam whose prompt shows the medium {@code sha256}. */
  String publishedExamShowing(String sha256) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("itemId", "q1");
    item.put("sectionId", "s1");
    item.put("type", "SINGLE_CHOICE");
    item.put("maxScore", 1);
    item.put("weight", 1);
    item.put("prompt", "What does the sign say? ![a sign](media:" + sha256 + ")");
    item.put(
        "choices",
        java.util.List.of(
            Map.of("id", "A", "text", "Stay with your luggage"), Map.of("id", "B", "text", "Run")));
    item.put("key", Map.of("correct", java.util.List.of("A")));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("title", "Signs");
    content.put("subject", "ENG");
    content.put("grade", 9);
    content.put("language", "en");
    content.put("durationMinutes", 20);
    content.put("sections", java.util.List.of(Map.of("sectionId", "s1", "title", "Signs")));
    content.put("items", java.util.List.of(item));
    content.put("scoring", Map.of("passPercent", 50, "gradeBoundaries", java.util.List.of()));
    String examId = unique("media-exam");
    Api.Response created =
        api.post("/api/exams", admin(), Map.of("examId", examId, "content", content));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin(), null).status())
        .isEqualTo(201);
    return examId;
  }

  String publishedDemoExam() {
    return publishedExam(DemoExam.content());
  }

  /** The demo exam with another duration, for tests that wait for a deadline. */
  static ExamContent demoExamLasting(int minutes) {
    ExamContent demo = DemoExam.content();
    return new ExamContent(
        demo.title(),
        demo.subject(),
        demo.grade(),
        demo.language(),
        minutes,
        demo.sections(),
        demo.items(),
        demo.scoring());
  }

  /** A session of version 1 of the exam at centre A / school A, open from an hour ago for a day. */
  String openSession(String examId) {
    return openSession(
        examId, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
  }

  String openSession(String examId, Instant opensAt, Instant closesAt) {
    String sessionId = unique("session");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessionId", sessionId);
    body.put("examId", examId);
    body.put("examVersion", 1);
    body.put("centreId", CENTRE_A);
    body.put("schoolId", SCHOOL_A);
    body.put("opensAt", opensAt.toString());
    body.put("closesAt", closesAt.toString());
    Api.Response r = api.post("/api/sessions", admin(), body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    return sessionId;
  }

  /** An admission slip. */
  record Slip(String sittingId, String candidateId, String code, String pin) {}

  Slip register(String sessionId) {
    return register(sessionId, unique("C"), SCHOOL_A, 0);
  }

  Slip register(String sessionId, String candidateId, String schoolId, int extraTimePercent) {
    Api.Response r =
        api.post(
            "/api/sessions/" + sessionId + "/registrations",
            admin(),
            registration(candidateId, schoolId, extraTimePercent));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    return new Slip(
        r.body().get("sittingId").asString(),
        candidateId,
        r.body().get("candidateCode").asString(),
        r.body().get("pin").asString());
  }

  static Map<String, Object> registration(
      String candidateId, String schoolId, int extraTimePercent) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("candidateId", candidateId);
    body.put("region", "OSH_OBLAST");
    body.put("district", "kara-suu");
    body.put("schoolId", schoolId);
    body.put("locality", "RURAL");
    body.put("instructionLanguage", "uz");
    body.put("gender", "F");
    body.put("grade", 9);
    body.put("extraTimePercent", extraTimePercent);
    return body;
  }

  /** Signs the candidate in; returns the Authorization header value. */
  String signIn(Slip slip) {
    Api.Response r =
        api.post(
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", slip.code(), "pin", slip.pin()));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().get("sittingId").asString()).isEqualTo(slip.sittingId());
    return Api.bearer(r.body().get("token").asString());
  }

  /** A registered, signed-in candidate whose sitting has started. */
  record Candidate(Slip slip, String auth) {
    String sitting() {
      return "/api/sittings/" + slip.sittingId();
    }
  }

  Candidate startedCandidate(String sessionId) {
    Slip slip = register(sessionId);
    String auth = signIn(slip);
    Api.Response started = api.post("/api/sittings/" + slip.sittingId() + "/start", auth, null);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
    return new Candidate(slip, auth);
  }

  static Map<String, Object> answer(String itemId, long clientSeq, String... values) {
    return Map.of(
        "itemId",
        itemId,
        "response",
        java.util.List.of(values),
        "clientSeq",
        clientSeq,
        "clientTimestamp",
        Instant.now().toString());
  }

  /**
   * The stream's events other than the server's signatures over its head (one closes every change
   * to an exam, session or the key registry, kg.exam.command.trust.StreamHeadSigner).
   */
  int eventCount(String aggregateId) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype <> 'kg.exam.contract.trust.StreamHeadSigned'",
            Integer.class,
            aggregateId);
    return n == null ? 0 : n;
  }

  private static String randomBase64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
