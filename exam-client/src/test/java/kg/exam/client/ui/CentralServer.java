package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.exam.ExamContent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real command side started in-process over an embedded PostgreSQL, serving the student UI at
 * {@code /exam/}, with a centre administrator who authors exams, opens sessions and registers
 * candidates over HTTP.
 */
final class CentralServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EmbeddedPostgres postgres;
  private final ConfigurableApplicationContext app;
  private final URI base;
  private final String admin;

  /** An admission slip: what a candidate types to sign in. */
  record Slip(String sittingId, String candidateCode, String pin) {}

  CentralServer() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    settings.put("spring.datasource.username", "postgres");
    settings.put("spring.datasource.password", "");
    settings.put("exam.security.token-secret", random(32));
    // The UI talks to the command side only; publication to Kafka is not what these tests check.
    settings.put("exam.kafka.enabled", "false");
    settings.put("server.port", "0");
    app =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                settings.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    String password = random(18);
    app.getBean(StaffAccounts.class).create("ui-admin", password, Role.CENTRE_ADMIN, null, null);
    admin =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("ui-admin:" + password).getBytes(StandardCharsets.UTF_8));
  }

  URI base() {
    return base;
  }

  /** A staff account of centre-ui with a fresh password; returns the password. */
  String staff(String account, Role role) {
    String password = random(18);
    app.getBean(StaffAccounts.class).create(account, password, role, "centre-ui", null);
    return password;
  }

  /** Publishes the exam as version 1 and opens a session on it that is open for the next hours. */
  void openSession(String examId, ExamContent content, String sessionId) throws Exception {
    send("POST", "/api/exams", Map.of("examId", examId, "content", content));
    send("POST", "/api/exams/" + examId + "/publish", null);
    send(
        "POST",
        "/api/sessions",
        Map.of(
            "sessionId",
            sessionId,
            "examId",
            examId,
            "examVersion",
            1,
            "centreId",
            "centre-ui",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(4 * 3600).toString()));
  }

  Slip register(String sessionId, String candidateId, int extraTimePercent) throws Exception {
    return register(sessionId, candidateId, extraTimePercent, null);
  }

  /** A registration with accommodations beyond extra time (e.g. {@code {readAloud: true}}). */
  Slip register(
      String sessionId, String candidateId, int extraTimePercent, Map<String, ?> accommodations)
      throws Exception {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("candidateId", candidateId);
    body.put("region", "NARYN");
    body.put("district", "kochkor");
    body.put("schoolId", "school-ui");
    body.put("locality", "RURAL");
    body.put("instructionLanguage", "ky");
    body.put("gender", "F");
    body.put("grade", 9);
    body.put("extraTimePercent", extraTimePercent);
    if (accommodations != null) {
      body.put("accommodations", accommodations);
    }
    JsonNode slip = send("POST", "/api/sessions/" + sessionId + "/registrations", body);
    return new Slip(
        slip.get("sittingId").asText(),
        slip.get("candidateCode").asText(),
        slip.get("pin").asText());
  }

  /** The sitting as the centre administrator sees it: every answer and the full result. */
  JsonNode sitting(String sittingId) throws Exception {
    return send("GET", "/api/sittings/" + sittingId, null);
  }

  JsonNode events(String sittingId) throws Exception {
    return send("GET", "/api/sittings/" + sittingId + "/events", null);
  }

  JsonNode send(String method, String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", admin)
            .header("Accept", "application/json");
    if (body != null) {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + new String(response.body(), StandardCharsets.UTF_8))
        .isLessThan(300);
    return response.body().length == 0 ? null : JSON.readTree(response.body());
  }

  /** Keeps an image or audio file in the bank's media; returns its SHA-256. */
  String storeMedium(byte[] bytes, String mediaType) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/api/bank/media"))
                    .header("Authorization", admin)
                    .header("Content-Type", mediaType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(201);
    return JSON.readTree(response.body()).get("sha256").asText();
  }

  /** GET without credentials: what anyone on the network gets. */
  HttpResponse<String> anonymousGet(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws java.io.IOException {
    app.close();
    postgres.close();
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
