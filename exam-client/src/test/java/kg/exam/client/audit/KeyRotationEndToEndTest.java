package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.client.ExamServerClient;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Server key rotations, as an operator does them, on one database: the key file is replaced and the
 * previous one given for that start, so the old key cross-signs the new one; a verifier that pins
 * only the first key follows the rotation, and one that does not get a cross-signature stops being
 * trusted.
 */
class KeyRotationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SESSION = "rotation-session";
  private static final String TOKEN_SECRET = random(32);
  private static final String PASSWORD = random(18);

  @TempDir Path dir;

  private URI base;
  private ConfigurableApplicationContext server;

  @Test
  void shouldFollowCrossSignedRotationsFromAPinnedKeyAndStopAtOneThatIsNot() throws Exception {
    Ed25519PrivateKey a = Ed25519PrivateKey.generate(new SecureRandom());
    Ed25519PrivateKey b = Ed25519PrivateKey.generate(new SecureRandom());
    Ed25519PrivateKey c = Ed25519PrivateKey.generate(new SecureRandom());
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");

      start(url, pem(a), null);
      StaffAccounts staff = server.getBean(StaffAccounts.class);
      staff.create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
      staff.create("auditor", PASSWORD, Role.AUDITOR, null, null);
      post("/api/exams", Map.of("examId", "rotation-exam", "content", DemoExam.content()));
      post("/api/exams/rotation-exam/publish", null);
      post(
          "/api/sessions",
          Map.of(
              "sessionId",
              SESSION,
              "examId",
              "rotation-exam",
              "examVersion",
              1,
              "centreId",
              "centre-r",
              "opensAt",
              Instant.now().minusSeconds(60).toString(),
              "closesAt",
              Instant.now().plusSeconds(3600).toString()));
      sitOne();
      server.close();

      // the rotation to b, with a given as the key being replaced
      start(url, pem(b), pem(a));
      assertThat(count("ServerKeyEndorsed")).isEqualTo(1);
      sitOne();
      Path afterEndorsed = sessionBundle();
      server.close();

      assertThat(verify(afterEndorsed, Set.of()).failure()).isNull();
      assertThat(verify(afterEndorsed, Set.of(a.keyId().value())).failure())
          .as("b is endorsed by the pinned a")
          .isNull();
      Failure onlyB = verify(afterEndorsed, Set.of(b.keyId().value())).failure();
      assertThat(onlyB).as("trust follows rotations forward, not back to a").isNotNull();
      assertThat(onlyB.field()).isEqualTo("keyId");

      // a previous key that is not the one being replaced stops the start
      assertThatThrownBy(() -> start(url, pem(c), pem(a)))
          .hasStackTraceContaining("the server key being replaced is " + b.keyId().value());

      // the rotation to c without the previous key: recorded, but not cross-signed
      start(url, pem(c), null);
      assertThat(count("ServerKeyEndorsed")).isEqualTo(1);
      sitOne();
      Path afterUnendorsed = sessionBundle();
      server.close();

      assertThat(verify(afterUnendorsed, Set.of()).failure()).isNull();
      Failure pinnedA = verify(afterUnendorsed, Set.of(a.keyId().value())).failure();
      assertThat(pinnedA).isNotNull();
      assertThat(pinnedA.field()).isEqualTo("keyId");
      assertThat(pinnedA.message()).contains(c.keyId().value()).contains("nor endorsed");
      assertThat(verify(afterUnendorsed, Set.of(a.keyId().value(), c.keyId().value())).failure())
          .as("c pinned as well")
          .isNull();
    }
  }

  private void start(String url, Path key, Path previous) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", url);
    properties.put("spring.datasource.username", "postgres");
    properties.put("spring.datasource.password", "");
    properties.put("exam.security.token-secret", TOKEN_SECRET);
    properties.put("server.port", "0");
    properties.put("exam.trust.server-key-file", key.toString());
    if (previous != null) {
      properties.put("exam.trust.previous-server-key-file", previous.toString());
    }
    server =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                properties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base =
        URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port"));
  }

  private Path pem(Ed25519PrivateKey key) throws Exception {
    Path file = dir.resolve(key.keyId().value() + ".pem");
    if (!Files.exists(file)) {
      Files.writeString(file, key.toPem());
    }
    return file;
  }

  private long count(String type) {
    Long n =
        server
            .getBean(JdbcTemplate.class)
            .queryForObject(
                "SELECT count(*) FROM domainevententry WHERE payloadtype LIKE ?",
                Long.class,
                "%." + type);
    return n == null ? 0 : n;
  }

  /** Registers, sits and hands in one candidate, and waits for the sitting's seal. */
  private void sitOne() throws Exception {
    JsonNode slip =
        post(
            "/api/sessions/" + SESSION + "/registrations",
            Map.of(
                "candidateId", "C-" + random(6).replaceAll("[^A-Za-z0-9]", "x"),
                "region", "NARYN",
                "district", "at-bashy",
                "schoolId", "school-r",
                "locality", "RURAL",
                "instructionLanguage", "ky",
                "gender", "F",
                "grade", 9,
                "extraTimePercent", 0));
    ExamServerClient client =
        new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50));
    ExamServerClient.Session s =
        client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
    client.start(s);
    client.answer(s, "q1", List.of("B"), 1, Instant.now());
    client.submit(s);
    for (int i = 0; i < 400; i++) {
      Long seals =
          server
              .getBean(JdbcTemplate.class)
              .queryForObject(
                  "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                      + " AND payloadtype = 'kg.exam.contract.sitting.SittingSealed'",
                  Long.class,
                  s.sittingId());
      if (seals != null && seals > 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("sitting " + s.sittingId() + " was not sealed");
  }

  private Path sessionBundle() throws Exception {
    post("/api/sessions/" + SESSION + "/tree-head", null);
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/api/audit/sessions/" + SESSION + "/bundle"))
                    .header("Authorization", basic("auditor"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
    Path file = Files.createTempFile(dir, "session", ".zip");
    Files.write(file, response.body());
    return file;
  }

  private static VerificationReport verify(Path bundle, Set<String> pinned) throws Exception {
    return new BundleVerifier(2, n -> {}, pinned).verify(bundle);
  }

  private JsonNode post(String path, Object body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", basic("admin"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    body == null ? new byte[0] : JSON.writeValueAsBytes(body)))
            .build();
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body())).isLessThan(300);
    return response.body().length == 0 ? null : JSON.readTree(response.body());
  }

  private static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
