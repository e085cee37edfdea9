package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.client.ExamServerClient;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * A marker marks on a lab PC's 1280 px screen, in a real Chromium against a real command side:
 * signs in, takes the session's scripts, reads an answer that holds markup (shown as text, never
 * run), scores each rubric criterion and records the mark; the page passes axe's WCAG 2.1 A/AA
 * audit in each state, in Kyrgyz and Russian.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class MarkingBrowserTest {
  private static final java.util.List<kg.exam.client.ExamServerClient.Session> CANDIDATES =
      new java.util.ArrayList<>();
  private static String chiefPassword;
  private static final String MARKUP_ESSAY =
      "<img src=x onerror=\"document.body.dataset.hacked='yes'\"> a² + b² = c²";
  private static CentralServer server;
  private static String password;

  @BeforeAll
  static void twoEssays() throws Exception {
    Phone.requireBrowser();
    server = new CentralServer();
    server.openSession("marking-ui-exam", DemoExam.content(), "marking-ui-session");
    server.send(
        "PUT", "/api/sessions/marking-ui-session/marking-plan", Map.of("doubleMarkingShare", 0.0));
    password = server.staff("marker-ui", Role.MARKER);
    chiefPassword = server.staff("chief-ui", Role.CHIEF_MARKER);
    ExamServerClient client =
        new ExamServerClient(
            server.base(), java.time.Duration.ofSeconds(10), 3, java.time.Duration.ofMillis(50));
    for (String essay : List.of(MARKUP_ESSAY, "Тик бурчтуу үч бурчтук.\nЭкинчи сап.")) {
      CentralServer.Slip slip = server.register("marking-ui-session", "C-" + essay.length(), 0);
      ExamServerClient.Session s = client.signIn(slip.candidateCode(), slip.pin());
      client.start(s);
      client.answer(s, "q9", List.of(essay), 1, Instant.now());
      client.submit(s);
      CANDIDATES.add(s);
    }
    for (int i = 0; i < 400; i++) {
      if (server
              .send("GET", "/api/sessions/marking-ui-session/marking", null)
              .get("scripts")
              .asInt()
          == 2) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the scripts were never opened");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  @org.junit.jupiter.api.Order(1)
  void aMarkerMarksTwoScriptsOnA1280pxScreen() throws Exception {
    try (Phone pc = new Phone(server.base(), 1280)) {
      pc.open("/marking/?lang=ky&session=marking-ui-session");
      pc.awaitPage("signin");
      assertThat(pc.find("h1").getText()).isEqualTo("Жазуу иштерин баалоо");
      pc.audit("marking sign-in, ky");
      pc.find("#account").sendKeys("marker-ui");
      pc.find("#password").sendKeys("wrong-password");
      pc.find("#signin button[type=submit]").click();
      pc.await(d -> !pc.find("#error").getText().isEmpty());
      assertThat(pc.find("#error").getText()).isEqualTo("Эсеп же сырсөз туура эмес.");

      pc.find("#password").clear();
      pc.find("#password").sendKeys(password);
      pc.find("#signin button[type=submit]").click();
      pc.awaitPage("queue");
      assertThat(pc.find("#empty").isDisplayed()).isTrue();
      pc.find("#take").click();
      pc.await(d -> pc.all("#scripts button").size() == 2);
      pc.audit("marking queue, ky");

      for (int n = 0; n < 2; n++) {
        pc.all("#scripts button").getFirst().click();
        pc.awaitPage("script");
        WebElement answer = pc.find("#answer");
        String shown = answer.getText();
        assertThat(shown).isIn(MARKUP_ESSAY, "Тик бурчтуу үч бурчтук.\nЭкинчи сап.");
        assertThat(pc.js("return document.querySelectorAll('#answer *').length")).isEqualTo(0L);
        assertThat(pc.all(".criterion input")).hasSize(2);
        if (n == 0) {
          pc.audit("marking a script, ky");
          // a mark above the criterion's points is refused on the page, nothing recorded
          pc.find("#c-statement").sendKeys("3");
          pc.find("#c-example").sendKeys("1");
          pc.find("#mark button[type=submit]").click();
          pc.await(d -> !pc.find("#error").getText().isEmpty());
          assertThat(pc.find("#c-statement").getAttribute("aria-invalid")).isEqualTo("true");
          pc.find("#c-statement").clear();
        }
        pc.find("#c-statement").sendKeys("2");
        if (n == 1) {
          pc.find("#c-example").sendKeys("1.5");
        }
        assertThat(pc.find("#total").getText()).isEqualTo(n == 0 ? "3" : "3.5");
        pc.find("#comment").sendKeys("Мисал толук эмес.");
        pc.find("#mark button[type=submit]").click();
        pc.awaitPage("queue");
        assertThat(pc.find("#status").getText()).isEqualTo("Баа жазылды.");
      }
      assertThat(pc.all("#scripts button")).isEmpty();
      assertThat(pc.js("return document.body.dataset.hacked || null")).isNull();

      new org.openqa.selenium.support.ui.Select(pc.find("#lang")).selectByValue("ru");
      assertThat(pc.find("#queue-title").getText()).isEqualTo("Мои работы");
      pc.audit("marking queue, ru");
    }
    var progress = server.send("GET", "/api/sessions/marking-ui-session/marking", null);
    assertThat(progress.get("resolved").asInt()).isEqualTo(2);
    assertThat(progress.get("marks").asInt()).isEqualTo(2);
  }

  /**
   * The chief marker, on the same page: sees the markers with their figures, decides a candidate's
   * appeal by re-marking the essay, and stops a marker; each state passes the axe audit.
   */
  @Test
  @org.junit.jupiter.api.Order(2)
  void aChiefMarkerDecidesAnAppealAndStopsAMarker() throws Exception {
    server.send("POST", "/api/sessions/marking-ui-session/close", Map.of("reason", "over"));
    server.send(
        "POST",
        "/api/sessions/marking-ui-session/results/release",
        Map.of("appealsCloseAt", Instant.now().plusSeconds(86_400).toString()));
    java.net.http.HttpResponse<String> appealed =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        server
                            .base()
                            .resolve(
                                "/api/sittings/" + CANDIDATES.getFirst().sittingId() + "/appeals"))
                    .header("Authorization", "Bearer " + CANDIDATES.getFirst().token())
                    .header("Content-Type", "application/json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"reason\":\"Мисал туура.\"}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(appealed.statusCode()).as(appealed.body()).isEqualTo(201);
    double before =
        server.sitting(CANDIDATES.getFirst().sittingId()).get("result").get("rawTotal").asDouble();

    try (Phone pc = new Phone(server.base(), 1280)) {
      pc.open("/marking/?lang=ru&session=marking-ui-session");
      pc.awaitPage("signin");
      pc.find("#account").sendKeys("chief-ui");
      pc.find("#password").sendKeys(chiefPassword);
      pc.find("#signin button[type=submit]").click();
      pc.awaitPage("queue");
      pc.await(d -> pc.find("#chief").isDisplayed() && !pc.all("#appeals button").isEmpty());
      assertThat(pc.find("#markers").getText()).contains("marker-ui");
      pc.audit("chief marker view, ru");

      pc.all("#appeals button").getFirst().click();
      pc.await(d -> pc.find("#appeal").isDisplayed());
      assertThat(pc.find("#appeal-reason").getText()).isEqualTo("Мисал туура.");
      pc.all("#appeal-scripts input").get(0).sendKeys("2");
      pc.all("#appeal-scripts input").get(1).sendKeys("2");
      new org.openqa.selenium.support.ui.Select(pc.find("#outcome")).selectByValue("SCORE_CHANGED");
      pc.find("#decision-reason").sendKeys("Мисал толук.");
      pc.audit("an appeal under review, ru");
      pc.find("#decision button[type=submit]").click();
      pc.await(d -> pc.find("#status").getText().equals("Решение записано."));

      // the markers list is redrawn after the decision: click the stop button once it stands still
      pc.await(
          d -> {
            pc.find("[data-stop='marker-ui']").click();
            return true;
          });
      pc.find("#stop-reason").sendKeys("Проверка закончена.");
      pc.find("#stop-confirm").click();
      pc.await(d -> pc.find("#status").getText().startsWith("Проверяющий отстранён"));
      pc.await(d -> pc.find("#markers").getText().contains("отстранён"));
      pc.audit("a marker stopped, ru");
    }
    for (int i = 0; i < 400; i++) {
      var result = server.sitting(CANDIDATES.getFirst().sittingId()).get("result");
      if ("APPEAL".equals(result.get("reason").asText())) {
        assertThat(result.get("rawTotal").asDouble()).isGreaterThan(before);
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the appeal's re-mark never re-scored the sitting");
  }
}
