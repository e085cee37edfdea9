package kg.exam.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kg.exam.scoring.Form;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.RubricCriterion;
import kg.exam.scoring.ScoringPolicy;
import kg.exam.scoring.batch.KeyedForm;
import kg.exam.scoring.batch.ResponseMatrix;

/**
 * Deterministic synthetic cohorts for the benchmarks: candidates answer by a Rasch-like model
 * ({@code P(correct) = 1 / (1 + exp(difficulty - ability))}), so totals and item statistics look
 * like a real exam rather than noise. Same seed, same cohort.
 */
final class Cohorts {

  /** The national cohort of the issue: 1,400,000 candidates. */
  static final int NATIONAL_CANDIDATES = 1_400_000;

  /** Items on the national keyed form. */
  static final int NATIONAL_ITEMS = 60;

  private static final double UNANSWERED_SHARE = 0.03;

  private Cohorts() {}

  /** A keyed form of single-choice items with four choices (every tenth item true/false). */
  static Form keyedForm(int items) {
    SplittableRandom random = new SplittableRandom(1);
    List<Item> list = new ArrayList<>(items);
    List<String> choices = List.of("A", "B", "C", "D");
    for (int i = 0; i < items; i++) {
      String section = "section" + (i % 3);
      if (i % 10 == 9) {
        list.add(
            Item.of(
                "q" + i,
                section,
                ItemType.TRUE_FALSE,
                1,
                List.of(),
                ItemKey.matchCorrect(random.nextBoolean() ? "true" : "false")));
      } else {
        list.add(
            Item.of(
                "q" + i,
                section,
                ItemType.SINGLE_CHOICE,
                1,
                choices,
                ItemKey.matchCorrect(choices.get(random.nextInt(4)))));
      }
    }
    return new Form("national-keyed", list, ScoringPolicy.defaults());
  }

  /**
   * Cells for {@code candidates} of the keyed form: about 3 % unanswered, wrong answers spread over
   * the distractors.
   */
  static ResponseMatrix keyedResponses(KeyedForm form, int candidates, long seed) {
    int items = form.itemCount();
    byte[] key = form.keyChoiceIndexes();
    byte[] choiceCounts = form.choiceCounts();
    double[] difficulty = new double[items];
    for (int i = 0; i < items; i++) {
      difficulty[i] = -2.0 + 4.0 * i / Math.max(1, items - 1);
    }
    byte[] cells = new byte[candidates * items];
    SplittableRandom random = new SplittableRandom(seed);
    for (int c = 0; c < candidates; c++) {
      double ability = gaussian(random);
      for (int i = 0; i < items; i++) {
        byte cell;
        if (random.nextDouble() < UNANSWERED_SHARE) {
          cell = KeyedForm.UNANSWERED;
        } else if (random.nextDouble() < 1 / (1 + Math.exp(difficulty[i] - ability))) {
          cell = key[i];
        } else {
          int wrong = random.nextInt(choiceCounts[i] - 1);
          cell = (byte) (wrong >= key[i] ? wrong + 1 : wrong);
        }
        cells[c * items + i] = cell;
      }
    }
    return ResponseMatrix.wrap(cells, candidates, items);
  }

  /** A form cycling through every item type, {@code items} long. */
  static Form mixedForm(int items) {
    List<Item> list = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      String id = "m" + i;
      String section = "section" + (i % 3);
      list.add(
          switch (i % 9) {
            case 0 ->
                Item.of(
                    id,
                    section,
                    ItemType.SINGLE_CHOICE,
                    1,
                    List.of("A", "B", "C", "D"),
                    ItemKey.matchCorrect("B"));
            case 1 ->
                Item.of(
                    id,
                    section,
                    ItemType.MULTIPLE_RESPONSE,
                    2,
                    List.of("A", "B", "C", "D", "E"),
                    ItemKey.matchCorrect("A", "C")
                        .withMapping(
                            Map.of("A", 1.0, "C", 1.0, "B", -1.0, "D", -1.0, "E", -1.0),
                            0,
                            0.0,
                            2.0)
                        .withPartialCredit(true));
            case 2 ->
                Item.of(
                    id, section, ItemType.TRUE_FALSE, 1, List.of(), ItemKey.matchCorrect("false"));
            case 3 ->
                Item.of(
                    id,
                    section,
                    ItemType.NUMERIC,
                    1,
                    List.of(),
                    ItemKey.matchCorrect("3.5", "3.50").withTolerance(0.01, 0));
            case 4 ->
                Item.of(
                    id,
                    section,
                    ItemType.SHORT_TEXT,
                    1,
                    List.of(),
                    ItemKey.matchCorrect("Бишкек", "Фрунзе").withTextOptions(false, true));
            case 5 ->
                Item.of(
                    id,
                    section,
                    ItemType.ORDERING,
                    2,
                    List.of("A", "B", "C", "D"),
                    ItemKey.matchCorrect("A", "B", "C", "D").withPartialCredit(true));
            case 6 ->
                new Item(
                    id,
                    section,
                    ItemType.MATCHING,
                    3,
                    1,
                    List.of("A", "B", "C"),
                    List.of("1", "2", "3"),
                    ItemKey.matchCorrect("A 1", "B 2", "C 3")
                        .withMapping(Map.of("A 1", 1.0, "B 2", 1.0, "C 3", 1.0), 0, 0.0, null)
                        .withMaxAssociations(3));
            case 7 ->
                Item.of(
                    id,
                    section,
                    ItemType.GAP,
                    2,
                    List.of("g1", "g2"),
                    ItemKey.matchCorrect("g1=Нарын", "g2=Ысык-Көл").withTextOptions(false, true));
            default ->
                Item.of(
                    id,
                    section,
                    ItemType.EXTENDED_TEXT,
                    4,
                    List.of(),
                    ItemKey.humanMarked(List.of(new RubricCriterion("content", "content", 4))));
          });
    }
    return new Form("mixed", list, ScoringPolicy.defaults());
  }

  /** Per item type: a pool of responses (correct, partly correct, wrong, malformed, unanswered). */
  private static final List<List<List<String>>> MIXED_POOLS =
      List.of(
          pool(List.of("B"), List.of("A"), List.of("C"), List.of("E"), List.of()),
          pool(
              List.of("A", "C"),
              List.of("A"),
              List.of("A", "B"),
              List.of("C", "D", "E"),
              List.of("A", "A")),
          pool(List.of("false"), List.of("FALSE"), List.of("true"), List.of("maybe"), List.of()),
          pool(List.of("3.5"), List.of("3,51"), List.of("4"), List.of("3.5 cm"), List.of()),
          pool(List.of("бишкек"), List.of(" Бишкек "), List.of("Ош"), List.of("Фрунзе"), List.of()),
          pool(
              List.of("A", "B", "C", "D"),
              List.of("A", "B", "D", "C"),
              List.of("D", "C", "B", "A"),
              List.of("A", "X"),
              List.of()),
          pool(
              List.of("A 1", "B 2", "C 3"),
              List.of("A 1", "B 3"),
              List.of("A 2"),
              List.of("A9"),
              List.of()),
          pool(
              List.of("g1=Нарын", "g2=Ысык-Кол"),
              List.of("g1=нарын"),
              List.of("g1=Ош", "g2=Талас"),
              List.of("g3=x"),
              List.of()),
          pool(
              List.of("Менин мектебим тоолордун арасында."),
              List.of("Эссе"),
              List.of(),
              List.of(),
              List.of()));

  private static List<List<String>> pool(
      List<String> a, List<String> b, List<String> c, List<String> d, List<String> e) {
    return List.of(a, b, c, d, e);
  }

  /** Sittings of the mixed form, each response drawn from its type's pool. */
  static List<List<List<String>>> mixedSittings(int items, int candidates, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<List<List<String>>> sittings = new ArrayList<>(candidates);
    for (int c = 0; c < candidates; c++) {
      List<List<String>> sitting = new ArrayList<>(items);
      for (int i = 0; i < items; i++) {
        List<List<String>> pool = MIXED_POOLS.get(i % 9);
        sitting.add(pool.get(random.nextInt(pool.size())));
      }
      sittings.add(sitting);
    }
    return sittings;
  }

  private static double gaussian(SplittableRandom random) {
    double u = Math.max(random.nextDouble(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
