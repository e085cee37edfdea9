package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.client.ExamServerClient;
import kg.exam.command.demo.DemoExam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate on a 360 px phone, in a real Chromium against a real command side: sees nothing
 * before the centre releases the results, then their result per section with the grade, appeals it,
 * and checks their receipt offline on the receipt page (WebCrypto Ed25519 and SHA-256), which also
 * refuses a receipt whose seal hash was changed. Every state passes axe's WCAG 2.1 A/AA audit.
 */
class ResultBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CentralServer server;
  private static CentralServer.Slip slip;
  private static ExamServerClient.Session candidate;
  private static Map<String, String> ky;

  @TempDir Path dir;

  @BeforeAll
  static void aHandedInSitting() throws Exception {
    Phone.requireBrowser();
    server = new CentralServer();
    server.openSession("result-ui-exam", DemoExam.content(), "result-ui-session");
    ExamServerClient client =
        new ExamServerClient(server.base(), Duration.ofSeconds(10), 3, Duration.ofMillis(50));
    slip = server.register("result-ui-session", "C-result", 0);
    candidate = client.signIn(slip.candidateCode(), slip.pin());
    client.start(candidate);
    client.answer(candidate, "q1", List.of("B"), 1, Instant.now());
    client.submit(candidate);
    for (int i = 0; i < 400 && !server.sitting(slip.sittingId()).has("result"); i++) {
      Thread.sleep(50);
    }
    ky =
        JSON.readValue(
            Path.of("src/main/ui/i18n/ky.json").toFile(),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static void signIn(Phone phone) {
    phone.open("/exam/result.html?lang=ky");
    phone.awaitPage("signin");
    phone.find("#code").sendKeys(slip.candidateCode());
    phone.find("#pin").sendKeys(slip.pin());
    phone.find("#signin button[type=submit]").click();
  }

  @Test
  void aCandidateSeesTheReleasedResultAppealsAndChecksTheReceiptOnAPhone() throws Exception {
    try (Phone phone = new Phone(server.base(), 360)) {
      signIn(phone);
      phone.awaitPage("not-released");
      assertThat(phone.find("#not-released").getText()).isEqualTo(ky.get("result.notReleased"));
      phone.audit("results page before the release, ky, 360 px");

      server.send("POST", "/api/sessions/result-ui-session/close", Map.of("reason", "over"));
      server.send(
          "POST",
          "/api/sessions/result-ui-session/results/release",
          Map.of("appealsCloseAt", Instant.now().plusSeconds(86_400).toString()));

      signIn(phone);
      phone.awaitPage("result");
      assertThat(phone.find("#total").getText()).startsWith("Жыйынтык:");
      assertThat(phone.all("#sections li")).hasSize(2);
      phone.audit("released result, ky, 360 px");
      phone.assertReflows("released result, ky, 360 px");

      phone.find("#appeal-reason").sendKeys("Экинчи бөлүмдөгү жообум туура деп ойлойм.");
      phone.find("#appeal-submit").click();
      phone.await(d -> !phone.all("#appeal-sent").isEmpty());
      assertThat(phone.find("#appeal-sent").getText()).startsWith("Апелляцияңыз");
      phone.audit("result with an appeal lodged, ky, 360 px");

      server.send("POST", "/api/sessions/result-ui-session/tree-head", null);
      Path receipt = dir.resolve("receipt.json");
      Files.write(receipt, receiptJson());
      phone.open("/exam/receipt.html?lang=ky");
      phone.audit("receipt page, ky, 360 px");
      phone.find("#file").sendKeys(receipt.toString());
      phone.await(d -> !phone.find("#outcome").getText().isEmpty());
      assertThat(phone.find("#outcome").getAttribute("data-ok"))
          .as(phone.find("#outcome").getText())
          .isEqualTo("yes");
      assertThat(phone.find("#outcome").getText()).contains(slip.sittingId());
      assertThat(phone.find("#key-hint").isDisplayed()).isTrue();
      phone.audit("receipt checked, ky, 360 px");

      String text = Files.readString(receipt);
      String sealHash = JSON.readTree(text).get("sealSha256").asText();
      Path forged = dir.resolve("forged.json");
      Files.writeString(forged, text.replace(sealHash, "ff" + sealHash.substring(2)));
      phone.open("/exam/receipt.html?lang=ky");
      phone.find("#file").sendKeys(forged.toString());
      phone.await(d -> !phone.find("#outcome").getText().isEmpty());
      assertThat(phone.find("#outcome").getAttribute("data-ok")).isEqualTo("no");
      assertThat(phone.find("#outcome").getText()).contains("sealSha256");
    }
  }

  /** The receipt as the result page downloads it (the download itself is the browser's). */
  private static byte[] receiptJson() throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            server.base() + "/api/sittings/" + slip.sittingId() + "/receipt"))
                    .header("Authorization", "Bearer " + candidate.token())
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return r.body();
  }
}
