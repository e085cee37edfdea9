package kg.exam.scoring.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kg.exam.scoring.Form;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.ScoringPolicy;
import kg.exam.scoring.SittingScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyedBatchScorerTest {

  static Form keyedForm(int items, long seed, boolean uniformWeights) {
    Random random = new Random(seed);
    List<Item> list = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      double weight = uniformWeights ? 1.0 : 1 + random.nextInt(3);
      if (i % 10 == 9) {
        list.add(
            new Item(
                "q" + i,
                "s" + (i % 3),
                ItemType.TRUE_FALSE,
                1,
                weight,
                List.of(),
                List.of(),
                ItemKey.matchCorrect(random.nextBoolean() ? "true" : "false")));
      } else {
        List<String> choices = List.of("A", "B", "C", "D", "E").subList(0, 3 + random.nextInt(3));
        list.add(
            new Item(
                "q" + i,
                "s" + (i % 3),
                ItemType.SINGLE_CHOICE,
                1,
                weight,
                choices,
                List.of(),
                ItemKey.matchCorrect(choices.get(random.nextInt(choices.size())))));
      }
    }
    return new Form("keyed-" + items, list, ScoringPolicy.defaults());
  }

  /** Random cells: mostly valid choices, some unanswered, malformed, and out-of-range garbage. */
  static ResponseMatrix randomResponses(KeyedForm form, int candidates, long seed) {
    Random random = new Random(seed);
    byte[] counts = form.choiceCounts();
    byte[] cells = new byte[candidates * form.itemCount()];
    for (int c = 0; c < candidates; c++) {
      for (int i = 0; i < form.itemCount(); i++) {
        int roll = random.nextInt(100);
        byte cell;
        if (roll < 5) {
          cell = KeyedForm.UNANSWERED;
        } else if (roll < 7) {
          cell = KeyedForm.MALFORMED;
        } else if (roll < 9) {
          cell = (byte) (counts[i] + random.nextInt(250 - counts[i]));
        } else {
          cell = (byte) random.nextInt(counts[i]);
        }
        cells[c * form.itemCount() + i] = cell;
      }
    }
    return ResponseMatrix.wrap(cells, candidates, form.itemCount());
  }

  static Map<String, List<String>> decode(KeyedForm keyed, ResponseMatrix matrix, int candidate) {
    Map<String, List<String>> responses = new HashMap<>();
    for (int i = 0; i < keyed.itemCount(); i++) {
      int cell = matrix.cell(candidate, i) & 0xFF;
      String itemId = keyed.form().items().get(i).itemId();
      if (cell == 0xFF) {
        continue;
      }
      responses.put(
          itemId,
          List.of(cell < keyed.choiceCounts()[i] ? keyed.choiceId(i, cell) : "no-such-choice"));
    }
    return responses;
  }

  @ParameterizedTest(name = "{0} items")
  @ValueSource(ints = {1, 5, 8, 13, 60, 61})
  void shouldAgreeWithFormScorerForEveryCandidate(int items) {
    KeyedForm keyed = KeyedForm.of(keyedForm(items, items, true));
    ResponseMatrix matrix = randomResponses(keyed, 300, 42);

    KeyedBatchResult result = KeyedBatchScorer.score(keyed, matrix, 2);

    for (int c = 0; c < matrix.candidateCount(); c++) {
      SittingScore expected = FormScorer.score(keyed.form(), decode(keyed, matrix, c));
      assertThat(result.sittingScore(matrix, c))
          .as("candidate %d", c)
          .usingRecursiveComparison()
          .ignoringFieldsMatchingRegexes(".*detail")
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldAgreeWithFormScorerForUnequalWeights() {
    KeyedForm keyed = KeyedForm.of(keyedForm(20, 7, false));
    ResponseMatrix matrix = randomResponses(keyed, 300, 43);

    KeyedBatchResult result = KeyedBatchScorer.score(keyed, matrix, 2);

    for (int c = 0; c < matrix.candidateCount(); c++) {
      assertThat(result.sittingScore(matrix, c))
          .as("candidate %d", c)
          .usingRecursiveComparison()
          .ignoringFieldsMatchingRegexes(".*detail")
          .isEqualTo(FormScorer.score(keyed.form(), decode(keyed, matrix, c)));
    }
  }

  @Test
  void shouldGiveIdenticalResultsForAnyThreadCount() {
    KeyedForm keyed = KeyedForm.of(keyedForm(60, 1, true));
    ResponseMatrix matrix = randomResponses(keyed, 100_000, 44);

    KeyedBatchResult one = KeyedBatchScorer.score(keyed, matrix, 1);
    for (int threads : new int[] {2, 3, 8}) {
      KeyedBatchResult many = KeyedBatchScorer.score(keyed, matrix, threads);
      assertThat(many.numberCorrect()).isEqualTo(one.numberCorrect());
      assertThat(many.rawTotals()).isEqualTo(one.rawTotals());
    }
  }

  @Test
  void shouldCountUnansweredAndMalformedCells() {
    KeyedForm keyed = KeyedForm.of(keyedForm(10, 3, true));
    byte[] row = new byte[10];
    row[0] = KeyedForm.UNANSWERED;
    row[1] = KeyedForm.MALFORMED;
    row[2] = (byte) 0x81;
    row[3] = (byte) 7;

    KeyedBatchResult result = KeyedBatchScorer.score(keyed, ResponseMatrix.wrap(row, 1, 10), 1);

    assertThat(result.unansweredCount(0)).isEqualTo(1);
    assertThat(result.malformedCount(0)).isEqualTo(3);
  }

  @Test
  void shouldEncodeResponsesWithItemScorerRules() {
    KeyedForm keyed = KeyedForm.of(keyedForm(10, 3, true));

    assertThat(keyed.encode(0, List.of("B"))).isEqualTo((byte) 1);
    assertThat(keyed.encode(0, List.of(" "))).isEqualTo(KeyedForm.UNANSWERED);
    assertThat(keyed.encode(0, List.of("A", "B"))).isEqualTo(KeyedForm.MALFORMED);
    assertThat(keyed.encode(0, List.of("Z"))).isEqualTo(KeyedForm.MALFORMED);
    assertThat(keyed.encode(9, List.of("FALSE"))).isEqualTo((byte) 1);
  }

  @Test
  void shouldRefuseFormWithNonChoiceItemForKeyedPath() {
    Form mixed =
        new Form(
            "mixed",
            List.of(Item.of("n1", "s", ItemType.NUMERIC, 1, List.of(), ItemKey.matchCorrect("2"))),
            ScoringPolicy.defaults());

    assertThatThrownBy(() -> KeyedForm.of(mixed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "formId=mixed cannot use the keyed path: itemId=n1: type NUMERIC is not single choice or true/false");
  }
}
