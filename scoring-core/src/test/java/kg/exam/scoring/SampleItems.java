package kg.exam.scoring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One representative item per type, shared by the contract and property tests. */
final class SampleItems {

  private SampleItems() {}

  static Item singleChoice() {
    return Item.of(
        "sc",
        "s1",
        ItemType.SINGLE_CHOICE,
        1,
        List.of("A", "B", "C", "D"),
        ItemKey.matchCorrect("B"));
  }

  static Item multipleResponse() {
    return Item.of(
        "mr",
        "s1",
        ItemType.MULTIPLE_RESPONSE,
        2,
        List.of("A", "B", "C", "D"),
        ItemKey.matchCorrect("A", "C"));
  }

  /** QTI choice_multiple.xml: H, O correct; H=1, O=1, Cl=-1, default -2, bounds [0, 2]. */
  static Item multipleResponsePartial() {
    Map<String, Double> mapping = new LinkedHashMap<>();
    mapping.put("H", 1.0);
    mapping.put("O", 1.0);
    mapping.put("Cl", -1.0);
    return Item.of(
        "mrp",
        "s1",
        ItemType.MULTIPLE_RESPONSE,
        2,
        List.of("H", "He", "C", "O", "N", "Cl"),
        ItemKey.matchCorrect("H", "O")
            .withMapping(mapping, -2.0, 0.0, 2.0)
            .withPartialCredit(true));
  }

  static Item trueFalse() {
    return Item.of("tf", "s1", ItemType.TRUE_FALSE, 1, List.of(), ItemKey.matchCorrect("false"));
  }

  static Item numeric() {
    return Item.of(
        "num",
        "s2",
        ItemType.NUMERIC,
        1,
        List.of(),
        ItemKey.matchCorrect("3.5", "-1e3").withTolerance(0.01, 0.0));
  }

  static Item shortText() {
    return Item.of(
        "st", "s2", ItemType.SHORT_TEXT, 1, List.of(), ItemKey.matchCorrect("Бишкек", "Фрунзе"));
  }

  static Item ordering() {
    return Item.of(
        "ord",
        "s2",
        ItemType.ORDERING,
        2,
        List.of("A", "B", "C", "D"),
        ItemKey.matchCorrect("A", "B", "C", "D").withPartialCredit(true));
  }

  static Item matching() {
    return new Item(
        "mat",
        "s3",
        ItemType.MATCHING,
        3,
        1.0,
        List.of("A", "B", "C"),
        List.of("1", "2", "3"),
        ItemKey.matchCorrect("A 1", "B 2", "C 3")
            .withMapping(Map.of("A 1", 1.0, "B 2", 1.0, "C 3", 1.0), 0.0, 0.0, null)
            .withMaxAssociations(3));
  }

  static Item gap() {
    return Item.of(
        "gap",
        "s3",
        ItemType.GAP,
        2,
        List.of("g1", "g2"),
        ItemKey.matchCorrect("g1=Нарын", "g2=Ысык-Көл", "g2=Issyk-Kul")
            .withTextOptions(false, true));
  }

  static Item extendedText() {
    return Item.of(
        "ext",
        "s3",
        ItemType.EXTENDED_TEXT,
        10,
        List.of(),
        ItemKey.humanMarked(
            List.of(
                new RubricCriterion("content", "Answers the question", 6),
                new RubricCriterion("language", "Grammar and spelling", 4))));
  }

  static List<Item> everyType() {
    return List.of(
        singleChoice(),
        multipleResponse(),
        multipleResponsePartial(),
        trueFalse(),
        numeric(),
        shortText(),
        ordering(),
        matching(),
        gap(),
        extendedText());
  }
}
