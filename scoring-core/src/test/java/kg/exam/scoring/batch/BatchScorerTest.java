package kg.exam.scoring.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import kg.exam.scoring.Form;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.RubricCriterion;
import kg.exam.scoring.ScoringPolicy;
import org.junit.jupiter.api.Test;

class BatchScorerTest {

  static Form mixedForm() {
    return new Form(
        "mixed",
        List.of(
            Item.of(
                "sc",
                "a",
                ItemType.SINGLE_CHOICE,
                1,
                List.of("A", "B", "C", "D"),
                ItemKey.matchCorrect("B")),
            Item.of(
                "mr",
                "a",
                ItemType.MULTIPLE_RESPONSE,
                2,
                List.of("A", "B", "C", "D"),
                ItemKey.matchCorrect("A", "C")
                    .withMapping(
                        java.util.Map.of("A", 1.0, "C", 1.0, "B", -1.0, "D", -1.0), 0, 0.0, null)
                    .withPartialCredit(true)),
            Item.of("tf", "a", ItemType.TRUE_FALSE, 1, List.of(), ItemKey.matchCorrect("true")),
            Item.of(
                "num",
                "b",
                ItemType.NUMERIC,
                1,
                List.of(),
                ItemKey.matchCorrect("2.5").withTolerance(0.05, 0)),
            Item.of(
                "st",
                "b",
                ItemType.SHORT_TEXT,
                1,
                List.of(),
                ItemKey.matchCorrect("Ала-Тоо").withTextOptions(false, true)),
            Item.of(
                "ord",
                "b",
                ItemType.ORDERING,
                2,
                List.of("A", "B", "C"),
                ItemKey.matchCorrect("A", "B", "C").withPartialCredit(true)),
            new Item(
                "mat",
                "c",
                ItemType.MATCHING,
                2,
                0.5,
                List.of("A", "B"),
                List.of("1", "2"),
                ItemKey.matchCorrect("A 1", "B 2")),
            Item.of(
                "gap",
                "c",
                ItemType.GAP,
                2,
                List.of("g1", "g2"),
                ItemKey.matchCorrect("g1=Чүй", "g2=Талас")),
            Item.of(
                "ext",
                "c",
                ItemType.EXTENDED_TEXT,
                4,
                List.of(),
                ItemKey.humanMarked(List.of(new RubricCriterion("c", "content", 4))))),
        ScoringPolicy.defaults());
  }

  static List<List<List<String>>> randomSittings(int candidates, long seed) {
    Random random = new Random(seed);
    String[][] pool = {
      {"A", "B", "C", "E"},
      {"A", "C", "B", "D"},
      {"true", "false", "maybe"},
      {"2.5", "2,54", "3", "x"},
      {"Ала-Тоо", "ала-тоо", "Ала-Тоо ", "Ала"},
      {"A", "B", "C"},
      {"A 1", "B 2", "A 2", "C 1"},
      {"g1=Чуй", "g2=Талас", "g1=Ош", "g3=x"},
      {"Эссе"}
    };
    List<List<List<String>>> sittings = new ArrayList<>();
    for (int c = 0; c < candidates; c++) {
      List<List<String>> sitting = new ArrayList<>();
      for (String[] values : pool) {
        int size = random.nextInt(4);
        List<String> response = new ArrayList<>();
        for (int k = 0; k < size; k++) {
          response.add(values[random.nextInt(values.length)]);
        }
        sitting.add(random.nextInt(10) == 0 ? null : response);
      }
      sittings.add(sitting);
    }
    return sittings;
  }

  @Test
  void shouldScoreEachSittingAsFormScorerDoes() {
    PreparedForm form = FormScorer.prepare(mixedForm());
    List<List<List<String>>> sittings = randomSittings(3_000, 1);

    BatchResult result = BatchScorer.score(form, sittings, 2);

    for (int c = 0; c < sittings.size(); c++) {
      assertThat(result.sittingScore(c)).isEqualTo(form.scoreInFormOrder(sittings.get(c)));
    }
  }

  @Test
  void shouldGiveIdenticalResultsForAnyThreadCount() {
    PreparedForm form = FormScorer.prepare(mixedForm());
    List<List<List<String>>> sittings = randomSittings(20_000, 2);

    BatchResult one = BatchScorer.score(form, sittings, 1);
    for (int threads : new int[] {2, 3, 8}) {
      BatchResult many = BatchScorer.score(form, sittings, threads);
      assertThat(many.rawTotals()).isEqualTo(one.rawTotals());
      assertThat(many.itemScores()).isEqualTo(one.itemScores());
      assertThat(many.malformed()).isEqualTo(one.malformed());
    }
  }

  @Test
  void shouldBeInvariantToCandidateOrder() {
    PreparedForm form = FormScorer.prepare(mixedForm());
    List<List<List<String>>> sittings = randomSittings(5_000, 3);
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < sittings.size(); c++) {
      order.add(c);
    }
    Collections.shuffle(order, new Random(4));
    List<List<List<String>>> shuffled = order.stream().map(sittings::get).toList();

    BatchResult original = BatchScorer.score(form, sittings, 2);
    BatchResult reordered = BatchScorer.score(form, shuffled, 2);

    for (int k = 0; k < order.size(); k++) {
      assertThat(reordered.rawTotal(k)).isEqualTo(original.rawTotal(order.get(k)));
    }
  }

  @Test
  void shouldReportMalformedResponsesInCandidateOrderWithoutThrowing() {
    PreparedForm form = FormScorer.prepare(mixedForm());
    List<List<String>> clean = new ArrayList<>(Collections.nCopies(9, (List<String>) null));
    List<List<String>> bad = new ArrayList<>(clean);
    bad.set(0, List.of("E"));
    bad.set(3, List.of("2.5 cm"));

    BatchResult result = BatchScorer.score(form, List.of(clean, bad), 1);

    assertThat(result.malformed())
        .containsExactly(
            new MalformedResponse(1, 0, "sc", "unknown choice 'E'"),
            new MalformedResponse(1, 3, "num", "'2.5 cm' is not a number"));
  }
}
