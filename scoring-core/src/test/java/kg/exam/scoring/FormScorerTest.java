package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormScorerTest {

  private static Item choice(String id, String section, double weight) {
    return new Item(
        id,
        section,
        ItemType.SINGLE_CHOICE,
        1,
        weight,
        List.of("A", "B"),
        List.of(),
        ItemKey.matchCorrect("A"));
  }

  private static Form form(ScoringPolicy policy, Item... items) {
    return new Form("f1", List.of(items), policy);
  }

  @Test
  void shouldWeightItemContributions() {
    Form form = form(ScoringPolicy.defaults(), choice("q1", "s", 1), choice("q2", "s", 3));

    SittingScore score = FormScorer.score(form, Map.of("q1", List.of("B"), "q2", List.of("A")));

    assertThat(score.rawTotal()).isEqualTo(3.0);
    assertThat(score.maxTotal()).isEqualTo(4.0);
    assertThat(score.percentage()).isEqualTo(75.0);
    assertThat(score.grade()).isEqualTo(4);
    assertThat(score.passed()).isTrue();
  }

  @Test
  void shouldTotalSectionsInFormOrder() {
    Form form =
        form(
            ScoringPolicy.defaults(),
            choice("q1", "math", 1),
            choice("q2", "lang", 2),
            choice("q3", "math", 1));

    SittingScore score =
        FormScorer.score(form, Map.of("q1", List.of("A"), "q2", List.of("A"), "q3", List.of("A")));

    assertThat(score.sectionTotals())
        .containsExactly(Map.entry("math", 2.0), Map.entry("lang", 2.0));
  }

  @Test
  void shouldScoreMissingItemsAsUnanswered() {
    Form form = form(ScoringPolicy.defaults(), choice("q1", "s", 1), choice("q2", "s", 1));

    SittingScore score = FormScorer.score(form, Map.of("q1", List.of("A")));

    assertThat(score.items().get(1).outcome()).isEqualTo(ItemOutcome.UNANSWERED);
    assertThat(score.percentage()).isEqualTo(50.0);
  }

  @Test
  void shouldRefuseResponseForItemNotOnForm() {
    Form form = form(ScoringPolicy.defaults(), choice("q1", "s", 1));

    assertThatThrownBy(() -> FormScorer.score(form, Map.of("q9", List.of("A"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("itemId=q9 is not on formId=f1");
  }

  @Test
  void shouldFailBelowPassThreshold() {
    Form form =
        form(
            new ScoringPolicy(60, GradeScale.kyrgyzFivePoint(), null),
            choice("q1", "s", 1),
            choice("q2", "s", 1));

    SittingScore score = FormScorer.score(form, Map.of("q1", List.of("A")));

    assertThat(score.passed()).isFalse();
  }

  @Test
  void shouldWithholdGradeBelowThresholdButKeepRawResult() {
    Form form =
        form(
            new ScoringPolicy(50, GradeScale.kyrgyzFivePoint(), 3),
            choice("q1", "s", 1),
            choice("q2", "s", 1),
            choice("q3", "s", 1));

    SittingScore score = FormScorer.score(form, Map.of("q1", List.of("A")));

    assertThat(score.grade()).isEqualTo(2);
    assertThat(score.gradeWithheld()).isTrue();
    assertThat(score.rawTotal()).isEqualTo(1.0);
  }

  @Test
  void shouldNotWithholdGradeAtThreshold() {
    Form form =
        form(
            new ScoringPolicy(50, GradeScale.kyrgyzFivePoint(), 3),
            choice("q1", "s", 1),
            choice("q2", "s", 1));

    SittingScore score = FormScorer.score(form, Map.of("q1", List.of("A")));

    assertThat(score.grade()).isEqualTo(3);
    assertThat(score.gradeWithheld()).isFalse();
  }

  @Test
  void shouldFlagSittingWithEssayAsNeedingHumanMarking() {
    Form form = form(ScoringPolicy.defaults(), choice("q1", "s", 1), SampleItems.extendedText());

    SittingScore score = FormScorer.score(form, Map.of("ext", List.of("Эссе")));

    assertThat(score.needsHumanMarking()).isTrue();
  }

  @Test
  void shouldReachGradeBoundaryDespiteBinaryRounding() {
    Item[] items = new Item[20];
    for (int i = 0; i < items.length; i++) {
      items[i] = choice("q" + i, "s", 0.1);
    }
    Form form = form(ScoringPolicy.defaults(), items);
    Map<String, List<String>> seventeenCorrect = new java.util.HashMap<>();
    for (int i = 0; i < 17; i++) {
      seventeenCorrect.put("q" + i, List.of("A"));
    }

    SittingScore score = FormScorer.score(form, seventeenCorrect);

    assertThat(score.grade()).isEqualTo(5);
  }

  @Test
  void shouldRefuseFormWithDuplicateItemIds() {
    assertThatThrownBy(
            () -> form(ScoringPolicy.defaults(), choice("q1", "s", 1), choice("q1", "s", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("itemId=q1 occurs twice (formId=f1)");
  }
}
