package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The response-processing contract, run over every item type. */
class ItemScorerContractTest {

  static Stream<Item> everyType() {
    return SampleItems.everyType().stream();
  }

  static Item orderingOfThreeOfFour(boolean partialCredit) {
    return Item.of(
        "ord3",
        "s2",
        ItemType.ORDERING,
        2,
        List.of("A", "B", "C", "D"),
        ItemKey.matchCorrect("A", "B", "C").withPartialCredit(partialCredit));
  }

  static Stream<Arguments> responses() {
    return Stream.of(
        row(SampleItems.singleChoice(), List.of("B"), 1, ItemOutcome.CORRECT),
        row(SampleItems.singleChoice(), List.of(" B "), 1, ItemOutcome.CORRECT),
        row(SampleItems.singleChoice(), List.of("C"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.singleChoice(), List.of("E"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.singleChoice(), List.of("A", "B"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.multipleResponse(), List.of("C", "A"), 2, ItemOutcome.CORRECT),
        row(SampleItems.multipleResponse(), List.of("A"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.multipleResponse(), List.of("A", "C", "D"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.multipleResponse(), List.of("A", "A"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.multipleResponsePartial(), List.of("H", "O"), 2, ItemOutcome.CORRECT),
        row(SampleItems.multipleResponsePartial(), List.of("H"), 1, ItemOutcome.PARTIAL),
        row(SampleItems.multipleResponsePartial(), List.of("H", "Cl"), 0, ItemOutcome.INCORRECT),
        row(
            SampleItems.multipleResponsePartial(),
            List.of("H", "O", "N"),
            0,
            ItemOutcome.INCORRECT),
        row(SampleItems.trueFalse(), List.of("false"), 1, ItemOutcome.CORRECT),
        row(SampleItems.trueFalse(), List.of("FALSE"), 1, ItemOutcome.CORRECT),
        row(SampleItems.trueFalse(), List.of("true"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.trueFalse(), List.of("yes"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.numeric(), List.of("3,51"), 1, ItemOutcome.CORRECT),
        row(SampleItems.numeric(), List.of("3.49"), 1, ItemOutcome.CORRECT),
        row(SampleItems.numeric(), List.of("3.52"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.numeric(), List.of("\u22121000"), 1, ItemOutcome.CORRECT),
        row(SampleItems.numeric(), List.of("NaN"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.numeric(), List.of("3.5 m"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.shortText(), List.of("  бишкек "), 1, ItemOutcome.CORRECT),
        row(SampleItems.shortText(), List.of("Фрунзе"), 1, ItemOutcome.CORRECT),
        row(SampleItems.shortText(), List.of("Ош"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.shortText(), List.of("Бишкек", "Ош"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.ordering(), List.of("A", "B", "C", "D"), 2, ItemOutcome.CORRECT),
        row(SampleItems.ordering(), List.of("A", "B", "D", "C"), 2.0 * 2 / 3, ItemOutcome.PARTIAL),
        row(SampleItems.ordering(), List.of("D", "C", "B", "A"), 0, ItemOutcome.INCORRECT),
        row(SampleItems.ordering(), List.of("A", "X"), 0, ItemOutcome.MALFORMED),
        // a key ordering 3 of 4 elements, answered with all 4: scored, never an exception
        row(orderingOfThreeOfFour(false), List.of("A", "B", "C", "D"), 0, ItemOutcome.INCORRECT),
        row(orderingOfThreeOfFour(false), List.of("A", "B", "C"), 2, ItemOutcome.CORRECT),
        row(orderingOfThreeOfFour(true), List.of("B", "A", "C", "D"), 1, ItemOutcome.PARTIAL),
        row(SampleItems.matching(), List.of("A 1", "B 2", "C 3"), 3, ItemOutcome.CORRECT),
        row(SampleItems.matching(), List.of("A 1", "B 3"), 1, ItemOutcome.PARTIAL),
        row(SampleItems.matching(), List.of("A 1", "B 2", "C 3", "A 2"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.matching(), List.of("A 9"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.matching(), List.of("A1"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.gap(), List.of("g1=нарын", "g2=Ысык-Кол"), 2, ItemOutcome.CORRECT),
        row(SampleItems.gap(), List.of("g2=Issyk-Kul"), 1, ItemOutcome.PARTIAL),
        row(SampleItems.gap(), List.of("g1=Ош", "g2="), 0, ItemOutcome.INCORRECT),
        row(SampleItems.gap(), List.of("g3=Ош"), 0, ItemOutcome.MALFORMED),
        row(SampleItems.gap(), List.of("g1=Нарын", "g1=Ош"), 0, ItemOutcome.MALFORMED),
        row(
            SampleItems.extendedText(),
            List.of("Менин мектебим..."),
            0,
            ItemOutcome.NEEDS_HUMAN_MARKING),
        row(SampleItems.extendedText(), List.of("one", "two"), 0, ItemOutcome.MALFORMED));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void shouldScoreResponseAsTheTemplateDefines(
      String name,
      Item item,
      List<String> response,
      double expectedScore,
      ItemOutcome expectedOutcome) {
    ItemScore score = ItemScorer.score(item, response);

    assertThat(score.score()).isCloseTo(expectedScore, within(1e-12));
    assertThat(score.outcome()).isEqualTo(expectedOutcome);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void shouldScoreNullResponseAsUnansweredZero(Item item) {
    ItemScore score = ItemScorer.score(item, null);

    assertThat(score.outcome()).isEqualTo(ItemOutcome.UNANSWERED);
    assertThat(score.score()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void shouldScoreEmptyOrBlankResponseAsUnanswered(Item item) {
    assertThat(ItemScorer.score(item, List.of()).outcome()).isEqualTo(ItemOutcome.UNANSWERED);
    assertThat(ItemScorer.score(item, List.of(" ", "")).outcome())
        .isEqualTo(ItemOutcome.UNANSWERED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void shouldReportNullValueAsMalformedWithoutThrowing(Item item) {
    ItemScore score = ItemScorer.score(item, Arrays.asList("A", null));

    assertThat(score.outcome()).isEqualTo(ItemOutcome.MALFORMED);
    assertThat(score.detail()).isEqualTo("null value at position 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void shouldCarryItemIdAndMaxScoreIntoEveryScore(Item item) {
    ItemScore score = ItemScorer.score(item, List.of("whatever"));

    assertThat(score.itemId()).isEqualTo(item.itemId());
    assertThat(score.maxScore()).isEqualTo(item.maxScore());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void shouldPassAuthoringValidationForEverySampleItem(Item item) {
    assertThat(ItemScorer.checkItem(item)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("responses")
  void shouldAgreeBetweenCheckResponseAndMalformedOutcome(
      String name,
      Item item,
      List<String> response,
      double expectedScore,
      ItemOutcome expectedOutcome) {
    assertThat(ItemScorer.checkResponse(item, response).isPresent())
        .isEqualTo(expectedOutcome == ItemOutcome.MALFORMED);
  }

  private static Arguments row(
      Item item, List<String> response, double expectedScore, ItemOutcome expectedOutcome) {
    return Arguments.of(
        item.type() + " " + item.itemId() + " " + response,
        item,
        response,
        expectedScore,
        expectedOutcome);
  }
}
