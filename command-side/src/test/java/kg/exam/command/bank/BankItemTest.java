package kg.exam.command.bank;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.bank.ApproveBankItem;
import kg.exam.contract.bank.BankItemApproved;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.BankItemCreated;
import kg.exam.contract.bank.BankItemRetired;
import kg.exam.contract.bank.BankItemReviewed;
import kg.exam.contract.bank.BankItemRevised;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.CreateBankItem;
import kg.exam.contract.bank.LanguageVersion;
import kg.exam.contract.bank.RetireBankItem;
import kg.exam.contract.bank.ReviewBankItem;
import kg.exam.contract.bank.ReviseBankItem;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bank item's way from draft through review to approval, its versions and the four-eyes rule; and
 * the rules a version's metadata and language versions follow.
 */
class BankItemTest {
  static final String ITEM = "ict-0001";
  static final String WRITER = "writer-01";
  static final String REVIEWER = "reviewer-01";

  private AggregateTestFixture<BankItem> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(BankItem.class);
    fixture.registerInjectableResource(StreamHeadSigner.none());
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
  }

  /** A single choice item in Kyrgyz with its Russian version: key B in both. */
  static BankItemContent content(String prompt) {
    return new BankItemContent(
        "ICT",
        null,
        "ky",
        List.of(new CompetencyRef("kg-ict-teachers", "2.2.1.a")),
        "APPLY",
        new ItemDefinition(
            ITEM,
            "bank",
            "SINGLE_CHOICE",
            1,
            1,
            prompt,
            List.of(new Choice("A", "Текст редактору"), new Choice("B", "Онлайн тест")),
            List.of(),
            ItemKey.matchCorrect(List.of("B"))),
        List.of(
            new LanguageVersion(
                "ru",
                "Какой инструмент подходит для быстрой оценки?",
                List.of(new Choice("A", "Текстовый редактор"), new Choice("B", "Онлайн-тест")),
                List.of(),
                null,
                null)),
        List.of(),
        List.of(),
        null);
  }

  static final BankItemContent V1 = content("Баалоо үчүн кайсы курал ылайыктуу?");
  static final BankItemContent V2 = content("Тез баалоо үчүн кайсы курал ылайыктуу?");

  @Test
  void shouldWriteAnItemAsADraftVersionOne() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateBankItem(ITEM, V1, WRITER))
        .expectEvents(new BankItemCreated(ITEM, 1, V1, WRITER));
  }

  @Test
  void shouldRefuseAnIdTakenAlready() {
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER))
        .when(new CreateBankItem(ITEM, V2, WRITER))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_ALREADY_EXISTS))
        .expectNoEvents();
  }

  @Test
  void shouldTakeAReviewersAcceptanceThenApprovalOfTheLatestVersion() {
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemReviewed(ITEM, 1, true, null, REVIEWER))
        .when(new ApproveBankItem(ITEM, 1, REVIEWER))
        .expectEvents(new BankItemApproved(ITEM, 1, REVIEWER));
  }

  @Test
  void shouldNeverLetAnyoneWhoWroteAVersionSinceTheLastApprovalReviewOrApproveIt() {
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER))
        .when(new ReviewBankItem(ITEM, 1, true, null, WRITER))
        .expectException(ruleViolation(ProblemType.OWN_BANK_ITEM))
        .expectNoEvents();
    // a reviewer who revised the item becomes its writer for that version
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemRevised(ITEM, 2, V2, REVIEWER),
            new BankItemReviewed(ITEM, 2, true, null, "reviewer-02"))
        .when(new ApproveBankItem(ITEM, 2, REVIEWER))
        .expectException(ruleViolation(ProblemType.OWN_BANK_ITEM))
        .expectNoEvents();
    // nor does the first writer approve a version another made of their draft
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemRevised(ITEM, 2, V2, "writer-02"),
            new BankItemReviewed(ITEM, 2, true, null, REVIEWER))
        .when(new ApproveBankItem(ITEM, 2, WRITER))
        .expectException(ruleViolation(ProblemType.OWN_BANK_ITEM))
        .expectNoEvents();
    // once approved, the earlier writers review the next version like anyone else
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemReviewed(ITEM, 1, true, null, REVIEWER),
            new BankItemApproved(ITEM, 1, REVIEWER),
            new BankItemRevised(ITEM, 2, V2, "writer-02"))
        .when(new ReviewBankItem(ITEM, 2, true, null, WRITER))
        .expectEvents(new BankItemReviewed(ITEM, 2, true, null, WRITER));
  }

  @Test
  void shouldRefuseToApproveADraftThatWasNotReviewed() {
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER))
        .when(new ApproveBankItem(ITEM, 1, REVIEWER))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_STATUS))
        .expectNoEvents();
  }

  @Test
  void shouldKeepAReturnedVersionADraftAskForACommentAndWantARevisionBeforeTheNextReview() {
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER))
        .when(new ReviewBankItem(ITEM, 1, false, " ", REVIEWER))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemReviewed(ITEM, 1, false, "Choice A is also defensible", REVIEWER))
        .when(new ApproveBankItem(ITEM, 1, REVIEWER))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_STATUS));
    // another reviewer may not accept the returned version as it is: a revision comes first
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemReviewed(ITEM, 1, false, "Choice A is also defensible", REVIEWER))
        .when(new ReviewBankItem(ITEM, 1, true, null, "reviewer-02"))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_STATUS))
        .expectNoEvents();
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemReviewed(ITEM, 1, false, "Choice A is also defensible", REVIEWER),
            new BankItemRevised(ITEM, 2, V2, WRITER))
        .when(new ReviewBankItem(ITEM, 2, true, null, "reviewer-02"))
        .expectEvents(new BankItemReviewed(ITEM, 2, true, null, "reviewer-02"));
  }

  @Test
  void shouldStartANewDraftOnRevisionAndRefuseOneBasedOnAnOlderVersion() {
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemReviewed(ITEM, 1, true, null, REVIEWER),
            new BankItemApproved(ITEM, 1, REVIEWER))
        .when(new ReviseBankItem(ITEM, 1, V2, WRITER))
        .expectEvents(new BankItemRevised(ITEM, 2, V2, WRITER))
        .expectResultMessagePayload(2);
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER), new BankItemRevised(ITEM, 2, V2, WRITER))
        .when(new ReviseBankItem(ITEM, 1, V1, "writer-02"))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_CHANGED))
        .expectNoEvents();
    // a review names the version it read: an older one is refused
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER), new BankItemRevised(ITEM, 2, V2, WRITER))
        .when(new ReviewBankItem(ITEM, 1, true, null, REVIEWER))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_CHANGED));
  }

  @Test
  void shouldRefuseEveryChangeOnceRetired() {
    fixture
        .given(
            new BankItemCreated(ITEM, 1, V1, WRITER),
            new BankItemRetired(ITEM, "Exposed in 2025", REVIEWER))
        .when(new ReviseBankItem(ITEM, 1, V2, WRITER))
        .expectException(ruleViolation(ProblemType.BANK_ITEM_STATUS))
        .expectNoEvents();
    fixture
        .given(new BankItemCreated(ITEM, 1, V1, WRITER))
        .when(new RetireBankItem(ITEM, "", REVIEWER))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST));
  }

  @Test
  void shouldRefuseALanguageVersionThatIsNotTheSameItem() {
    LanguageVersion otherChoices =
        new LanguageVersion(
            "ru",
            "Вопрос?",
            List.of(new Choice("B", "Б"), new Choice("A", "А")),
            List.of(),
            null,
            null);
    LanguageVersion answersForChoice =
        new LanguageVersion(
            "ru",
            "Вопрос?",
            List.of(new Choice("A", "А"), new Choice("B", "Б")),
            List.of(),
            List.of("Б"),
            null);
    LanguageVersion sameLanguage =
        new LanguageVersion(
            "ky",
            "Суроо?",
            List.of(new Choice("A", "А"), new Choice("B", "Б")),
            List.of(),
            null,
            null);
    for (LanguageVersion bad : List.of(otherChoices, answersForChoice, sameLanguage)) {
      BankItemContent content = withTranslations(V1, List.of(bad));
      fixture
          .givenNoPriorActivity()
          .when(new CreateBankItem(ITEM, content, WRITER))
          .expectException(ruleViolation(ProblemType.INVALID_BANK_ITEM))
          .expectNoEvents();
    }
  }

  @Test
  void shouldGiveEachLanguageItsOwnAcceptedAnswersUnderOneShortTextItem() {
    ItemDefinition capital =
        new ItemDefinition(
            ITEM,
            "bank",
            "SHORT_TEXT",
            1,
            1,
            "Кыргызстандын борбору?",
            List.of(),
            List.of(),
            new ItemKey(
                List.of("Бишкек"),
                Map.of(),
                0,
                null,
                null,
                false,
                0,
                0,
                false,
                true,
                0,
                List.of()));
    BankItemContent content =
        new BankItemContent(
            "GEO",
            5,
            "ky",
            V1.competencies(),
            "REMEMBER",
            capital,
            List.of(
                new LanguageVersion(
                    "en", "The capital of Kyrgyzstan?", null, null, List.of("Bishkek"), null),
                new LanguageVersion(
                    "ru", "Столица Кыргызстана?", null, null, List.of("Бишкек"), null)),
            List.of(),
            List.of(),
            null);

    BankRules.check(ITEM, content);

    assertThat(content.in("en", "s1").orElseThrow().key().correct()).containsExactly("Bishkek");
    assertThat(content.in("ru", "s1").orElseThrow().key().correct()).containsExactly("Бишкек");
    assertThat(content.in("ky", "s1").orElseThrow().key().kyrgyzLetterFolding()).isTrue();
    assertThat(content.in("en", "s1").orElseThrow().key().kyrgyzLetterFolding()).isTrue();
    assertThat(content.in("uz", "s1")).isEmpty();
    assertThat(content.languages()).containsExactly("ky", "en", "ru");
    // a language version that leaves the answers to the source language is refused
    BankItemContent withoutAnswers =
        withTranslations(
            content, List.of(new LanguageVersion("en", "The capital?", null, null, null, null)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BankRules.check(ITEM, withoutAnswers))
        .hasMessageContaining("give acceptedAnswers in en");
  }

  @Test
  void shouldRefuseMetadataOutsideTheBanksVocabulary() {
    BankItemContent noCompetency =
        new BankItemContent(
            "ICT", null, "ky", List.of(), "APPLY", V1.item(), List.of(), List.of(), List.of(),
            null);
    BankItemContent badLevel =
        new BankItemContent(
            "ICT",
            null,
            "ky",
            V1.competencies(),
            "KNOW",
            V1.item(),
            List.of(),
            List.of(),
            List.of(),
            null);
    BankItemContent badGrade =
        new BankItemContent(
            "ICT",
            13,
            "ky",
            V1.competencies(),
            "APPLY",
            V1.item(),
            List.of(),
            List.of(),
            List.of(),
            null);
    BankItemContent ownEnemy =
        new BankItemContent(
            "ICT",
            null,
            "ky",
            V1.competencies(),
            "APPLY",
            V1.item(),
            List.of(),
            List.of("not-a-hash"),
            List.of(ITEM),
            null);
    for (BankItemContent bad : List.of(noCompetency, badLevel, badGrade, ownEnemy)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> BankRules.check(ITEM, bad))
          .isInstanceOf(kg.exam.command.problem.RuleViolation.class)
          .hasMessageNotContaining("malformed");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BankRules.check(ITEM, ownEnemy))
        .hasMessageContaining("media not-a-hash is not a lower-case hex SHA-256")
        .hasMessageContaining("an item is not its own enemy");
  }

  private static BankItemContent withTranslations(BankItemContent c, List<LanguageVersion> t) {
    return new BankItemContent(
        c.subject(),
        c.grade(),
        c.language(),
        c.competencies(),
        c.cognitiveLevel(),
        c.item(),
        t,
        c.media(),
        c.enemies(),
        c.expectedSeconds());
  }
}
