package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.command.demo.DemoExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.Ed25519PublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The student UI in a real headless Chromium on a phone-sized window, against a real command side
 * (in-process, embedded PostgreSQL) that serves it at {@code /exam/}: a whole exam in Kyrgyz with
 * every item type, reload and crash mid-exam, hand-in, the server's refusals, time-out and a shared
 * device. What the browser did is checked at the command side as its centre administrator.
 */
class StudentUiBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SESSION = "ui-session";
  private static final String SHORT_SESSION = "ui-short-session";
  private static final String ESSAY =
      "Тик бурчтуу үч бурчтукта гипотенузанын квадраты катеттердин квадраттарынын суммасына"
          + " барабар: c² = a² + b². Мисалы, 3² + 4² = 5².";

  private static CentralServer server;
  private static Map<String, String> ky;
  private static int candidates;

  @BeforeAll
  static void startServer() throws Exception {
    Phone.requireBrowser();
    server = new CentralServer();
    server.openSession("ui-exam", DemoExam.content(), SESSION);
    ExamContent demo = DemoExam.content();
    server.openSession(
        "ui-short",
        new ExamContent(
            demo.title(),
            demo.subject(),
            demo.grade(),
            demo.language(),
            1,
            demo.sections(),
            demo.items(),
            demo.scoring()),
        SHORT_SESSION);
    ky = dictionary("ky");
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldServeTheUiToAnyoneAndTheDataOnlyWithAToken() throws Exception {
    HttpResponse<String> page = server.anonymousGet("/exam/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"app.js\"></script>");
    HttpResponse<String> script = server.anonymousGet("/exam/app.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(server.anonymousGet("/exam/i18n/ky.json").statusCode()).isEqualTo(200);
    assertThat(server.anonymousGet("/exam").statusCode()).isIn(301, 302);
    assertThat(server.anonymousGet("/api/sittings/anything").statusCode()).isEqualTo(401);
  }

  @Test
  void shouldSitAWholeKyrgyzExamOnAPhoneWithEveryItemTypeAndArriveSignedAndScored()
      throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 25);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, slip);
      phone.awaitPage("start");
      assertThat(phone.find("#extra-note").getText()).isEqualTo(ky("start.extra", "p", "25"));
      shot(phone, "start");
      phone.audit("student UI start page, ky, 360 px");
      phone.find("#start").click();
      phone.awaitPage("item");

      // server-authoritative countdown: 40 minutes plus 25 % extra time, and the extra time shown
      long remainingMs = Long.parseLong(phone.find("#timer").getAttribute("data-remaining-ms"));
      assertThat(remainingMs).isBetween(49 * 60_000L, 50 * 60_000L);
      assertThat(phone.find("#extra").getText()).isEqualTo(ky("timer.extra", "p", "25"));
      assertThat(phone.find("#clock").getText()).matches("(49|50):\\d\\d");
      assertThat(phone.find(".qnum").getText()).isEqualTo(ky("item.of", "i", "1", "n", "9"));
      assertThat(phone.find("#item").getAttribute("lang")).isEqualTo("ky");

      // q1 single choice, by keyboard
      WebElement first = phone.find("#item input[value='A']");
      first.sendKeys(Keys.SPACE);
      first.sendKeys(Keys.ARROW_DOWN); // the radio group moves to and selects B
      assertThat(phone.find("#item input[value='B']").isSelected()).isTrue();
      checkAccessibleAndFitsThePhone(phone);
      next(phone);
      // q2 multiple response; flagged, then the flag cleared again
      phone.find("#item input[value='A']").click();
      phone.find("#item input[value='C']").click();
      phone.find("#flag").click();
      phone.find("#flag").click();
      checkAccessibleAndFitsThePhone(phone);
      next(phone);
      // q3 true/false, labels in Kyrgyz
      assertThat(phone.find("#item label.opt").getText()).isEqualTo(ky.get("tf.true"));
      phone.find("#item input[value='true']").sendKeys(Keys.SPACE);
      next(phone);
      // q4 numeric with a decimal comma, as written in Kyrgyz
      phone.find("#in-q4").sendKeys("1,41");
      checkAccessibleAndFitsThePhone(phone);
      phone.awaitSaved();
      assertThat(phone.find("#item").getAttribute("data-item")).isEqualTo("q4");

      // reload mid-exam: the server's state restores answers and the current question
      phone.driver.navigate().refresh();
      phone.awaitPage("item");
      assertThat(phone.find("#item").getAttribute("data-item")).isEqualTo("q4");
      assertThat(phone.find("#in-q4").getAttribute("value")).isEqualTo("1.41");
      phone.find("[data-goto='q1']").click();
      assertThat(phone.find("#item input[value='B']").isSelected()).isTrue();
      phone.find("[data-goto='q2']").click();
      assertThat(phone.find("#item input[value='A']").isSelected()).isTrue();
      assertThat(phone.find("#item input[value='C']").isSelected()).isTrue();
      assertThat(phone.find("#flag").getAttribute("aria-pressed")).isEqualTo("false");

      // offline: the answer waits in the stored queue; the page then crashes and is opened anew
      phone.find("[data-goto='q5']").click();
      phone.offline(true);
      phone.find("#in-q5").sendKeys("ромб");
      phone.await(d -> "offline".equals(phone.find("#save").getAttribute("data-state")));
      assertThat(phone.find("#save").getText()).isEqualTo(ky("save.offline", "n", "1"));
      phone.audit("student UI q5 offline with an answer queued, ky, 360 px");
      assertThat((String) phone.js("return localStorage.getItem('exam.data')")).contains("ромб");
      phone.driver.get("about:blank");
      phone.offline(false);
      phone.open("/exam/");
      phone.awaitPage("item");
      phone.awaitSaved();
      assertThat(phone.find("#item").getAttribute("data-item")).isEqualTo("q5");
      assertThat(phone.find("#in-q5").getAttribute("value")).isEqualTo("ромб");
      phone.find("#flag").click();
      assertThat(phone.find("#flag").getText()).isEqualTo(ky.get("item.flagged"));
      next(phone);

      // q6 ordering with the keyboard: A one place down gives B, A, C
      phone.find("[data-move='Ad']").sendKeys(Keys.ENTER);
      assertThat(
              phone.all("#item li[data-choice]").stream()
                  .map(e -> e.getAttribute("data-choice"))
                  .toList())
          .containsExactly("B", "A", "C");
      checkAccessibleAndFitsThePhone(phone);
      next(phone);
      // q7 matching
      new Select(phone.find("#m-q7-S")).selectByValue("1");
      new Select(phone.find("#m-q7-C")).selectByValue("2");
      checkAccessibleAndFitsThePhone(phone);
      next(phone);
      // q8 gaps inside the sentence
      phone.find("[data-gap='g1']").sendKeys("30");
      phone.find("[data-gap='g2']").sendKeys("6");
      checkAccessibleAndFitsThePhone(phone);
      next(phone);
      // q9 extended text, flagged
      phone.find("#in-q9").sendKeys(ESSAY);
      phone.find("#flag").click();
      checkAccessibleAndFitsThePhone(phone);

      // font size and high contrast
      String before = (String) phone.js("return getComputedStyle(document.body).fontSize");
      phone.find("#font-up").click();
      assertThat((String) phone.js("return getComputedStyle(document.body).fontSize"))
          .isNotEqualTo(before);
      phone.find("#font-down").click();
      phone.find("#contrast").click();
      assertThat(phone.find("body").getAttribute("class")).contains("hc");
      assertThat(phone.find("#contrast").getAttribute("aria-pressed")).isEqualTo("true");
      phone.audit("student UI q9 in high contrast, ky, 360 px");
      phone.find("#contrast").click();

      phone.awaitSaved();
      phone.find("#to-review").click();
      phone.awaitPage("review");
      assertThat(phone.find("#review-counts").getText())
          .isEqualTo(ky("review.counts", "a", "9", "n", "9", "f", "2"));
      shot(phone, "review");
      phone.audit("student UI review, ky, 360 px");
      phone.find("#submit").click();
      phone.await(d -> phone.find("#confirm").isDisplayed());
      phone.audit("student UI hand-in confirmation, ky, 360 px");
      assertThat(phone.find("#confirm-body").getText()).contains(ky("submit.flagged", "n", "2"));
      phone.find("#confirm-yes").click();
      phone.awaitPage("done");
      assertThat(phone.find("#done-status").getAttribute("data-status")).isEqualTo("SUBMITTED");
      assertThat(phone.find("#done-status").getText()).isEqualTo(ky.get("done.submitted"));
      // no result before the centre releases it: the page says so and links the results page
      assertThat(phone.find("#result").getText()).startsWith(ky.get("done.later"));
      assertThat(phone.find("#result a").getAttribute("href")).endsWith("result.html");
      shot(phone, "done");
      phone.audit("student UI handed in, ky, 360 px");
      assertNothingStored(phone);
    }

    JsonNode sitting = awaitScored(slip.sittingId());
    assertThat(sitting.get("status").asText()).isEqualTo("SUBMITTED");
    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("q1", List.of("B"));
    expected.put("q2", List.of("A", "C"));
    expected.put("q3", List.of("true"));
    expected.put("q4", List.of("1.41"));
    expected.put("q5", List.of("ромб"));
    expected.put("q6", List.of("B", "A", "C"));
    expected.put("q7", List.of("S 1", "C 2"));
    expected.put("q8", List.of("g1=30", "g2=6"));
    expected.put("q9", List.of(ESSAY));
    Map<String, List<String>> answers = new LinkedHashMap<>();
    sitting
        .get("answers")
        .properties()
        .forEach(e -> answers.put(e.getKey(), strings(e.getValue())));
    assertThat(answers).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(sitting.get("flaggedItems").toString()).contains("q5", "q9").doesNotContain("q2");
    assertThat(sitting.get("extraTimePercent").asInt()).isEqualTo(25);
    // every objectively scored item earned full marks
    for (JsonNode s : sitting.at("/result/itemScores")) {
      if (!s.get("itemId").asText().equals("q9")) {
        assertThat(s.get("score").asDouble())
            .as(s.toString())
            .isEqualTo(s.get("maxScore").asDouble());
      }
    }
    // one device, one key: the reload and the re-opened page kept the key in IndexedDB
    assertThat(signedAnswers(slip.sittingId(), 1)).isGreaterThanOrEqualTo(9);
  }

  @Test
  void shouldSignAnswersOverTheSameCanonicalBytesAsTheContract() throws Exception {
    try (Phone phone = new Phone(server.base())) {
      phone.open("/exam/");
      phone.awaitPage("signin");
      String[] texts = {
        "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"
            + "\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
            + "\"literals\":[null,true,false]}",
        "{\"\\r\":1,\"1\":2,\"\\u0080\":3,\"ö\":4,\"€\":5,\"😀\":6,\"דּ\":7,\"a\":{\"z\":[],\"b\":{}}}",
        "[1e21,1e20,0.000001,1e-7,-0,9007199254740991,\"ңөү\\u2028\\u007f\\u001f\"]"
      };
      for (String text : texts) {
        assertThat(
                (String)
                    phone.js("return window.examUi.canonicalJson(JSON.parse(arguments[0]))", text))
            .as(text)
            .isEqualTo(new String(CanonicalJson.canonicalize(text), StandardCharsets.UTF_8));
      }
      List<List<String>> responses =
          List.of(
              List.of("A", "C"),
              List.of("Теңдеме \"x\" \\ ң\nө\tү 😀"),
              List.of(),
              List.of("S 1", "C 2"));
      for (List<String> response : responses) {
        for (String ts : List.of("2026-05-20T09:14:03.250Z", "2026-05-20T09:14:03Z")) {
          Instant at = Instant.parse(ts);
          String browser =
              (String)
                  phone.js(
                      "return window.examUi.answerSignedText('sitting-ж', 'q2', arguments[0],"
                          + " 9007199254740991, window.examUi.instantText(arguments[1]))",
                      response,
                      at.toEpochMilli());
          assertThat(browser)
              .isEqualTo(
                  AnswerSignatures.signedText("sitting-ж", "q2", response, 9007199254740991L, at));
        }
      }
    }
  }

  @Test
  void shouldShowTheServersRefusalTranslatedAndChangeNothing() throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      int events = server.events(slip.sittingId()).size();

      // an essay over the server's 20,000-character limit (pasted past the counter)
      phone.find("[data-goto='q9']").click();
      phone.js(
          "const t = document.querySelector('#in-q9'); t.value = 'ө'.repeat(20001);"
              + " t.dispatchEvent(new Event('input', {bubbles: true}));");
      awaitProblem(phone, "oversized-response");
      assertThat(phone.find("#notice").getText()).contains(ky.get("problem.oversized-response"));
      phone.await(d -> "error".equals(phone.find("#save").getAttribute("data-state")));

      // an answer to an item the form does not have (a page tampered with)
      phone.find("#notice button").click();
      phone.find("[data-goto='q5']").click();
      phone.js("document.querySelector('#item').setAttribute('data-item', 'q-unknown')");
      phone.find("#in-q5").sendKeys("ромб");
      awaitProblem(phone, "unknown-item");
      assertThat(phone.find("#notice").getText()).contains(ky.get("problem.unknown-item"));
      phone.await(d -> "0".equals(phone.find("#save").getAttribute("data-pending")));

      JsonNode sitting = server.sitting(slip.sittingId());
      assertThat(sitting.get("answers").size()).isZero();
      assertThat(server.events(slip.sittingId()).size()).isEqualTo(events);

      // and the exam goes on
      phone.find("[data-goto='q1']").click();
      phone.find("#item input[value='B']").click();
      phone.await(d -> "0".equals(phone.find("#save").getAttribute("data-pending")));
      phone.await(d -> answers(slip.sittingId()).containsKey("q1"));
      assertThat(answers(slip.sittingId())).containsOnlyKeys("q1");
    }
  }

  @Test
  void shouldHandInWhenTheLastQueuedAnswerIsRefused() throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");

      // offline, an answer the server will refuse is the last thing queued before the hand-in
      phone.offline(true);
      phone.find("[data-goto='q5']").click();
      phone.js("document.querySelector('#item').setAttribute('data-item', 'q-unknown')");
      phone.find("#in-q5").sendKeys("ромб");
      phone.await(d -> "offline".equals(phone.find("#save").getAttribute("data-state")));
      phone.find("#review").click();
      phone.awaitPage("review");
      phone.find("#submit").click();
      phone.await(d -> phone.find("#confirm").isDisplayed());
      phone.find("#confirm-yes").click();

      // back online: the refusal empties the queue, and the hand-in goes on instead of waiting
      phone.offline(false);
      phone.awaitPage("done");
      assertThat(server.sitting(slip.sittingId()).get("status").asText()).isEqualTo("SUBMITTED");
      assertThat(answers(slip.sittingId())).isEmpty();
    }
  }

  @Test
  void shouldHandInAtTheServersDeadlineAndRefuseAnAnswerQueuedPastIt() throws Exception {
    CentralServer.Slip slip = server.register(SHORT_SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      assertThat(Long.parseLong(phone.find("#timer").getAttribute("data-remaining-ms")))
          .isBetween(1L, 60_000L);
      phone.find("#item input[value='B']").click();
      phone.awaitSaved();

      // the link drops; an answer made now reaches the server only after its deadline
      phone.offline(true);
      phone.find("[data-goto='q3']").click();
      phone.find("#item input[value='true']").click();
      phone.await(d -> "offline".equals(phone.find("#save").getAttribute("data-state")));
      for (int i = 0;
          !"TIMED_OUT".equals(server.sitting(slip.sittingId()).get("status").asText());
          i++) {
        assertThat(i).as("the server's time-out of a 1-minute sitting").isLessThan(1800);
        Thread.sleep(100);
      }
      assertThat(phone.find("#timeup-msg").getText()).isEqualTo(ky.get("timeup.text"));
      phone.offline(false);

      phone.awaitPage("done");
      assertThat(phone.find("#done-status").getAttribute("data-status")).isEqualTo("TIMED_OUT");
      assertThat(phone.find("#done-status").getText()).isEqualTo(ky.get("done.timedOut"));
      String problem = phone.find("#notice").getAttribute("data-problem");
      assertThat(problem).isIn("sitting-finished", "answer-after-deadline");
      assertThat(phone.find("#notice").getText()).contains(ky.get("problem." + problem));
      assertNothingStored(phone);
    }
    assertThat(answers(slip.sittingId())).containsOnlyKeys("q1");
  }

  @Test
  void shouldLeaveNothingOfOneCandidateOnASharedDeviceForTheNext() throws Exception {
    CentralServer.Slip first = server.register(SESSION, nextCandidate(), 0);
    CentralServer.Slip second = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, first);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      phone.find("[data-goto='q9']").click();
      phone.find("#in-q9").sendKeys("Биринчи окуучунун жообу");
      phone.find("#flag").click();
      phone.awaitSaved();

      phone.find("#signout").click();
      phone.await(d -> phone.find("#confirm").isDisplayed());
      phone.find("#confirm-yes").click();
      phone.awaitPage("signin");
      assertNothingStored(phone);
      assertThat(phone.find("body").getText()).doesNotContain("Биринчи окуучунун жообу");

      signIn(phone, second);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      assertThat(phone.all(".grid button.answered")).isEmpty();
      assertThat(phone.all(".grid button.flagged")).isEmpty();
      phone.find("[data-goto='q9']").click();
      assertThat(phone.find("#in-q9").getAttribute("value")).isEmpty();
      assertThat((String) phone.js("return localStorage.getItem('exam.session')"))
          .contains(second.sittingId())
          .doesNotContain(first.sittingId());
      assertThat(phone.find("body").getText()).doesNotContain("Биринчи окуучунун жообу");
    }
    // the first candidate's work is safe at the server
    assertThat(answers(first.sittingId()).get("q9")).containsExactly("Биринчи окуучунун жообу");
  }

  @Test
  void shouldResumeOnAnotherDeviceWithTheServersAnswersAndItsOwnKey() throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      phone.find("#item input[value='B']").click();
      phone.find("#flag").click();
      phone.awaitSaved();
    }
    // the phone's battery dies; the candidate goes on at a lab PC (a browser with nothing stored)
    try (Phone pc = new Phone(server.base())) {
      signIn(pc, slip);
      pc.awaitPage("item");
      assertThat(pc.find("#item input[value='B']").isSelected()).isTrue();
      assertThat(pc.find("#flag").getAttribute("aria-pressed")).isEqualTo("true");
      pc.find("[data-goto='q3']").click();
      pc.find("#item input[value='false']").click();
      pc.awaitSaved();
    }
    assertThat(answers(slip.sittingId()))
        .containsEntry("q1", List.of("B"))
        .containsEntry("q3", List.of("false"));
    assertThat(signedAnswers(slip.sittingId(), 2)).isEqualTo(2);
  }

  @Test
  void shouldOfferFiveLanguagesOnTheSignInPageWithKyrgyzFirst() throws Exception {
    try (Phone phone = new Phone(server.base())) {
      phone.open("/exam/");
      phone.awaitPage("signin");
      assertThat(phone.find("html").getAttribute("lang")).isEqualTo("ky");
      assertThat(phone.find("h1").getText()).isEqualTo(ky.get("signin.title"));
      shot(phone, "signin");
      for (String lang : List.of("ru", "uz", "tg", "en", "ky")) {
        phone.find("[data-lang='" + lang + "']").click();
        Map<String, String> d = dictionary(lang);
        phone.await(x -> d.get("signin.title").equals(phone.find("h1").getText()));
        assertThat(phone.find("label[for='code']").getText()).isEqualTo(d.get("signin.code"));
        assertThat(phone.find("html").getAttribute("lang")).isEqualTo(lang);
      }
    }
  }

  /**
   * axe-core's WCAG 2.1 A/AA audit of every page state of a sitting (sign-in, start, each item
   * type, the last item in high contrast, review, the hand-in confirmation, handed in), in each of
   * the five languages, on a phone (360 px) and a lab PC (1280 px).
   */
  @Test
  void shouldPassTheWcagAuditOnEveryPageInFiveLanguagesOnAPhoneAndALabPc() throws Exception {
    for (int width : new int[] {360, 1280}) {
      for (String lang : List.of("ky", "ru", "uz", "tg", "en")) {
        String at = lang + ", " + width + " px";
        try (Phone phone = new Phone(server.base(), width)) {
          walkEveryPage(phone, lang, page -> phone.audit("student UI " + page + ", " + at));
        }
      }
    }
  }

  /**
   * WCAG 1.4.10 (reflow at 320 CSS px), 1.4.4 (text at 200 %, the browser's default font size
   * doubled, on a phone and on a lab PC) and 1.4.12 (the text spacing a user may set, on a phone),
   * in Kyrgyz and Russian, whose words run long: on every page of a sitting nothing scrolls
   * sideways, reaches past the window or is clipped.
   */
  @Test
  void shouldReflowAt320PxWithTextAt200PercentAndWithWiderTextSpacingInKyrgyzAndRussian()
      throws Exception {
    // width, the browser's default font size, and 1 for WCAG 1.4.12's text spacing
    int[][] layouts = {{320, 16, 0}, {360, 32, 0}, {1280, 32, 0}, {360, 16, 1}};
    for (int[] layout : layouts) {
      for (String lang : List.of("ky", "ru")) {
        String at =
            lang
                + ", "
                + layout[0]
                + " px, text "
                + layout[1] * 100 / 16
                + " %"
                + (layout[2] == 1 ? ", text spacing of WCAG 1.4.12" : "");
        try (Phone phone = new Phone(server.base(), layout[0], layout[1])) {
          if (layout[2] == 1) {
            // WCAG 1.4.12: line height 1.5, paragraphs 2 em apart, letters 0.12 em, words 0.16 em
            phone.driver.executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument",
                Map.of(
                    "source",
                    "document.addEventListener('DOMContentLoaded', () => {"
                        + " const s = document.createElement('style');"
                        + " s.textContent = '* { line-height: 1.5 !important;"
                        + " letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }"
                        + " p { margin-bottom: 2em !important; }';"
                        + " document.head.append(s); });"));
          }
          walkEveryPage(
              phone,
              lang,
              page -> {
                if (page.equals("sign-in")) {
                  assertThat(
                          Double.parseDouble(
                              ((String) phone.js("return getComputedStyle(document.body).fontSize"))
                                  .replace("px", "")))
                      .as("the body's text size follows the browser's")
                      .isGreaterThanOrEqualTo(layout[1]);
                }
                phone.assertReflows(page + ", " + at);
              });
        }
      }
    }
  }

  /**
   * Sits a new candidate's exam through every page in the given UI language, without answering, and
   * runs {@code check} on each: "sign-in", "start page", each item by its id, "last item in high
   * contrast", "review", "hand-in confirmation", "handed in".
   */
  private static void walkEveryPage(
      Phone phone, String lang, java.util.function.Consumer<String> check) throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 0);
    phone.open("/exam/");
    phone.awaitPage("signin");
    phone.find("[data-lang='" + lang + "']").click();
    Map<String, String> d = dictionary(lang);
    phone.await(x -> d.get("signin.title").equals(phone.find("h1").getText()));
    check.accept("sign-in");
    phone.find("#code").sendKeys(slip.candidateCode());
    phone.find("#pin").sendKeys(slip.pin(), Keys.ENTER);
    phone.awaitPage("start");
    assertThat(phone.find("html").getAttribute("lang")).isEqualTo(lang);
    check.accept("start page");
    phone.find("#start").click();
    phone.awaitPage("item");
    int items = phone.all("[data-goto]").size();
    assertThat(items).as("the demo exam's items").isEqualTo(9);
    for (int i = 1; i <= items; i++) {
      check.accept(phone.find("#item").getAttribute("data-item"));
      if (i < items) {
        next(phone);
      }
    }
    phone.find("#contrast").click();
    check.accept("last item in high contrast");
    phone.find("#contrast").click();
    phone.find("#to-review").click();
    phone.awaitPage("review");
    check.accept("review");
    phone.find("#submit").click();
    phone.await(x -> phone.find("#confirm").isDisplayed());
    check.accept("hand-in confirmation");
    phone.find("#confirm-yes").click();
    phone.awaitPage("done");
    check.accept("handed in");
  }

  /**
   * A whole exam sat by keyboard alone (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): no click anywhere, every
   * item type answered (ordering by its ↑ ↓ buttons, matching by its selects, no drag and drop); on
   * every page one round of Tab stops at every control in reading order with its focus visible and
   * comes back to the start; the hand-in dialog keeps the focus inside and Escape closes it; and
   * the answers arrive as typed.
   */
  @Test
  void shouldSitAWholeExamByKeyboardAloneWithVisibleFocusInReadingOrderAndNoTrap()
      throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base(), 1280)) {
      phone.open("/exam/");
      phone.awaitPage("signin");
      phone.assertTabRound("sign-in");
      phone.tabTo("#code");
      phone.keys(slip.candidateCode());
      phone.tabTo("#pin");
      phone.keys(slip.pin(), Keys.ENTER);
      phone.awaitPage("start");
      phone.assertTabRound("start page");
      phone.tabTo("#start");
      phone.keys(Keys.ENTER);
      phone.awaitPage("item");

      // q1 single choice: Tab into the group, arrows choose
      phone.assertTabRound("q1");
      phone.tabTo("#item input[type=radio]");
      phone.keys(Keys.SPACE, Keys.ARROW_DOWN);
      keyNext(phone);
      // q2 multiple response: A and C
      phone.assertTabRound("q2");
      phone.tabTo("#item input[value='A']");
      phone.keys(Keys.SPACE);
      phone.tabTo("#item input[value='C']");
      phone.keys(Keys.SPACE);
      keyNext(phone);
      // q3 true/false
      phone.assertTabRound("q3");
      phone.tabTo("#item input[type=radio]");
      phone.keys(Keys.SPACE);
      keyNext(phone);
      // q4 numeric, q5 short text
      phone.assertTabRound("q4");
      phone.tabTo("#in-q4");
      phone.keys("1.41");
      keyNext(phone);
      phone.assertTabRound("q5");
      phone.tabTo("#in-q5");
      phone.keys("ромб");
      keyNext(phone);
      // q6 ordering by the buttons: A one place down
      phone.assertTabRound("q6");
      phone.tabTo("[data-move='Ad']");
      phone.keys(Keys.ENTER);
      assertThat(phone.focusName()).as("the focus stays with the moved choice").contains("A");
      keyNext(phone);
      // q7 matching by the selects' arrow keys
      phone.assertTabRound("q7");
      phone.tabTo("#m-q7-S");
      phone.keys(Keys.ARROW_DOWN);
      phone.tabTo("#m-q7-C");
      phone.keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN);
      keyNext(phone);
      // q8 gaps, q9 extended text
      phone.assertTabRound("q8");
      phone.tabTo("[data-gap='g1']");
      phone.keys("30");
      phone.tabTo("[data-gap='g2']");
      phone.keys("6");
      keyNext(phone);
      phone.assertTabRound("q9");
      phone.tabTo("#in-q9");
      phone.keys(ESSAY);
      phone.awaitSaved();

      phone.tabTo("#to-review");
      phone.keys(Keys.ENTER);
      phone.awaitPage("review");
      phone.assertTabRound("review");
      phone.tabTo("#submit");
      phone.keys(Keys.ENTER);
      phone.await(d -> phone.find("#confirm").isDisplayed());
      int inDialog = phone.assertTabRound("the hand-in dialog");
      assertThat(inDialog).as("Tab stays in the dialog's two buttons").isEqualTo(2);
      phone.keys(Keys.ESCAPE);
      phone.await(d -> !phone.find("#confirm").isDisplayed());
      phone.tabTo("#submit");
      phone.keys(Keys.ENTER);
      phone.await(d -> phone.find("#confirm").isDisplayed());
      phone.tabTo("#confirm-yes");
      phone.keys(Keys.ENTER);
      phone.awaitPage("done");
      phone.assertTabRound("handed in");
    }

    JsonNode sitting = awaitScored(slip.sittingId());
    Map<String, List<String>> answers = new LinkedHashMap<>();
    sitting
        .get("answers")
        .properties()
        .forEach(e -> answers.put(e.getKey(), strings(e.getValue())));
    assertThat(answers)
        .containsEntry("q1", List.of("B"))
        .containsEntry("q2", List.of("A", "C"))
        .containsEntry("q3", List.of("true"))
        .containsEntry("q4", List.of("1.41"))
        .containsEntry("q5", List.of("ромб"))
        .containsEntry("q6", List.of("B", "A", "C"))
        .containsEntry("q7", List.of("S 1", "C 2"))
        .containsEntry("q8", List.of("g1=30", "g2=6"))
        .containsEntry("q9", List.of(ESSAY));
  }

  /** The roles a screen reader lets a candidate operate: each needs an accessible name. */
  private static final Set<String> OPERABLE_ROLES =
      Set.of(
          "button",
          "checkbox",
          "radio",
          "textbox",
          "combobox",
          "listbox",
          "spinbutton",
          "link",
          "searchbox",
          "switch",
          "menuitem",
          "option");

  /**
   * What a screen reader gets, read from Chromium's accessibility tree (DevTools protocol {@code
   * Accessibility.getFullAXTree}) on every item type: each control has its role and a name, each
   * item page has the exam's title as its first-level heading and the item's number as a
   * second-level one, the countdown is a timer and the save state a polite status; and the time
   * warnings are spoken once each, at 10, 5 and 1 minutes left, in a polite live region, never
   * every second (the page's clock is moved forward to each of them).
   */
  @Test
  @SuppressWarnings("unchecked")
  void shouldGiveScreenReadersRolesNamesAndHeadingsAndSpeakEachTimeWarningOnce() throws Exception {
    CentralServer.Slip slip = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      // the page's monotonic clock, movable forward by the test
      phone.driver.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument",
          Map.of(
              "source",
              "(() => { const now = performance.now.bind(performance); window.__ahead = 0;"
                  + " performance.now = () => now() + window.__ahead; })();"));
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      assertThat(phone.find("#save").getAttribute("role")).isEqualTo("status");
      assertThat(phone.find("#save").getAttribute("aria-live")).isEqualTo("polite");
      assertThat(phone.find("#announce").getAttribute("aria-live")).isEqualTo("polite");

      for (int i = 1; i <= 9; i++) {
        String item = phone.find("#item").getAttribute("data-item");
        List<Map<String, Object>> nodes = axTree(phone);
        List<String> unnamed = new ArrayList<>();
        List<String> headings = new ArrayList<>();
        Set<String> roles = new java.util.HashSet<>();
        for (Map<String, Object> node : nodes) {
          if (Boolean.TRUE.equals(node.get("ignored"))) {
            continue;
          }
          String role = axValue(node.get("role"));
          String name = axValue(node.get("name"));
          roles.add(role);
          if (OPERABLE_ROLES.contains(role) && name.isBlank()) {
            unnamed.add(role + " " + node.get("backendDOMNodeId"));
          }
          if ("heading".equals(role)) {
            headings.add(axLevel(node) + ":" + name);
          }
        }
        assertThat(unnamed).as(item + ": controls without an accessible name").isEmpty();
        assertThat(roles).as(item).contains("timer", "status");
        assertThat(headings)
            .as(item + ": the exam's title, then the item's number")
            .contains("1:" + DemoExam.content().title())
            .contains("2:" + ky("item.of", "i", String.valueOf(i), "n", "9"));
        if (i < 9) {
          next(phone);
        }
      }

      phone.js(
          "window.__said = [];"
              + " new MutationObserver(() => window.__said.push("
              + "document.getElementById('announce').textContent))"
              + ".observe(document.getElementById('announce'),"
              + " {childList: true, characterData: true, subtree: true});");
      for (int minutes : new int[] {10, 5, 1}) {
        long remaining = Long.parseLong(phone.find("#timer").getAttribute("data-remaining-ms"));
        phone.js("window.__ahead += arguments[0]", remaining - (minutes * 60_000L - 2_000));
        String warning = ky.get("timer.warn" + minutes);
        phone.await(d -> ((List<?>) phone.js("return window.__said")).contains(warning));
      }
      Thread.sleep(3_000); // twelve ticks of the countdown, which say nothing more
      assertThat((List<Object>) phone.js("return window.__said"))
          .containsExactly(ky.get("timer.warn10"), ky.get("timer.warn5"), ky.get("timer.warn1"));
    }
  }

  /**
   * Read-aloud, an accommodation recorded at registration: the candidate who has it gets a "Read
   * aloud" button on every item, which speaks the prompt and its choices with the device's voice
   * for the exam's language; on a device without such a voice it says so clearly instead of staying
   * silent. A candidate without the accommodation has no such button.
   */
  @Test
  void shouldReadPromptsAndChoicesAloudForACandidateWithTheAccommodationOrSayThereIsNoVoice()
      throws Exception {
    // the device's speech synthesis, stood in for: a Kyrgyz voice when asked for, else none
    String synthesis =
        "(() => { const voices = location.hash === '#voice' ? [{name: 'Kyrgyz', lang: 'ky-KG'}]"
            + " : [{name: 'English', lang: 'en-US'}]; window.__spoken = [];"
            + " Object.defineProperty(window, 'speechSynthesis', {value: {getVoices: () => voices,"
            + " speak: (u) => window.__spoken.push([u.lang, u.text]), cancel: () => {},"
            + " addEventListener: () => {}}});"
            + " window.SpeechSynthesisUtterance = function (text) { this.text = text; }; })();";
    for (boolean voice : new boolean[] {true, false}) {
      CentralServer.Slip slip =
          server.register(SESSION, nextCandidate(), 0, Map.of("readAloud", true));
      try (Phone phone = new Phone(server.base())) {
        phone.driver.executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", synthesis));
        phone.open("/exam/" + (voice ? "#voice" : ""));
        phone.awaitPage("signin");
        phone.find("#code").sendKeys(slip.candidateCode());
        phone.find("#pin").sendKeys(slip.pin(), Keys.ENTER);
        phone.awaitPage("start");
        phone.find("#start").click();
        phone.awaitPage("item");
        assertThat(phone.find("#read-aloud").getText()).isEqualTo(ky.get("read.aloud"));
        phone.find("#read-aloud").click();
        if (voice) {
          phone.await(d -> !((List<?>) phone.js("return window.__spoken")).isEmpty());
          List<?> spoken = (List<?>) ((List<?>) phone.js("return window.__spoken")).get(0);
          assertThat(spoken.get(0)).isEqualTo("ky-KG");
          String text = (String) spoken.get(1);
          var q1 = DemoExam.content().items().get(0);
          assertThat(text).startsWith(q1.prompt());
          q1.choices().forEach(c -> assertThat(text).contains(c.text()));
          assertThat(phone.find("#read-msg").getText()).isEmpty();
        } else {
          phone.await(d -> ky.get("read.noVoice").equals(phone.find("#read-msg").getText()));
          assertThat((List<?>) phone.js("return window.__spoken")).isEmpty();
        }
        phone.audit("student UI with read-aloud, ky, 360 px, " + (voice ? "voice" : "no voice"));
      }
    }
    CentralServer.Slip without = server.register(SESSION, nextCandidate(), 0);
    try (Phone phone = new Phone(server.base())) {
      signIn(phone, without);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      assertThat(phone.all("#read-aloud")).isEmpty();
    }
  }

  /**
   * A prompt and a choice that show a picture: the candidate's phone shows both, decoded, with
   * their alternative text, inside the item's label; the picture is read aloud as its alternative
   * text, never as its hash; the page passes the accessibility audit.
   */
  @Test
  void shouldShowThePicturesOfAPromptAndItsChoicesWithTheirAlternativeText() throws Exception {
    byte[] png =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of(
                "../command-side/src/test/resources/qti/ims-qti-2.1/images/sign.png"));
    String sha = server.storeMedium(png, "image/png");
    ExamContent demo = DemoExam.content();
    var q1 = demo.items().getFirst();
    var pictured =
        new kg.exam.contract.exam.ItemDefinition(
            q1.itemId(),
            q1.sectionId(),
            q1.type(),
            q1.maxScore(),
            q1.weight(),
            "Сүрөттө эмне жазылган? ![Жүгүңүздү кароосуз калтырбаңыз](media:" + sha + ")",
            List.of(
                new kg.exam.contract.exam.Choice("A", "Ушул: ![белги](media:" + sha + ")"),
                new kg.exam.contract.exam.Choice("B", "Эч нерсе")),
            q1.targets(),
            kg.exam.contract.exam.ItemKey.matchCorrect(List.of("A")));
    server.openSession(
        "ui-media",
        new ExamContent(
            demo.title(),
            demo.subject(),
            demo.grade(),
            demo.language(),
            demo.durationMinutes(),
            demo.sections(),
            List.of(pictured),
            demo.scoring()),
        "ui-media-session");
    CentralServer.Slip slip =
        server.register("ui-media-session", nextCandidate(), 0, Map.of("readAloud", true));
    try (Phone phone = new Phone(server.base())) {
      phone.driver.executeCdpCommand(
          "Page.addScriptToEvaluateOnNewDocument",
          Map.of(
              "source",
              "window.__spoken = []; Object.defineProperty(window, 'speechSynthesis', {value:"
                  + " {getVoices: () => [{name: 'Kyrgyz', lang: 'ky-KG'}], speak: (u) =>"
                  + " window.__spoken.push(u.text), cancel: () => {}, addEventListener: () =>"
                  + " {}}}); window.SpeechSynthesisUtterance = function (text) { this.text ="
                  + " text; };"));
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.find("#start").click();
      phone.awaitPage("item");
      phone.await(
          d ->
              ((Number)
                          phone.js(
                              "return [...document.querySelectorAll('#item img.medium')]"
                                  + ".filter(i => i.complete && i.naturalWidth > 0).length"))
                      .intValue()
                  == 2);

      assertThat(phone.find(".prompt img.medium").getAttribute("alt"))
          .isEqualTo("Жүгүңүздү кароосуз калтырбаңыз");
      assertThat(phone.find("#item label.opt img.medium").getAttribute("alt")).isEqualTo("белги");
      assertThat(phone.find(".prompt").getText()).doesNotContain("media:");
      assertThat(phone.find("#item legend").getAttribute("textContent"))
          .isEqualTo("Сүрөттө эмне жазылган? [Жүгүңүздү кароосуз калтырбаңыз]");
      phone.find("#read-aloud").click();
      phone.await(d -> !((List<?>) phone.js("return window.__spoken")).isEmpty());
      String spoken = (String) ((List<?>) phone.js("return window.__spoken")).get(0);
      assertThat(spoken).contains("[Жүгүңүздү кароосуз калтырбаңыз]").doesNotContain(sha);
      phone.find("#item input[value='A']").click();
      phone.awaitSaved();
      phone.audit("student UI, an item with pictures, ky, 360 px");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> axTree(Phone phone) {
    Map<String, Object> tree =
        phone.driver.executeCdpCommand("Accessibility.getFullAXTree", Map.of());
    return (List<Map<String, Object>>) tree.get("nodes");
  }

  @SuppressWarnings("unchecked")
  private static String axValue(Object property) {
    if (!(property instanceof Map<?, ?> map) || map.get("value") == null) {
      return "";
    }
    return String.valueOf(((Map<String, Object>) map).get("value"));
  }

  @SuppressWarnings("unchecked")
  private static String axLevel(Map<String, Object> node) {
    Object properties = node.get("properties");
    if (properties instanceof List<?> list) {
      for (Object p : list) {
        Map<String, Object> property = (Map<String, Object>) p;
        if ("level".equals(property.get("name"))) {
          Object value = axValue(property.get("value"));
          return String.valueOf(value).replaceAll("\\.0$", "");
        }
      }
    }
    return "?";
  }

  /** "Next" by keyboard: Tab to it, Enter, and the next item is shown. */
  private static void keyNext(Phone phone) {
    String from = phone.find("#item").getAttribute("data-item");
    phone.tabTo("#next");
    phone.keys(Keys.ENTER);
    phone.await(d -> !from.equals(phone.find("#item").getAttribute("data-item")));
  }

  // --- helpers ---

  private static void signIn(Phone phone, CentralServer.Slip slip) {
    phone.open("/exam/");
    phone.awaitPage("signin");
    phone.find("#code").sendKeys(slip.candidateCode());
    phone.find("#pin").sendKeys(slip.pin(), Keys.ENTER);
  }

  private static void next(Phone phone) {
    String from = phone.find("#item").getAttribute("data-item");
    phone.find("#next").click();
    phone.await(d -> !from.equals(phone.find("#item").getAttribute("data-item")));
  }

  /** Screenshots in target/student-ui/, to look at the phone layout. */
  private static void shot(Phone phone, String name) throws IOException {
    phone.screenshot(
        Files.createDirectories(Path.of("target", "student-ui")).resolve(name + ".png"));
  }

  /**
   * Every control of the question has a name for screen readers, axe-core finds no WCAG 2.1 A/AA
   * violation, and nothing is wider than 360 px.
   */
  private static void checkAccessibleAndFitsThePhone(Phone phone) throws IOException {
    String item = phone.find("#item").getAttribute("data-item");
    shot(phone, item);
    phone.audit("student UI " + item + ", ky, 360 px");
    Object unnamed =
        phone.js(
            "return [...document.querySelectorAll('#item input, #item select, #item textarea,"
                + " #item button')].filter(e => !(e.labels && e.labels.length)"
                + " && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')"
                + " && !e.textContent.trim()).map(e => e.outerHTML)");
    assertThat((List<?>) unnamed).isEmpty();
    assertThat((Long) phone.js("return window.innerWidth")).isLessThanOrEqualTo(360L);
    assertThat((Long) phone.js("return document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo((Long) phone.js("return window.innerWidth"));
  }

  private static void awaitProblem(Phone phone, String type) {
    phone.await(
        d ->
            phone.find("#notice").isDisplayed()
                && type.equals(phone.find("#notice").getAttribute("data-problem")));
    phone.audit("student UI showing the server's refusal " + type + ", ky, 360 px");
  }

  /** Nothing of the candidate is left in the browser's storage. */
  private static void assertNothingStored(Phone phone) {
    Object keys =
        phone.js(
            "return Object.keys(localStorage).filter(k => k.startsWith('exam.'))"
                + ".concat(Object.keys(sessionStorage))");
    assertThat((List<?>) keys).isEmpty();
    Object keyStore =
        ((org.openqa.selenium.JavascriptExecutor) phone.driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + " indexedDB.databases().then(dbs => done(dbs.map(d => d.name)))");
    assertThat(((List<?>) keyStore).contains("exam-keys")).as("IndexedDB exam-keys left").isFalse();
  }

  private static JsonNode awaitScored(String sittingId) throws Exception {
    for (int i = 0; i < 300; i++) {
      JsonNode s = server.sitting(sittingId);
      if (s.hasNonNull("result")) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sitting " + sittingId + " not scored");
  }

  private static Map<String, List<String>> answers(String sittingId) {
    try {
      Map<String, List<String>> map = new HashMap<>();
      server
          .sitting(sittingId)
          .get("answers")
          .properties()
          .forEach(e -> map.put(e.getKey(), strings(e.getValue().get("response"))));
      return map;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks every recorded answer's Ed25519 signature against the device key bound in the sitting's
   * stream before it, and that they came from {@code deviceKeys} different keys; returns how many
   * were checked.
   */
  private static int signedAnswers(String sittingId, int deviceKeys) throws Exception {
    String deviceKey = null;
    int checked = 0;
    Set<String> keyIds = new java.util.HashSet<>();
    for (JsonNode e : server.events(sittingId)) {
      JsonNode p = e.get("payload");
      switch (e.get("type").asText()) {
        case "SittingDeviceKeyBound" -> deviceKey = p.get("publicKey").asText();
        case "AnswerRecorded" -> {
          assertThat(deviceKey).as("a device key bound before the answer").isNotNull();
          Ed25519PublicKey key = Ed25519PublicKey.fromBase64Url(deviceKey);
          assertThat(p.get("keyId").asText()).isEqualTo(key.keyId().value());
          assertThat(
                  AnswerSignatures.verify(
                      key,
                      p.get("signature").asText(),
                      sittingId,
                      p.get("itemId").asText(),
                      strings(p.get("response")),
                      p.get("clientSeq").asLong(),
                      p.hasNonNull("clientTimestamp")
                          ? Instant.parse(p.get("clientTimestamp").asText())
                          : null))
              .as(p.toString())
              .isTrue();
          keyIds.add(p.get("keyId").asText());
          checked++;
        }
        default -> {}
      }
    }
    assertThat(keyIds).hasSize(deviceKeys);
    return checked;
  }

  private static List<String> strings(JsonNode node) {
    JsonNode array = node.has("response") ? node.get("response") : node;
    List<String> list = new ArrayList<>();
    array.forEach(v -> list.add(v.asText()));
    return list;
  }

  private static String ky(String key, String... args) {
    String s = ky.get(key);
    for (int i = 0; i < args.length; i += 2) {
      s = s.replace("{" + args[i] + "}", args[i + 1]);
    }
    return s;
  }

  static Map<String, String> dictionary(String lang) throws Exception {
    try (InputStream in =
        StudentUiBrowserTest.class.getResourceAsStream("/static/exam/i18n/" + lang + ".json")) {
      assertThat(in).as("i18n/" + lang + ".json on the class path").isNotNull();
      Map<String, String> map = new LinkedHashMap<>();
      JSON.readTree(in).properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
      return map;
    }
  }

  private static synchronized String nextCandidate() {
    return "UI-" + (++candidates);
  }
}
