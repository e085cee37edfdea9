package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.Map;
import kg.exam.command.security.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.support.ui.Select;

/**
 * The item bank's page at /bank/ in a real Chromium against a real command side, on a lab PC's 1280
 * px screen: an item writer writes a choice item in Kyrgyz with its Russian version (markup in the
 * question is shown as text, never run) and may not review it; a reviewer previews it in both
 * languages as the candidate sees it, accepts and approves it; a centre administrator assembles a
 * form from a blueprint with it (by competency, item type and time); a writer writes a short-answer
 * item with a picture. Each state passes axe's WCAG 2.1 A/AA audit, in Kyrgyz, Russian and English.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BankBrowserTest {
  private static final String ITEM = "ict-ui-001";
  private static final String MARKUP =
      "<img src=x onerror=\"document.body.dataset.hacked='yes'\"> Кайсы курал ылайыктуу?";
  private static CentralServer server;
  private static String writer;
  private static String reviewer;
  private static String admin;

  @BeforeAll
  static void bankWithTheIctFramework() throws Exception {
    Phone.requireBrowser();
    server = new CentralServer();
    try (InputStream in =
        BankBrowserTest.class.getResourceAsStream("/frameworks/kg-ict-teachers.json")) {
      Map<?, ?> framework =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(in, Map.class);
      server.send("POST", "/api/bank/frameworks/kg-ict-teachers", framework);
    }
    writer = server.staff("bank-writer", Role.ITEM_WRITER);
    reviewer = server.staff("bank-reviewer", Role.REVIEWER);
    admin = server.staff("bank-admin", Role.CENTRE_ADMIN);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static void signIn(Phone pc, String account, String password) {
    pc.find("#account").sendKeys(account);
    pc.find("#password").sendKeys(password);
    pc.find("#signin button[type=submit]").click();
    pc.awaitPage("search");
  }

  @Test
  @Order(1)
  void anItemWriterWritesAChoiceItemInKyrgyzWithItsRussianVersion() throws Exception {
    try (Phone pc = new Phone(server.base(), 1280)) {
      pc.open("/bank/?lang=ky");
      pc.awaitPage("signin");
      assertThat(pc.find("h1").getText()).isEqualTo("Тапшырмалар банкы");
      pc.audit("bank sign-in, ky");
      pc.find("#account").sendKeys("bank-writer");
      pc.find("#password").sendKeys("wrong-password");
      pc.find("#signin button[type=submit]").click();
      pc.await(d -> !pc.find("#error").getText().isEmpty());
      assertThat(pc.find("#error").getText()).isEqualTo("Эсеп же сырсөз туура эмес.");
      pc.find("#account").clear();
      pc.find("#password").clear();
      signIn(pc, "bank-writer", writer);
      pc.audit("bank search, ky");

      pc.find("#tab-write").click();
      pc.awaitPage("write");
      pc.audit("bank new item, ky");
      pc.find("#w-id").sendKeys(ITEM);
      pc.find("#w-competency").sendKeys("kg-ict-teachers:2.2.1.a");
      pc.find("#w-prompt").sendKeys(MARKUP);
      pc.find("#w-choice-A").sendKeys("Онлайн тест");
      pc.find("#w-choice-B").sendKeys("Текст редактору");
      pc.find("#t-prompt").sendKeys("Какой инструмент подходит?");
      pc.find("#t-choice-A").sendKeys("Онлайн-тест");
      pc.find("#t-choice-B").sendKeys("Текстовый редактор");
      pc.find("#new-item button[type=submit]").click();
      pc.awaitPage("item");
      assertThat(pc.find("#status").getText()).isEqualTo("Долбоор сакталды (1-версия).");
      assertThat(pc.find("#item-status").getText()).isEqualTo("Долбоор");
      pc.await(d -> MARKUP.equals(pc.find("#preview-prompt").getText()));
      assertThat(pc.js("return document.querySelectorAll('#preview-prompt *').length"))
          .isEqualTo(0L);
      assertThat(pc.all("#preview-choices li")).hasSize(2);
      pc.audit("bank item, ky");

      // a writer does not review, not even their own item
      pc.find("#accept").click();
      pc.await(d -> !pc.find("#error").getText().isEmpty());
      assertThat(pc.find("#error").getText()).startsWith("Сиздин ролуңуз муну кыла албайт.");
      assertThat(pc.js("return document.body.dataset.hacked || null")).isNull();
    }
  }

  @Test
  @Order(2)
  void aReviewerPreviewsItInBothLanguagesAcceptsAndApprovesIt() throws Exception {
    try (Phone pc = new Phone(server.base(), 1280)) {
      pc.open("/bank/?lang=ru");
      pc.awaitPage("signin");
      signIn(pc, "bank-reviewer", reviewer);
      pc.await(d -> !pc.all("[data-item='" + ITEM + "']").isEmpty());
      assertThat(pc.find("#results-body").getText()).contains("Черновик", "ky, ru");
      pc.audit("bank search, ru");
      pc.find("[data-item='" + ITEM + "']").click();
      pc.awaitPage("item");
      new Select(pc.find("#preview-language")).selectByValue("ru");
      pc.await(d -> "Какой инструмент подходит?".equals(pc.find("#preview-prompt").getText()));
      assertThat(pc.find("#preview-choices").getText())
          .contains("Онлайн-тест", "Текстовый редактор");
      pc.audit("bank item, ru");

      pc.find("#accept").click();
      pc.await(d -> "Версия принята.".equals(pc.find("#status").getText()));
      assertThat(pc.find("#item-status").getText()).isEqualTo("Проверено");
      pc.find("#approve").click();
      pc.await(d -> "Версия утверждена.".equals(pc.find("#status").getText()));
      assertThat(pc.find("#item-status").getText()).isEqualTo("Утверждено");
      assertThat(pc.find("#versions").getText()).contains("bank-writer", "bank-reviewer");
    }
    assertThat(server.send("GET", "/api/bank/items/" + ITEM, null).at("/item/status").asText())
        .isEqualTo("APPROVED");
  }

  @Test
  @Order(3)
  void aCentreAdministratorAssemblesAFormFromABlueprint() throws Exception {
    try (Phone pc = new Phone(server.base(), 1280)) {
      pc.open("/bank/?lang=en");
      pc.awaitPage("signin");
      signIn(pc, "bank-admin", admin);
      pc.find("#tab-assemble").click();
      pc.awaitPage("assemble");
      pc.audit("bank assembly, en");
      // the default row asks one item of competency 2.2 on one form of one item, in ky and ru;
      // a type row asks it to be a single choice, within 5 minutes of expected time
      pc.find("#b-seconds").clear();
      pc.find("#b-seconds").sendKeys("5");
      pc.find("#add-type").click();
      new Select(pc.find(".t-type")).selectByValue("SINGLE_CHOICE");
      pc.find(".t-min").clear();
      pc.find(".t-min").sendKeys("1");
      pc.find("#b-minutes").sendKeys("5");
      pc.find("#blueprint button[type=submit]").click();
      pc.awaitPage("assembled");
      assertThat(pc.find("#forms").getText()).isEqualTo("Form 1: " + ITEM + " (v1)");
      assertThat(pc.find("#solver").getText()).contains("OR-Tools CP-SAT", "1 eligible items");
      assertThat(pc.find("#status").getText()).isEqualTo("Forms assembled.");
      pc.audit("bank assembled, en");

      // a blueprint the bank cannot meet says so
      pc.find("#b-length").clear();
      pc.find("#b-length").sendKeys("2");
      pc.find(".r-max").clear();
      pc.find(".r-max").sendKeys("2");
      pc.find(".r-min").clear();
      pc.find(".r-min").sendKeys("2");
      pc.find("#blueprint button[type=submit]").click();
      pc.await(d -> !pc.find("#error").getText().isEmpty());
      assertThat(pc.find("#error").getText())
          .startsWith("The bank's items cannot make forms to this blueprint.");

      // a shared PC: signing out leaves nothing of this user on the page
      pc.find("#signout").click();
      pc.awaitPage("signin");
      assertThat(pc.find("#who").getText()).isEmpty();
      assertThat(pc.all("#forms li")).isEmpty();
      assertThat(pc.find("#b-length").getAttribute("value")).isEqualTo("1");
    }
  }

  /**
   * A short-answer item with a picture: the writer uploads the picture, says what it shows, and it
   * stands in the question; the preview shows it as the candidate will see it, and the item keeps
   * its accepted answers in both languages and the picture's hash among its media.
   */
  @Test
  @Order(4)
  void anItemWriterWritesAShortAnswerItemWithAPicture() throws Exception {
    java.nio.file.Path picture =
        java.nio.file.Path.of("../command-side/src/test/resources/qti/ims-qti-2.1/images/sign.png")
            .toAbsolutePath()
            .normalize();
    try (Phone pc = new Phone(server.base(), 1280)) {
      pc.open("/bank/?lang=en");
      pc.awaitPage("signin");
      signIn(pc, "bank-writer", writer);
      pc.find("#tab-write").click();
      pc.awaitPage("write");
      new Select(pc.find("#w-type")).selectByValue("SHORT_TEXT");
      assertThat(pc.find("#w-choices-set").isDisplayed()).isFalse();
      assertThat(pc.find("#w-answers").isDisplayed()).isTrue();
      pc.find("#w-id").sendKeys("ict-ui-002");
      pc.find("#w-competency").sendKeys("kg-ict-teachers:2.2.1.a");
      pc.find("#w-prompt").sendKeys("Белгиде эмне деп жазылган?");
      pc.find("#w-media").sendKeys(picture.toString());
      pc.find("#w-media-add").click();
      pc.await(d -> !pc.find("#error").getText().isEmpty()); // no description yet
      assertThat(pc.find("#error").getText()).isEqualTo("Choose a file and say what it shows.");
      pc.find("#w-media-alt").sendKeys("A sign at an airport");
      pc.find("#w-media-add").click();
      pc.await(d -> "Added to the question.".equals(pc.find("#status").getText()));
      assertThat(pc.find("#w-prompt").getAttribute("value"))
          .matches(
              "Белгиде эмне деп жазылган\\? !\\[A sign at an airport]\\(media:[0-9a-f]{64}\\) ");
      pc.find("#w-answers").sendKeys("Жүктү кароосуз калтырбаңыз");
      pc.find("#t-prompt").sendKeys("Что написано на знаке?");
      pc.find("#t-answers").sendKeys("Не оставляйте багаж без присмотра");
      pc.find("#new-item button[type=submit]").click();
      pc.awaitPage("item");
      pc.await(
          d ->
              ((Number)
                          pc.js(
                              "return [...document.querySelectorAll('#preview-prompt img.medium')]"
                                  + ".filter(i => i.complete && i.naturalWidth > 0).length"))
                      .intValue()
                  == 1);
      assertThat(pc.find("#preview-prompt img.medium").getAttribute("alt"))
          .isEqualTo("A sign at an airport");
      pc.audit("bank item with a picture, en");
    }
    JsonNode version = server.send("GET", "/api/bank/items/ict-ui-002/versions/1", null);
    assertThat(version.at("/item/type").asText()).isEqualTo("SHORT_TEXT");
    assertThat(version.at("/item/key/correct/0").asText()).isEqualTo("Жүктү кароосуз калтырбаңыз");
    assertThat(version.at("/translations/0/acceptedAnswers/0").asText())
        .isEqualTo("Не оставляйте багаж без присмотра");
    assertThat(version.at("/media").size()).isEqualTo(1);
    assertThat(version.at("/item/prompt").asText()).contains(version.at("/media/0").asText());
  }
}
