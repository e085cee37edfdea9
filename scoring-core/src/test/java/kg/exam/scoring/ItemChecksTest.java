package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemChecksTest {

  @Test
  void shouldReportCorrectChoiceMissingFromChoices() {
    Item item =
        Item.of("q", "s", ItemType.SINGLE_CHOICE, 1, List.of("A", "B"), ItemKey.matchCorrect("E"));

    assertThat(ItemScorer.checkItem(item)).containsExactly("correct names unknown choice 'E'");
  }

  @Test
  void shouldReportSingleChoiceWithTwoCorrectValues() {
    Item item =
        Item.of(
            "q", "s", ItemType.SINGLE_CHOICE, 1, List.of("A", "B"), ItemKey.matchCorrect("A", "B"));

    assertThat(ItemScorer.checkItem(item)).containsExactly("correct must hold 1 value, has 2");
  }

  @Test
  void shouldReportPartialCreditWithoutMapping() {
    Item item =
        Item.of(
            "q",
            "s",
            ItemType.MULTIPLE_RESPONSE,
            1,
            List.of("A", "B"),
            ItemKey.matchCorrect("A").withPartialCredit(true));

    assertThat(ItemScorer.checkItem(item))
        .containsExactly("partialCredit needs a mapping of choice to points");
  }

  @Test
  void shouldReportUnparsableNumericKey() {
    Item item = Item.of("q", "s", ItemType.NUMERIC, 1, List.of(), ItemKey.matchCorrect("three"));

    assertThat(ItemScorer.checkItem(item)).containsExactly("correct value 'three' is not a number");
  }

  @Test
  void shouldReportGapWithoutAcceptedValue() {
    Item item =
        Item.of("q", "s", ItemType.GAP, 2, List.of("g1", "g2"), ItemKey.matchCorrect("g1=Ош"));

    assertThat(ItemScorer.checkItem(item)).containsExactly("gap 'g2' has no accepted value");
  }

  @Test
  void shouldReportRubricThatDoesNotSumToMaxScore() {
    Item item =
        Item.of(
            "q",
            "s",
            ItemType.EXTENDED_TEXT,
            10,
            List.of(),
            ItemKey.humanMarked(List.of(new RubricCriterion("c1", "content", 4))));

    assertThat(ItemScorer.checkItem(item))
        .containsExactly("rubric maxPoints sum to 4.0, not maxScore=10.0");
  }

  @Test
  void shouldReportMatchingPairWithUnknownTarget() {
    Item item =
        new Item(
            "q",
            "s",
            ItemType.MATCHING,
            1,
            1,
            List.of("A"),
            List.of("1"),
            ItemKey.matchCorrect("A 2"));

    assertThat(ItemScorer.checkItem(item))
        .containsExactly("correct pair 'A 2' names unknown target '2'");
  }

  @Test
  void shouldReportUpperBoundAboveMaxScore() {
    Item item =
        Item.of(
            "q",
            "s",
            ItemType.SINGLE_CHOICE,
            1,
            List.of("A", "B"),
            ItemKey.matchCorrect("A").withMapping(Map.of("A", 2.0), 0, null, 2.0));

    assertThat(ItemScorer.checkItem(item))
        .containsExactly("upperBound=2.0 exceeds maxScore=1.0: scores are capped at maxScore");
  }
}
