package kg.exam.scoring.marking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import kg.exam.scoring.Form;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.RubricCriterion;
import kg.exam.scoring.ScoringPolicy;
import kg.exam.scoring.SittingScore;
import org.junit.jupiter.api.Test;

class MarkedScoringTest {
  private static final Item CHOICE =
      Item.of(
          "q1",
          "A",
          ItemType.SINGLE_CHOICE,
          1,
          List.of("a", "b"),
          ItemKey.matchCorrect(List.of("a")));

  /** Rubric of 2 + 3 = 5 points on an item worth 10. */
  private static final Item ESSAY =
      Item.of(
          "q2",
          "B",
          ItemType.EXTENDED_TEXT,
          10,
          List.of(),
          ItemKey.humanMarked(
              List.of(
                  new RubricCriterion("content", "content", 2),
                  new RubricCriterion("language", "language", 3))));

  private static final PreparedForm FORM =
      FormScorer.prepare(new Form("f", List.of(CHOICE, ESSAY), ScoringPolicy.defaults()));

  private static final Map<String, List<String>> RESPONSES =
      Map.of("q1", List.of("a"), "q2", List.of("An essay."));

  @Test
  void withoutAFinalMarkTheEssayStillNeedsMarking() {
    SittingScore s = MarkedScoring.score(FORM, RESPONSES, Map.of());
    assertThat(s.needsHumanMarking()).isTrue();
    assertThat(s.rawTotal()).isEqualTo(1.0);
  }

  @Test
  void aFinalMarkIsScaledFromRubricPointsToItemPoints() {
    SittingScore s = MarkedScoring.score(FORM, RESPONSES, Map.of("q2", 3.5));
    assertThat(s.needsHumanMarking()).isFalse();
    assertThat(s.items().get(1).score()).isEqualTo(7.0); // 3.5 / 5 × 10
    assertThat(s.items().get(1).outcome()).isEqualTo(ItemOutcome.PARTIAL);
    assertThat(s.rawTotal()).isEqualTo(8.0);
    assertThat(s.sectionTotals()).containsEntry("B", 7.0);
  }

  @Test
  void fullAndZeroMarksAreCorrectAndIncorrect() {
    assertThat(MarkedScoring.score(FORM, RESPONSES, Map.of("q2", 5.0)).items().get(1).outcome())
        .isEqualTo(ItemOutcome.CORRECT);
    assertThat(MarkedScoring.score(FORM, RESPONSES, Map.of("q2", 0.0)).items().get(1).outcome())
        .isEqualTo(ItemOutcome.INCORRECT);
  }

  @Test
  void aMarkForAnItemResponseProcessingScoredIsIgnored() {
    SittingScore s = MarkedScoring.score(FORM, RESPONSES, Map.of("q1", 0.0, "q2", 5.0));
    assertThat(s.items().get(0).outcome()).isEqualTo(ItemOutcome.CORRECT);
  }

  @Test
  void anUnansweredEssayNeedsNoMarkAndScoresNothing() {
    SittingScore s = MarkedScoring.score(FORM, Map.of("q1", List.of("a")), Map.of());
    assertThat(s.items().get(1).outcome()).isEqualTo(ItemOutcome.UNANSWERED);
    assertThat(s.needsHumanMarking()).isFalse();
  }

  @Test
  void aMarkAboveTheRubricIsRefused() {
    assertThatThrownBy(() -> MarkedScoring.score(FORM, RESPONSES, Map.of("q2", 5.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 5.0]");
  }

  @Test
  void anItemWithoutRubricIsMarkedOnItsOwnPoints() {
    Item plain =
        Item.of("e", "A", ItemType.EXTENDED_TEXT, 4, List.of(), ItemKey.humanMarked(List.of()));
    assertThat(MarkedScoring.rubricMax(plain)).isEqualTo(4.0);
    assertThat(MarkedScoring.marked(plain, 3).score()).isEqualTo(3.0);
  }
}
