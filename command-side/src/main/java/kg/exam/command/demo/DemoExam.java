package kg.exam.command.demo;

import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;

/** A short grade-9 mathematics exam in Kyrgyz with one item of every type. */
public final class DemoExam {
  private DemoExam() {}

  public static ExamContent content() {
    return new ExamContent(
        "Математика, 9-класс: жыйынтыктоочу текшерүү (демо)",
        "MATH",
        9,
        "ky",
        40,
        List.of(
            new SectionDefinition("A", "Тандоо суроолору"),
            new SectionDefinition("B", "Ачык суроолор")),
        List.of(
            item(
                "q1",
                "A",
                "SINGLE_CHOICE",
                1,
                "2x + 3 = 11 теңдемесинин чыгарылышы кайсы?",
                choices("A", "x = 3", "B", "x = 4", "C", "x = 7", "D", "x = 14"),
                List.of(),
                ItemKey.matchCorrect(List.of("B"))),
            item(
                "q2",
                "A",
                "MULTIPLE_RESPONSE",
                2,
                "Жөнөкөй сандарды тандаңыз.",
                choices("A", "2", "B", "9", "C", "11", "D", "15"),
                List.of(),
                new ItemKey(
                    List.of("A", "C"),
                    Map.of("A", 1.0, "C", 1.0, "B", -1.0, "D", -1.0),
                    0,
                    0.0,
                    2.0,
                    true,
                    0,
                    0,
                    false,
                    false,
                    0,
                    List.of())),
            item(
                "q3",
                "A",
                "TRUE_FALSE",
                1,
                "Үч бурчтуктун ички бурчтарынын суммасы 180° га барабар.",
                List.of(),
                List.of(),
                ItemKey.matchCorrect(List.of("true"))),
            item(
                "q4",
                "B",
                "NUMERIC",
                1,
                "√2 санын 0,01 тактыкта жазыңыз.",
                List.of(),
                List.of(),
                new ItemKey(
                    List.of("1.41"),
                    Map.of(),
                    0,
                    null,
                    null,
                    false,
                    0.01,
                    0,
                    false,
                    false,
                    0,
                    List.of())),
            item(
                "q5",
                "B",
                "SHORT_TEXT",
                1,
                "Тең жактуу төрт бурчтук кандай аталат?",
                List.of(),
                List.of(),
                new ItemKey(
                    List.of("ромб"),
                    Map.of(),
                    0,
                    null,
                    null,
                    false,
                    0,
                    0,
                    false,
                    true,
                    0,
                    List.of())),
            item(
                "q6",
                "B",
                "ORDERING",
                2,
                "Сандарды өсүү тартибинде жайгаштырыңыз.",
                choices("A", "0,5", "B", "1/3", "C", "0,75"),
                List.of(),
                new ItemKey(
                    List.of("B", "A", "C"),
                    Map.of(),
                    0,
                    null,
                    null,
                    true,
                    0,
                    0,
                    false,
                    false,
                    0,
                    List.of())),
            item(
                "q7",
                "B",
                "MATCHING",
                2,
                "Фигураны аянтынын формуласы менен туташтырыңыз.",
                choices("S", "Квадрат", "C", "Тегерек"),
                choices("1", "a²", "2", "πr²", "3", "ab/2"),
                new ItemKey(
                    List.of("S 1", "C 2"),
                    Map.of("S 1", 1.0, "C 2", 1.0),
                    0,
                    0.0,
                    null,
                    false,
                    0,
                    0,
                    false,
                    false,
                    2,
                    List.of())),
            item(
                "q8",
                "B",
                "GAP",
                2,
                "5 × 6 = [g1], 48 : 8 = [g2]",
                choices("g1", "", "g2", ""),
                List.of(),
                new ItemKey(
                    List.of("g1=30", "g2=6"),
                    Map.of("g1=30", 1.0, "g2=6", 1.0),
                    0,
                    0.0,
                    null,
                    false,
                    0,
                    0,
                    false,
                    false,
                    0,
                    List.of())),
            item(
                "q9",
                "B",
                "EXTENDED_TEXT",
                4,
                "Пифагордун теоремасын өз сөзүңүз менен түшүндүрүп, мисал келтириңиз.",
                List.of(),
                List.of(),
                ItemKey.ofRubric(
                    List.of(
                        new RubricCriterion("statement", "Теореманын туура айтылышы", 2),
                        new RubricCriterion("example", "Туура мисал", 2))))),
        new ScoringRules(50, List.of(), null));
  }

  private static ItemDefinition item(
      String id,
      String section,
      String type,
      double maxScore,
      String prompt,
      List<Choice> choices,
      List<Choice> targets,
      ItemKey key) {
    return new ItemDefinition(id, section, type, maxScore, 1, prompt, choices, targets, key);
  }

  private static List<Choice> choices(String... idAndText) {
    Choice[] list = new Choice[idAndText.length / 2];
    for (int i = 0; i < list.length; i++) {
      list[i] = new Choice(idAndText[2 * i], idAndText[2 * i + 1]);
    }
    return List.of(list);
  }
}
