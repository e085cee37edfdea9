package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.exam.ExamContent;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The server stops in the middle of a sitting and its deadline passes while it is down. When it
 * comes back the deadline still fires, the sitting is timed out and scored, and every answer the
 * server acknowledged is there.
 */
class RestartResilienceTest {
  private static final String PASSWORD = secret(18);
  private static final String TOKEN_SECRET = secret(32);

  private static ConfigurableApplicationContext start() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("spring.datasource.url", TestDatabase.jdbcUrl("restart_test"));
    properties.put("spring.datasource.username", "postgres");
    properties.put("spring.datasource.password", "");
    properties.put("exam.security.token-secret", TOKEN_SECRET);
    properties.put("server.port", "0");
    // as command-line arguments: they outrank application.yml (server.port=${PORT:8080}), unlike
    // builder defaults
    return new SpringApplicationBuilder(CommandSideApplication.class)
        .run(
            properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new));
  }

  private static Api api(ConfigurableApplicationContext app) {
    return new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
  }

  @Test
  void shouldTimeOutAndKeepEveryAcknowledgedAnswerWhenTheDeadlinePassesWhileTheServerIsDown()
      throws Exception {
    ConfigurableApplicationContext first = start();
    Api api = api(first);
    first.getBean(StaffAccounts.class).create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
    String admin = Api.basic("admin", PASSWORD);
    ExamContent oneMinute = ApiTestBase.demoExamLasting(1);
    assertThat(
            api.post("/api/exams", admin, Map.of("examId", "restart-exam", "content", oneMinute))
                .status())
        .isEqualTo(201);
    assertThat(api.post("/api/exams/restart-exam/publish", admin, null).status()).isEqualTo(201);
    assertThat(
            api.post(
                    "/api/sessions",
                    admin,
                    Map.of(
                        "sessionId",
                        "restart-session",
                        "examId",
                        "restart-exam",
                        "examVersion",
                        1,
                        "centreId",
                        "centre-r",
                        "opensAt",
                        Instant.now().minusSeconds(60).toString(),
                        "closesAt",
                        Instant.now().plusSeconds(3600).toString()))
                .status())
        .isEqualTo(201);
    JsonNode slip =
        api.post(
                "/api/sessions/restart-session/registrations",
                admin,
                ApiTestBase.registration("C-restart", "school-r", 0))
            .body();
    String sittingId = slip.get("sittingId").asString();
    JsonNode signIn =
        api.post(
                "/api/candidate/sign-in",
                null,
                Map.of(
                    "candidateCode",
                    slip.get("candidateCode").asString(),
                    "pin",
                    slip.get("pin").asString()))
            .body();
    String candidate = Api.bearer(signIn.get("token").asString());
    JsonNode started = api.post("/api/sittings/" + sittingId + "/start", candidate, null).body();
    Instant deadline = Instant.parse(started.get("deadline").asString());

    List<String> acknowledged = new ArrayList<>();
    String[][] answers = {{"q1", "B"}, {"q3", "true"}, {"q4", "1.41"}, {"q5", "ромб"}, {"q1", "C"}};
    for (int i = 0; i < answers.length; i++) {
      Api.Response r =
          api.post(
              "/api/sittings/" + sittingId + "/answers",
              candidate,
              ApiTestBase.answer(answers[i][0], i + 1, answers[i][1]));
      if (r.status() == 200) {
        acknowledged.add(answers[i][0] + "#" + (i + 1));
      }
    }
    assertThat(acknowledged).hasSize(answers.length);
    first.close();

    long untilPastDeadlineMs = Duration.between(Instant.now(), deadline).toMillis() + 2_000;
    if (untilPastDeadlineMs > 0) {
      Thread.sleep(untilPastDeadlineMs); // the server is down while the deadline passes
    }

    ConfigurableApplicationContext second = start();
    try {
      Api again = api(second);
      JsonNode view =
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> again.get("/api/sittings/" + sittingId, admin).body(),
                  v -> "TIMED_OUT".equals(v.path("status").asString()) && v.has("result"));

      assertThat(Instant.parse(view.get("finishedAt").asString())).isAfterOrEqualTo(deadline);
      List<String> stored = new ArrayList<>();
      for (JsonNode e : again.get("/api/sittings/" + sittingId + "/events", admin).body()) {
        if (e.get("type").asString().equals("AnswerRecorded")) {
          stored.add(
              e.at("/payload/itemId").asString() + "#" + e.at("/payload/clientSeq").asLong());
        }
      }
      assertThat(stored).containsExactlyElementsOf(acknowledged);
      assertThat(view.at("/answers/q1/response/0").asString()).isEqualTo("C");
      assertThat(view.at("/result/reason").asString()).isEqualTo("TIMED_OUT");
      assertThat(view.at("/result/rawTotal").asDouble())
          .isEqualTo(3.0); // q3, q4, q5 right; q1 changed to a wrong C
      Api.Response late =
          again.post(
              "/api/sittings/" + sittingId + "/answers",
              candidate,
              ApiTestBase.answer("q2", 9, "A"));
      assertThat(late.problemType()).isEqualTo("urn:kg-exam:problem:sitting-finished");
    } finally {
      second.close();
    }
  }

  private static String secret(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
