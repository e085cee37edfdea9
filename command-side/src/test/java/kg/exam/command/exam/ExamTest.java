package kg.exam.command.exam;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.exam.AmendKey;
import kg.exam.contract.exam.CreateExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamCreated;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ExamRevised;
import kg.exam.contract.exam.ExcludeItem;
import kg.exam.contract.exam.GradeBoundary;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.KeyAmended;
import kg.exam.contract.exam.PublishExam;
import kg.exam.contract.exam.ReviseExam;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExamTest {
  private static final String EXAM_ID = "math-9-final-2025";
  private static final String AUTHOR = "author-03";
  private static final String PUBLISHER = "chief-examiner-01";

  /** One item of every type, in Kyrgyz; q1 is SINGLE_CHOICE keyed "B", q9 is EXTENDED_TEXT. */
  private static final ExamContent CONTENT = DemoExam.content();

  /** The same exam with 60 minutes instead of 40. */
  private static final ExamContent REVISED =
      new ExamContent(
          CONTENT.title(),
          CONTENT.subject(),
          CONTENT.grade(),
          CONTENT.language(),
          60,
          CONTENT.sections(),
          CONTENT.items(),
          CONTENT.scoring());

  private static final ItemKey Q1_KEY_C = ItemKey.matchCorrect(List.of("C"));
  private static final String TOLERANCE_REASON =
      "Tolerance tightened to the precision the prompt asks for";
  private static final String AMENDMENT_REASON =
      "Printed choice B had a typo; C is the only correct answer";

  private AggregateTestFixture<Exam> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Exam.class);
    fixture.registerInjectableResource(StreamHeadSigner.none());
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
  }

  @Test
  void shouldCreateExam() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, CONTENT, AUTHOR))
        .expectEvents(new ExamCreated(EXAM_ID, CONTENT, AUTHOR));
  }

  @Test
  void shouldRefuseExamInUnsupportedLanguage() {
    ExamContent german =
        new ExamContent(
            CONTENT.title(),
            CONTENT.subject(),
            CONTENT.grade(),
            "de",
            CONTENT.durationMinutes(),
            CONTENT.sections(),
            CONTENT.items(),
            CONTENT.scoring());

    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, german, AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExamWithoutItems() {
    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, withItems(List.of()), AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExamWithDuplicateItemIds() {
    List<ItemDefinition> items = new ArrayList<>(CONTENT.items());
    items.add(CONTENT.items().get(0));

    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, withItems(items), AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExamWhoseKeyNamesUnknownChoice() {
    ExamContent badKey = CONTENT.withKey("q1", ItemKey.matchCorrect(List.of("E")));

    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, badKey, AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExamWhoseRubricDoesNotAddUpToMaxScore() {
    ItemDefinition q9 = item("q9");
    ItemDefinition q9WorthSix =
        new ItemDefinition(
            q9.itemId(),
            q9.sectionId(),
            q9.type(),
            6,
            q9.weight(),
            q9.prompt(),
            q9.choices(),
            q9.targets(),
            q9.key());

    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, replacing(q9WorthSix), AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  static Stream<Arguments> contentBreakingOtherAuthoringRules() {
    ExamContent c = CONTENT;
    ItemDefinition q1 = item("q1");
    return Stream.of(
        Arguments.of(
            "blank title",
            new ExamContent(
                " ",
                c.subject(),
                c.grade(),
                c.language(),
                c.durationMinutes(),
                c.sections(),
                c.items(),
                c.scoring())),
        Arguments.of(
            "grade 13",
            new ExamContent(
                c.title(),
                c.subject(),
                13,
                c.language(),
                c.durationMinutes(),
                c.sections(),
                c.items(),
                c.scoring())),
        Arguments.of(
            "duration 0 minutes",
            new ExamContent(
                c.title(),
                c.subject(),
                c.grade(),
                c.language(),
                0,
                c.sections(),
                c.items(),
                c.scoring())),
        Arguments.of(
            "duration above 600 minutes",
            new ExamContent(
                c.title(),
                c.subject(),
                c.grade(),
                c.language(),
                601,
                c.sections(),
                c.items(),
                c.scoring())),
        Arguments.of(
            "duplicate section ids",
            new ExamContent(
                c.title(),
                c.subject(),
                c.grade(),
                c.language(),
                c.durationMinutes(),
                List.of(
                    new SectionDefinition("A", "I"),
                    new SectionDefinition("B", "II"),
                    new SectionDefinition("A", "III")),
                c.items(),
                c.scoring())),
        Arguments.of(
            "pass mark above 100 %",
            new ExamContent(
                c.title(),
                c.subject(),
                c.grade(),
                c.language(),
                c.durationMinutes(),
                c.sections(),
                c.items(),
                new ScoringRules(101, List.of(), null))),
        Arguments.of(
            "item in unknown section",
            replacing(
                new ItemDefinition(
                    "q1",
                    "Z",
                    q1.type(),
                    q1.maxScore(),
                    q1.weight(),
                    q1.prompt(),
                    q1.choices(),
                    q1.targets(),
                    q1.key()))),
        Arguments.of(
            "unknown item type",
            replacing(
                new ItemDefinition(
                    "q1",
                    "A",
                    "ESSAY",
                    q1.maxScore(),
                    q1.weight(),
                    q1.prompt(),
                    q1.choices(),
                    q1.targets(),
                    q1.key()))),
        Arguments.of("item without key", replacing(q1.withKey(null))),
        Arguments.of(
            "item worth 0 points",
            replacing(
                new ItemDefinition(
                    "q1",
                    "A",
                    q1.type(),
                    0,
                    q1.weight(),
                    q1.prompt(),
                    q1.choices(),
                    q1.targets(),
                    q1.key()))),
        Arguments.of(
            "item worth 1e308 points (its total overflows to infinity when scored)",
            replacing(
                new ItemDefinition(
                    "q1",
                    "A",
                    q1.type(),
                    1e308,
                    q1.weight(),
                    q1.prompt(),
                    q1.choices(),
                    q1.targets(),
                    q1.key()))),
        Arguments.of(
            "item weighing 1e308",
            replacing(
                new ItemDefinition(
                    "q1",
                    "A",
                    q1.type(),
                    q1.maxScore(),
                    1e308,
                    q1.prompt(),
                    q1.choices(),
                    q1.targets(),
                    q1.key()))),
        Arguments.of(
            "a key tolerance of 1e300",
            replacing(
                q1.withKey(
                    new ItemKey(
                        q1.key().correct(),
                        q1.key().mapping(),
                        q1.key().mappingDefault(),
                        q1.key().lowerBound(),
                        q1.key().upperBound(),
                        q1.key().partialCredit(),
                        1e300,
                        q1.key().relativeTolerance(),
                        q1.key().caseSensitive(),
                        q1.key().kyrgyzLetterFolding(),
                        q1.key().maxAssociations(),
                        q1.key().rubric())))),
        Arguments.of(
            "a title holding U+0000",
            new ExamContent(
                "Math\u0000",
                c.subject(),
                c.grade(),
                c.language(),
                c.durationMinutes(),
                c.sections(),
                c.items(),
                c.scoring())),
        Arguments.of(
            "a prompt holding U+0007",
            replacing(
                new ItemDefinition(
                    "q1",
                    "A",
                    q1.type(),
                    q1.maxScore(),
                    q1.weight(),
                    "Ring\u0007",
                    q1.choices(),
                    q1.targets(),
                    q1.key()))),
        Arguments.of(
            "a grade boundary at -5 %",
            new ExamContent(
                c.title(),
                c.subject(),
                c.grade(),
                c.language(),
                c.durationMinutes(),
                c.sections(),
                c.items(),
                new ScoringRules(50, List.of(new GradeBoundary(-5, 2)), null))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contentBreakingOtherAuthoringRules")
  void shouldRefuseContentBreakingAnyOtherAuthoringRule(String rule, ExamContent content) {
    fixture
        .givenNoPriorActivity()
        .when(new CreateExam(EXAM_ID, content, AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseCreatingExistingExam() {
    fixture
        .given(new ExamCreated(EXAM_ID, CONTENT, AUTHOR))
        .when(new CreateExam(EXAM_ID, REVISED, AUTHOR))
        .expectException(ruleViolation(ProblemType.EXAM_ALREADY_EXISTS))
        .expectNoEvents();
  }

  @Test
  void shouldPublishDraftAsVersionOneWithKeyVersionOne() {
    fixture
        .given(new ExamCreated(EXAM_ID, CONTENT, AUTHOR))
        .when(new PublishExam(EXAM_ID, PUBLISHER))
        .expectEvents(new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .expectResultMessagePayload(1);
  }

  @Test
  void shouldRefusePublishingAgainWithoutRevision() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new PublishExam(EXAM_ID, PUBLISHER))
        .expectException(ruleViolation(ProblemType.NOTHING_TO_PUBLISH))
        .expectNoEvents();
  }

  @Test
  void shouldReviseDraft() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new ReviseExam(EXAM_ID, REVISED, AUTHOR))
        .expectEvents(new ExamRevised(EXAM_ID, REVISED, AUTHOR));
  }

  @Test
  void shouldRefuseInvalidRevision() {
    fixture
        .given(new ExamCreated(EXAM_ID, CONTENT, AUTHOR))
        .when(new ReviseExam(EXAM_ID, withItems(List.of()), AUTHOR))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  @Test
  void shouldPublishRevisionAsVersionTwo() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER),
            new ExamRevised(EXAM_ID, REVISED, AUTHOR))
        .when(new PublishExam(EXAM_ID, PUBLISHER))
        .expectEvents(new ExamPublished(EXAM_ID, 2, 1, REVISED, PUBLISHER))
        .expectResultMessagePayload(2);
  }

  @Test
  void shouldAmendKeyAsKeyVersionTwo() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 1, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectEvents(new KeyAmended(EXAM_ID, 1, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectResultMessagePayload(2);
  }

  @Test
  void shouldNumberSuccessiveKeyAmendments() {
    ItemKey q4Tighter =
        new ItemKey(
            List.of("1.414"), Map.of(), 0, null, null, false, 0.005, 0, false, false, 0, List.of());

    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER),
            new KeyAmended(EXAM_ID, 1, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 1, "q4", q4Tighter, TOLERANCE_REASON, PUBLISHER))
        .expectEvents(new KeyAmended(EXAM_ID, 1, 3, "q4", q4Tighter, TOLERANCE_REASON, PUBLISHER));
  }

  @Test
  void shouldCountKeyVersionsPerPublishedVersion() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER),
            new KeyAmended(EXAM_ID, 1, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER),
            new ExamRevised(EXAM_ID, REVISED, AUTHOR),
            new ExamPublished(EXAM_ID, 2, 1, REVISED, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectEvents(new KeyAmended(EXAM_ID, 2, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER));
  }

  @Test
  void shouldAmendPublishedVersionWhoseItemTheDraftHasSinceDropped() {
    ExamContent withoutQ1 = withItems(CONTENT.items().subList(1, CONTENT.items().size()));

    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER),
            new ExamRevised(EXAM_ID, withoutQ1, AUTHOR))
        .when(new AmendKey(EXAM_ID, 1, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectEvents(new KeyAmended(EXAM_ID, 1, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER));
  }

  private static final String DIF_REASON =
      "Class C DIF against Russian-medium candidates; the panel found a mistranslation";

  @Test
  void shouldExcludeAnItemFromScoringAsTheNextKeyVersion() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER),
            new KeyAmended(EXAM_ID, 1, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .when(new ExcludeItem(EXAM_ID, 1, "q2", DIF_REASON, "dif:language:ru:C", PUBLISHER))
        .expectEvents(
            new ItemExcluded(EXAM_ID, 1, 3, "q2", DIF_REASON, "dif:language:ru:C", PUBLISHER))
        .expectResultMessagePayload(3);
  }

  @Test
  void shouldRefuseExcludingAnItemTwiceOrAmendingTheKeyOfAnExcludedItem() {
    Object[] history = {
      new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
      new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER),
      new ItemExcluded(EXAM_ID, 1, 2, "q1", DIF_REASON, null, PUBLISHER)
    };
    fixture
        .given(history)
        .when(new ExcludeItem(EXAM_ID, 1, "q1", DIF_REASON, null, PUBLISHER))
        .expectException(ruleViolation(ProblemType.ITEM_ALREADY_EXCLUDED))
        .expectNoEvents();
    setUp();
    fixture
        .given(history)
        .when(new AmendKey(EXAM_ID, 1, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectException(ruleViolation(ProblemType.ITEM_ALREADY_EXCLUDED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExcludingWithoutAReasonOrAnUnknownItemOrVersion() {
    Object[] history = {
      new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
      new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER)
    };
    fixture
        .given(history)
        .when(new ExcludeItem(EXAM_ID, 1, "q1", " ", null, PUBLISHER))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
    setUp();
    fixture
        .given(history)
        .when(new ExcludeItem(EXAM_ID, 1, "q99", DIF_REASON, null, PUBLISHER))
        .expectException(ruleViolation(ProblemType.UNKNOWN_ITEM))
        .expectNoEvents();
    setUp();
    fixture
        .given(history)
        .when(new ExcludeItem(EXAM_ID, 2, "q1", DIF_REASON, null, PUBLISHER))
        .expectException(ruleViolation(ProblemType.EXAM_NOT_PUBLISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExcludingAHumanMarkedItemOrTheLastItemThatCounts() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new ExcludeItem(EXAM_ID, 1, "q9", DIF_REASON, null, PUBLISHER)) // the essay
        .expectException(ruleViolation(ProblemType.ITEM_NOT_EXCLUDABLE))
        .expectNoEvents();
    // every item but q1 already excluded: q1 is the last that counts
    List<Object> history = new java.util.ArrayList<>();
    history.add(new ExamCreated(EXAM_ID, CONTENT, AUTHOR));
    history.add(new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER));
    int keyVersion = 1;
    for (ItemDefinition item : CONTENT.items().subList(1, CONTENT.items().size())) {
      history.add(
          new ItemExcluded(EXAM_ID, 1, ++keyVersion, item.itemId(), DIF_REASON, null, PUBLISHER));
    }
    setUp();
    fixture
        .given(history)
        .when(new ExcludeItem(EXAM_ID, 1, "q1", DIF_REASON, null, PUBLISHER))
        .expectException(ruleViolation(ProblemType.ITEM_NOT_EXCLUDABLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAmendingUnpublishedVersion() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 2, "q1", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectException(ruleViolation(ProblemType.EXAM_NOT_PUBLISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAmendingKeyOfUnknownItem() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 1, "q42", Q1_KEY_C, AMENDMENT_REASON, PUBLISHER))
        .expectException(ruleViolation(ProblemType.UNKNOWN_ITEM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAmendmentWithoutReason() {
    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 1, "q1", Q1_KEY_C, "  ", PUBLISHER))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAmendedKeyThatBreaksItemRules() {
    ItemKey twoCorrect = ItemKey.matchCorrect(List.of("B", "C"));

    fixture
        .given(
            new ExamCreated(EXAM_ID, CONTENT, AUTHOR),
            new ExamPublished(EXAM_ID, 1, 1, CONTENT, PUBLISHER))
        .when(new AmendKey(EXAM_ID, 1, "q1", twoCorrect, AMENDMENT_REASON, PUBLISHER))
        .expectException(ruleViolation(ProblemType.INVALID_EXAM))
        .expectNoEvents();
  }

  private static ItemDefinition item(String itemId) {
    return CONTENT.items().stream()
        .filter(i -> i.itemId().equals(itemId))
        .findFirst()
        .orElseThrow();
  }

  private static ExamContent replacing(ItemDefinition replacement) {
    return withItems(
        CONTENT.items().stream()
            .map(i -> i.itemId().equals(replacement.itemId()) ? replacement : i)
            .toList());
  }

  private static ExamContent withItems(List<ItemDefinition> items) {
    return new ExamContent(
        CONTENT.title(),
        CONTENT.subject(),
        CONTENT.grade(),
        CONTENT.language(),
        CONTENT.durationMinutes(),
        CONTENT.sections(),
        items,
        CONTENT.scoring());
  }
}
