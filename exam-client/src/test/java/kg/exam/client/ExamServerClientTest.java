package kg.exam.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.client.station.enrol.InProcessCommandSide;
import kg.exam.command.demo.DemoExam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real command side (in-process) over a real PostgreSQL. */
class ExamServerClientTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static InProcessCommandSide server;
  private static URI base;
  private static String admin;

  private final ExamServerClient client =
      new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50));

  @BeforeAll
  static void startServer() throws Exception {
    server = new InProcessCommandSide();
    base = server.base();
    admin = InProcessCommandSide.basic(server.adminAccount(), server.adminPassword());
    post("/api/exams", Map.of("examId", "client-exam", "content", DemoExam.content()));
    post("/api/exams/client-exam/publish", null);
    post(
        "/api/sessions",
        Map.of(
            "sessionId",
            "client-session",
            "examId",
            "client-exam",
            "examVersion",
            1,
            "centreId",
            "centre-c",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static JsonNode post(String path, Object body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", admin)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    body == null ? new byte[0] : JSON.writeValueAsBytes(body)))
            .build();
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body())).isLessThan(300);
    return JSON.readTree(response.body());
  }

  private static JsonNode slip() throws Exception {
    return post(
        "/api/sessions/client-session/registrations",
        Map.of(
            "candidateId",
            "C-" + InProcessCommandSide.random(6).replaceAll("[^A-Za-z0-9]", "x"),
            "region",
            "NARYN",
            "district",
            "at-bashy",
            "schoolId",
            "school-c",
            "locality",
            "RURAL",
            "instructionLanguage",
            "ky",
            "gender",
            "M",
            "grade",
            9,
            "extraTimePercent",
            0));
  }

  private ExamServerClient.Session signedIn() throws Exception {
    JsonNode slip = slip();
    return client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
  }

  @Test
  void shouldSitAnExamFromSignInToSubmission() throws Exception {
    ExamServerClient.Session session = signedIn();

    ExamServerClient.SittingState started = client.start(session);
    JsonNode paper = client.paper(session);
    ExamServerClient.AnswerReceipt receipt =
        client.answer(session, "q1", List.of("B"), 1, Instant.now());
    client.flag(session, "q4", true);
    ExamServerClient.SittingState submitted = client.submit(session);

    assertThat(started.status()).isEqualTo("IN_PROGRESS");
    assertThat(started.deadline()).isAfter(started.serverTime());
    assertThat(paper.get("items")).hasSize(9);
    assertThat(receipt.duplicate()).isFalse();
    assertThat(submitted.status()).isEqualTo("SUBMITTED");
    assertThat(submitted.raw().at("/answers/q1/response/0").asText()).isEqualTo("B");
  }

  @Test
  void shouldGetTheSameReceiptWhenAnAnswerIsSentTwice() throws Exception {
    ExamServerClient.Session session = signedIn();
    client.start(session);

    ExamServerClient.AnswerReceipt first =
        client.answer(session, "q3", List.of("true"), 7, Instant.now());
    ExamServerClient.AnswerReceipt again =
        client.answer(session, "q3", List.of("true"), 7, Instant.now());

    assertThat(again.duplicate()).isTrue();
    assertThat(again.recordedAt()).isEqualTo(first.recordedAt());
  }

  @Test
  void shouldReportTheServersProblemTypeForAWrongPin() throws Exception {
    JsonNode slip = slip();
    String wrong = slip.get("pin").asText().equals("000000") ? "111111" : "000000";

    assertThatThrownBy(() -> client.signIn(slip.get("candidateCode").asText(), wrong))
        .isInstanceOfSatisfying(
            ServerProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(401);
              assertThat(p.name()).isEqualTo("wrong-pin");
            });
  }

  @Test
  void shouldNotRetryARefusal() throws Exception {
    ExamServerClient.Session session = signedIn();
    client.start(session);

    assertThatThrownBy(() -> client.answer(session, "no-such-item", List.of("B"), 1, Instant.now()))
        .isInstanceOfSatisfying(
            ServerProblem.class, p -> assertThat(p.name()).isEqualTo("unknown-item"));
  }

  @Test
  void shouldGiveUpOnAnUnreachableServerAfterItsAttempts() {
    ExamServerClient offline =
        new ExamServerClient(
            URI.create("http://127.0.0.1:9"), Duration.ofSeconds(2), 3, Duration.ofMillis(10));
    ExamServerClient.Session session =
        new ExamServerClient.Session("sitting-x", "token", Instant.now());

    assertThatThrownBy(() -> offline.answer(session, "q1", List.of("B"), 1, Instant.now()))
        .isInstanceOf(java.io.UncheckedIOException.class);
  }
}
