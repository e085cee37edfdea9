package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Items transcribed from the IMS QTI 2.1 examples (shared/qti-samples/ims-qti-2.1), scored as their
 * response declarations and templates define.
 */
class QtiSampleItemsTest {

  /** choice.xml: single cardinality, correct ChoiceA, match_correct, SCORE 1. */
  private static final Item CHOICE =
      Item.of(
          "choice",
          "qti",
          ItemType.SINGLE_CHOICE,
          1,
          List.of("ChoiceA", "ChoiceB", "ChoiceC"),
          ItemKey.matchCorrect("ChoiceA"));

  /** text_entry.xml: mapping York=1, york=0.5, default 0, string comparison is case-sensitive. */
  private static final Item TEXT_ENTRY =
      Item.of(
          "textEntry",
          "qti",
          ItemType.SHORT_TEXT,
          1,
          List.of(),
          ItemKey.matchCorrect("York")
              .withMapping(orderedMap("York", 1.0, "york", 0.5), 0.0, null, null)
              .withTextOptions(true, false));

  /** match.xml: directedPair; C R=1, D M=0.5, L M=0.5, P T=1, default 0. */
  private static final Item MATCH =
      new Item(
          "match",
          "qti",
          ItemType.MATCHING,
          3,
          1.0,
          List.of("C", "D", "L", "P"),
          List.of("M", "R", "T"),
          ItemKey.matchCorrect("C R", "D M", "L M", "P T")
              .withMapping(
                  orderedMap("C R", 1.0, "D M", 0.5, "L M", 0.5, "P T", 1.0), 0.0, null, null)
              .withMaxAssociations(4));

  /** associate.xml: undirected pair; A P=2, C M=1, D L=1, default 0. */
  private static final Item ASSOCIATE =
      Item.of(
          "associate",
          "qti",
          ItemType.MATCHING,
          4,
          List.of("A", "C", "D", "L", "M", "P"),
          ItemKey.matchCorrect("A P", "C M", "D L")
              .withMapping(orderedMap("A P", 2.0, "C M", 1.0, "D L", 1.0), 0.0, null, null)
              .withMaxAssociations(3));

  /** order_partial_scoring.xml: correct DriverC, DriverA, DriverB worth 2; C, B, A worth 1. */
  private static final Item ORDER =
      Item.of(
          "order",
          "qti",
          ItemType.ORDERING,
          2,
          List.of("DriverA", "DriverB", "DriverC"),
          ItemKey.matchCorrect("DriverC", "DriverA", "DriverB").withPartialCredit(true));

  @Test
  void shouldScoreChoiceSampleCorrectResponseOne() {
    assertThat(ItemScorer.score(CHOICE, List.of("ChoiceA")).score()).isEqualTo(1.0);
  }

  @Test
  void shouldScoreTextEntrySampleByCaseSensitiveMapping() {
    assertThat(ItemScorer.score(TEXT_ENTRY, List.of("York")).score()).isEqualTo(1.0);
    assertThat(ItemScorer.score(TEXT_ENTRY, List.of("york")).score()).isEqualTo(0.5);
    assertThat(ItemScorer.score(TEXT_ENTRY, List.of("YORK")).score()).isEqualTo(0.0);
  }

  @Test
  void shouldSumMappedDirectedPairsOfMatchSample() {
    assertThat(ItemScorer.score(MATCH, List.of("C R", "D M", "L M", "P T")).score()).isEqualTo(3.0);
    assertThat(ItemScorer.score(MATCH, List.of("C R", "D T", "L M")).score()).isEqualTo(1.5);
  }

  @Test
  void shouldTreatDirectedPairWithSwappedEndsAsMalformed() {
    assertThat(ItemScorer.score(MATCH, List.of("R C")).outcome()).isEqualTo(ItemOutcome.MALFORMED);
  }

  @Test
  void shouldScoreUndirectedPairsOfAssociateSampleInEitherOrder() {
    assertThat(ItemScorer.score(ASSOCIATE, List.of("P A", "M C", "D L")).score()).isEqualTo(4.0);
    assertThat(ItemScorer.score(ASSOCIATE, List.of("P A")).score()).isEqualTo(2.0);
  }

  @Test
  void shouldAgreeWithOrderPartialScoringSampleOnItsScoredResponses() {
    assertThat(ItemScorer.score(ORDER, List.of("DriverC", "DriverA", "DriverB")).score())
        .isEqualTo(2.0);
    assertThat(ItemScorer.score(ORDER, List.of("DriverC", "DriverB", "DriverA")).score())
        .isEqualTo(1.0);
    assertThat(ItemScorer.score(ORDER, List.of("DriverB", "DriverA", "DriverC")).score())
        .isEqualTo(0.0);
  }

  @Test
  void shouldApplyFloorAndCapOfChoiceMultipleSample() {
    Item item = SampleItems.multipleResponsePartial();

    assertThat(ItemScorer.score(item, List.of("Cl")).score()).isEqualTo(0.0);
    assertThat(ItemScorer.score(item, List.of("H", "O", "Cl")).score()).isEqualTo(1.0);
  }

  private static Map<String, Double> orderedMap(Object... keysAndValues) {
    Map<String, Double> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], (Double) keysAndValues[i + 1]);
    }
    return map;
  }
}
