package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import kg.exam.client.ExamServerClient;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
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
 * Quality control of marking over a real PostgreSQL, to a verified bundle: seeded scripts mixed
 * unseen into a marker's allocation, the marker flagged when their seed marks drift, stopped by the
 * chief marker, their unresolved rounds taken back with their marks and marked by others, and the
 * sittings scored with the final marks; `verify` accepts the released rounds.
 */
class MarkingQualityEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final String PASSWORD = random(18);
  private static EmbeddedPostgres postgres;
  private static ConfigurableApplicationContext server;
  private static URI base;
  private static final String SESSION = "qc-session";
  private static final List<String> SITTINGS = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void twoEssaysAndThreeSeeds() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    server =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--exam.security.token-secret=" + random(32),
                "--server.port=0");
    base =
        URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port"));
    StaffAccounts staff = server.getBean(StaffAccounts.class);
    staff.create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
    staff.create("auditor", PASSWORD, Role.AUDITOR, null, null);
    staff.create("drifter", PASSWORD, Role.MARKER, "centre-q", null);
    staff.create("steady", PASSWORD, Role.MARKER, "centre-q", null);
    staff.create("second", PASSWORD, Role.MARKER, "centre-q", null);
    staff.create("chief", PASSWORD, Role.CHIEF_MARKER, "centre-q", null);
    send("POST", "/api/exams", "admin", Map.of("examId", "qc-exam", "content", DemoExam.content()));
    send("POST", "/api/exams/qc-exam/publish", "admin", null);
    send(
        "POST",
        "/api/sessions",
        "admin",
        Map.of(
            "sessionId",
            SESSION,
            "examId",
            "qc-exam",
            "examVersion",
            1,
            "centreId",
            "centre-q",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()));
    send(
        "PUT",
        "/api/sessions/" + SESSION + "/marking-plan",
        "admin",
        Map.of("doubleMarkingShare", 1.0, "seedRate", 1.0, "seedTolerance", 1.0, "seedMinimum", 3));
    for (int i = 0; i < 3; i++) {
      send(
          "POST",
          "/api/sessions/" + SESSION + "/marking/seeds",
          "chief",
          Map.of(
              "itemId", "q9",
              "response", List.of("Seeded answer " + i + ": a² + b² = c², 3-4-5."),
              "criterionScores", Map.of("statement", 2.0, "example", 2.0)));
    }
    ExamServerClient client =
        new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50));
    for (String essay : List.of("a² + b² = c².", "Катеттер жана гипотенуза.")) {
      JsonNode slip =
          send(
              "POST",
              "/api/sessions/" + SESSION + "/registrations",
              "admin",
              Map.of(
                  "candidateId",
                      "C-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)),
                  "region", "CHUY",
                  "district", "sokuluk",
                  "schoolId", "school-q",
                  "locality", "RURAL",
                  "instructionLanguage", "ky",
                  "gender", "M",
                  "grade", 9,
                  "extraTimePercent", 0));
      ExamServerClient.Session s =
          client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
      client.start(s);
      client.answer(s, "q9", List.of(essay), 1, Instant.now());
      client.submit(s);
      SITTINGS.add(s.sittingId());
    }
    for (int i = 0;
        i < 400
            && send("GET", "/api/sessions/" + SESSION + "/marking", "admin", null)
                    .get("scripts")
                    .asInt()
                < 2;
        i++) {
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    postgres.close();
  }

  private static void markAll(String marker, JsonNode held, double statement, double example)
      throws Exception {
    for (JsonNode a : held) {
      String id = a.get("scriptId").asText();
      JsonNode view = send("GET", "/api/marking/scripts/" + id, marker, null);
      assertThat(view.toString()).doesNotContain("definitive");
      send(
          "POST",
          "/api/marking/scripts/" + id + "/marks",
          marker,
          Map.of("criterionScores", Map.of("statement", statement, "example", example)));
    }
  }

  @Test
  void aDriftingMarkerIsFlaggedStoppedAndTheirRoundsAreMarkedAgainByOthers() throws Exception {
    JsonNode held =
        send(
            "POST",
            "/api/sessions/" + SESSION + "/marking/allocations",
            "drifter",
            Map.of("count", 5));
    assertThat(held).hasSize(5); // three seeds mixed in unseen, and both scripts
    markAll("drifter", held, 0, 0); // every seed 4 points below its definitive mark

    JsonNode progress = send("GET", "/api/sessions/" + SESSION + "/marking", "chief", null);
    JsonNode drifter = markerFigures(progress, "drifter");
    assertThat(drifter.get("seedMarks").asInt()).isEqualTo(3);
    assertThat(drifter.get("seedMeanAbsoluteDifference").asDouble()).isEqualTo(4.0);
    assertThat(drifter.get("flagged").asBoolean()).isTrue();
    assertThat(progress.get("marks").asInt()).isEqualTo(2); // seeds are not scripts' marks

    JsonNode stopped =
        send(
            "POST",
            "/api/sessions/" + SESSION + "/marking/markers/drifter/stop",
            "chief",
            Map.of("reason", "seed marks 4 points low"));
    assertThat(stopped.get("scriptsReleased").asInt()).isEqualTo(2);
    HttpResponse<byte[]> refused =
        call(
            "POST",
            "/api/sessions/" + SESSION + "/marking/allocations",
            "drifter",
            Map.of("count", 1));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).get("type").asText()).endsWith("marker-stopped");

    JsonNode steady =
        send(
            "POST",
            "/api/sessions/" + SESSION + "/marking/allocations",
            "steady",
            Map.of("count", 2));
    assertThat(steady).hasSize(2); // seeds are given first: rate 1.0, two of three
    markAll("steady", steady, 2, 2);
    JsonNode more =
        send(
            "POST",
            "/api/sessions/" + SESSION + "/marking/allocations",
            "steady",
            Map.of("count", 3));
    markAll("steady", more, 2, 2);
    JsonNode second =
        send(
            "POST",
            "/api/sessions/" + SESSION + "/marking/allocations",
            "second",
            Map.of("count", 10));
    markAll("second", second, 2, 1.5);
    JsonNode after = send("GET", "/api/sessions/" + SESSION + "/marking", "auditor", null);
    assertThat(after.get("resolved").asInt()).isEqualTo(2);
    assertThat(markerFigures(after, "steady").get("flagged").asBoolean()).isFalse();
    assertThat(markerFigures(after, "drifter").get("stopped").asBoolean()).isTrue();

    for (String id : SITTINGS) {
      JsonNode result = awaitFinalScore(id);
      assertThat(result.get("reason").asText()).isEqualTo("MARKED");
      awaitSealedEnd(id);
    }
    send("POST", "/api/sessions/" + SESSION + "/tree-head", "admin", null);
    VerificationReport report =
        new BundleVerifier(2, n -> {})
            .verify(download("/api/audit/sessions/" + SESSION + "/bundle"));
    assertThat(report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(2);
  }

  private static JsonNode markerFigures(JsonNode progress, String marker) {
    for (JsonNode m : progress.get("markers")) {
      if (m.get("markerId").asText().equals(marker)) {
        return m;
      }
    }
    throw new AssertionError("no figures of " + marker + " in " + progress);
  }

  private static HttpResponse<byte[]> call(String method, String path, String account, Object body)
      throws Exception {
    return calls().call(method, path, basic(account), body);
  }

  private static JsonNode awaitFinalScore(String sittingId) throws Exception {
    return calls().awaitFinalScore(sittingId);
  }

  private static void awaitSealedEnd(String sittingId) throws Exception {
    calls().awaitSealedEnd(sittingId);
  }

  private static JsonNode send(String method, String path, String account, Object body)
      throws Exception {
    return calls().send(method, path, account, body);
  }

  private Path download(String path) throws Exception {
    return calls().download(path, dir);
  }

  private static String basic(String account) {
    return calls().basic(account);
  }

  private static String random(int bytes) {
    return EngineCalls.random(bytes);
  }

  private static EngineCalls calls() {
    return new EngineCalls(base, PASSWORD, server.getBean(JdbcTemplate.class));
  }
}
