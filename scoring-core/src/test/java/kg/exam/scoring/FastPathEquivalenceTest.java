package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written fast paths must agree with the specification they replace, on seeded random
 * input.
 */
class FastPathEquivalenceTest {

  private static final int CASES_PER_SEED = 2_000;

  static Stream<Long> seeds() {
    return IntStream.range(0, 10).mapToObj(i -> 0xFA57_0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldNormaliseComposedTextAsTheGeneralPathDoes(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(10);
      for (int k = 0; k < length; k++) {
        text.append(
            random.nextBoolean()
                ? (char) random.nextInt(0x300)
                : (char) (0x400 + random.nextInt(0x100)));
      }
      String input = text.toString();
      if (!TextNormalizer.isAlreadyComposed(input)) {
        continue;
      }
      boolean caseSensitive = random.nextBoolean();
      boolean kyrgyz = random.nextBoolean();

      assertThat(TextNormalizer.normalizeComposed(input, caseSensitive, kyrgyz))
          .as("text %s", input)
          .isEqualTo(TextNormalizer.normalizeAnyText(input, caseSensitive, kyrgyz));
      assertThat(
              TextNormalizer.normalize(
                  "g1=" + input + "|", 3, 3 + input.length(), caseSensitive, kyrgyz))
          .as("region of %s", input)
          .isEqualTo(TextNormalizer.normalizeAnyText(input, caseSensitive, kyrgyz));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldAcceptExactlyTheDecimalsTheGrammarAccepts(long seed) {
    Random random = new Random(seed);
    String alphabet = "0123456789.,+-\u2212eE x";
    for (int i = 0; i < CASES_PER_SEED; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(8);
      for (int k = 0; k < length; k++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String input = text.toString();

      assertThat(NumericValues.isPlainDecimal(input))
          .as("text '%s'", input)
          .isEqualTo(NumericValues.DECIMAL.matcher(input).matches());
    }
  }

  /**
   * Padding the choice lists past 64 possible pairs or choices forces the general path; on the
   * shared ids both must agree.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldScoreMatchingAndMultipleResponseAlikeOnIndexedAndGeneralPaths(long seed) {
    List<String> padding = IntStream.range(0, 70).mapToObj(i -> "z" + i).toList();
    Item directed = SampleItems.matching();
    Item directedGeneral =
        new Item(
            directed.itemId(),
            directed.sectionId(),
            directed.type(),
            directed.maxScore(),
            directed.weight(),
            concat(directed.choiceIds(), padding),
            concat(directed.targetIds(), padding),
            directed.key());
    Item undirected =
        Item.of(
            "assoc",
            "s",
            ItemType.MATCHING,
            4,
            List.of("A", "C", "D", "L", "M", "P"),
            ItemKey.matchCorrect("A P", "C M", "D L")
                .withMapping(
                    Map.of("A P", 2.0, "C M", 1.0, "D L", 1.0, "A C", -1.0), 0.5, 0.0, null));
    Item undirectedGeneral =
        Item.of(
            "assoc",
            "s",
            ItemType.MATCHING,
            4,
            concat(undirected.choiceIds(), padding),
            undirected.key());
    Item undirectedMatchCorrect =
        Item.of(
            "assoc2",
            "s",
            ItemType.MATCHING,
            4,
            List.of("A", "C", "D", "L", "M", "P"),
            ItemKey.matchCorrect("P A", "C M"));
    Item undirectedMatchCorrectGeneral =
        Item.of(
            "assoc2",
            "s",
            ItemType.MATCHING,
            4,
            concat(undirectedMatchCorrect.choiceIds(), padding),
            undirectedMatchCorrect.key());
    Item choices = SampleItems.multipleResponsePartial();
    Item choicesGeneral =
        Item.of(
            choices.itemId(),
            choices.sectionId(),
            choices.type(),
            choices.maxScore(),
            concat(choices.choiceIds(), padding),
            choices.key());
    String[] pairValues = {
      "A 1", "B 2", "C 3", "A 2", "1 A", "A P", "P A", "C M", "D L", "L D", "A C", "A A", "A",
      "A 1 2", " B  2 "
    };
    String[] choiceValues = {"H", "O", "Cl", "He", "C", "N"};
    Random random = new Random(seed);
    for (int i = 0; i < CASES_PER_SEED; i++) {
      List<String> pairs = draw(random, pairValues);
      List<String> chosen = draw(random, choiceValues);

      assertThat(ItemScorer.score(directed, pairs))
          .as("%s", pairs)
          .isEqualTo(ItemScorer.score(directedGeneral, pairs));
      assertThat(ItemScorer.score(undirected, pairs))
          .as("%s", pairs)
          .isEqualTo(ItemScorer.score(undirectedGeneral, pairs));
      assertThat(ItemScorer.score(undirectedMatchCorrect, pairs))
          .as("%s", pairs)
          .isEqualTo(ItemScorer.score(undirectedMatchCorrectGeneral, pairs));
      assertThat(ItemScorer.score(choices, chosen))
          .as("%s", chosen)
          .isEqualTo(ItemScorer.score(choicesGeneral, chosen));
    }
  }

  private static List<String> draw(Random random, String[] values) {
    List<String> drawn = new ArrayList<>();
    int size = random.nextInt(5);
    for (int k = 0; k < size; k++) {
      drawn.add(values[random.nextInt(values.length)]);
    }
    return drawn;
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
