package kg.exam.client.station.enrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
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
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real command side for station tests: started in-process over an embedded PostgreSQL, with a
 * centre administrator and an invigilator whose passwords are made afresh per run.
 */
public final class InProcessCommandSide implements AutoCloseable {
  public static final String CENTRE = "centre-s";
  public static final String SCHOOL = "school-s";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private final EmbeddedPostgres postgres;
  private final ConfigurableApplicationContext app;
  private final URI base;
  private final String adminPassword = random(18);
  private final HttpClient http = HttpClient.newHttpClient();

  public InProcessCommandSide() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    app =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                Map.of(
                        "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "exam.security.token-secret", random(32),
                        "exam.kafka.enabled", "false",
                        "server.port", "0")
                    .entrySet()
                    .stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
    app.getBean(StaffAccounts.class).create("admin", adminPassword, Role.CENTRE_ADMIN, null, null);
  }

  public URI base() {
    return base;
  }

  public String adminAccount() {
    return "admin";
  }

  public String adminPassword() {
    return adminPassword;
  }

  public <T> T bean(Class<T> type) {
    return app.getBean(type);
  }

  /** Publishes the demo exam as {@code examId} version 1. */
  public void publishDemoExam(String examId) throws Exception {
    send("POST", "/api/exams", Map.of("examId", examId, "content", DemoExam.content()), 201);
    send("POST", "/api/exams/" + examId + "/publish", null, 201);
  }

  /** Opens a session of the exam at {@link #CENTRE}, {@link #SCHOOL}. */
  public void openSession(String sessionId, String examId, Instant opensAt, Instant closesAt)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessionId", sessionId);
    body.put("examId", examId);
    body.put("examVersion", 1);
    body.put("centreId", CENTRE);
    body.put("schoolId", SCHOOL);
    body.put("opensAt", opensAt.toString());
    body.put("closesAt", closesAt.toString());
    send("POST", "/api/sessions", body, 201);
  }

  /** Registers a candidate at {@link #SCHOOL}; returns the admission slip. */
  public JsonNode register(String sessionId, String candidateId, int extraTimePercent)
      throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("candidateId", candidateId);
    body.put("region", "OSH_OBLAST");
    body.put("district", "kara-suu");
    body.put("schoolId", SCHOOL);
    body.put("locality", "RURAL");
    body.put("instructionLanguage", "ky");
    body.put("gender", "F");
    body.put("grade", 9);
    body.put("extraTimePercent", extraTimePercent);
    return send("POST", "/api/sessions/" + sessionId + "/registrations", body, 201);
  }

  /** A request as the centre administrator; fails unless the status is {@code expected}. */
  public JsonNode send(String method, String path, Object body, int expected) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", basic("admin", adminPassword))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new AssertionError(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body().isBlank() ? null : JSON.readTree(r.body());
  }

  public static String basic(String account, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  @Override
  public void close() throws IOException {
    app.close();
    postgres.close();
  }
}
