package kg.exam.query.items;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.query.projection.ProjectedDatabase;
import kg.exam.query.security.DashboardRole;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An item flagged for DIF and then excluded from scoring by a recorded decision ({@code
 * ItemExcluded}), over the real projections: the item analysis and DIF mark it excluded; its own
 * DIF row still matches candidates on the total with it (so the statistics that justified the
 * decision do not move), while the other items are matched on the test without it.
 */
class ItemExclusionTest {
  private static final Instant T0 = Instant.parse("2026-05-20T08:00:00Z");
  private static final DashboardUser AUDITOR = TestUsers.user(DashboardRole.AUDITOR, null);
  private static final int ITEMS = 10;

  private static ProjectedDatabase database;
  private static DifController dif;
  private static ItemsController items;

  @BeforeAll
  static void events() throws Exception {
    database = new ProjectedDatabase();
    dif = new DifController(database.jdbc, 10);
    items = new ItemsController(database.jdbc, 10);
    List<ItemDefinition> definitions = new ArrayList<>();
    for (int i = 1; i <= ITEMS; i++) {
      definitions.add(
          new ItemDefinition(
              "q" + i,
              "s",
              "SINGLE_CHOICE",
              1,
              1,
              "?",
              List.of(new Choice("A", "a"), new Choice("B", "b")),
              List.of(),
              ItemKey.matchCorrect(List.of("A"))));
    }
    ExamContent content =
        new ExamContent(
            "DIF",
            "MATH",
            9,
            "ky",
            40,
            List.of(new SectionDefinition("s", "S")),
            definitions,
            new ScoringRules(50, List.of(), null));
    database.apply("exam-d", 0, new ExamPublished("exam-d", 1, 1, content, "author"), T0);
    // 600 candidates, half taught in Russian; q1 is much harder for them at equal ability
    SplittableRandom random = new SplittableRandom(41);
    for (int c = 0; c < 600; c++) {
      String id = "sit-d" + c;
      String language = c % 2 == 0 ? "ru" : "ky";
      double theta = gaussian(random);
      List<ItemScoreRecord> scores = new ArrayList<>();
      int total = 0;
      for (int i = 1; i <= ITEMS; i++) {
        double b = -1 + 2.0 * (i - 1) / (ITEMS - 1) + (i == 1 && language.equals("ru") ? 1.5 : 0);
        int x = random.nextDouble() < 1 / (1 + Math.exp(-(theta - b))) ? 1 : 0;
        total += x;
        scores.add(new ItemScoreRecord("q" + i, x, 1, x == 1 ? "CORRECT" : "INCORRECT"));
      }
      database.apply(
          id,
          0,
          new CandidateRegistered(
              id,
              "ses-d",
              "exam-d",
              1,
              "centre",
              "cand-" + id,
              new CandidateProfile("CHUY", "chuy-sokuluk", "school-d", "RURAL", language, "F", 9),
              0,
              "admin"),
          T0);
      database.apply(
          id,
          1,
          new SittingScored(
              id,
              "exam-d",
              1,
              1,
              "test",
              scores,
              Map.of(),
              total,
              ITEMS,
              10.0 * total,
              total >= 5,
              3,
              false,
              false,
              null,
              T0),
          T0);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  @Test
  void shouldMarkTheExcludedItemAndKeepItsOwnStatisticsWhileMatchingTheOthersWithoutIt() {
    DifController.DifResponse before = dif.dif(AUDITOR, "exam-d", 1, "language", "ru", "ky");
    assertThat(before.rows().getFirst().ets()).isEqualTo("C");
    assertThat(before.rows()).noneMatch(DifController.DifRow::excluded);

    database.apply(
        "exam-d",
        1,
        new ItemExcluded("exam-d", 1, 2, "q1", "DIF class C against ru", "dif:language:ru:C", "a"),
        T0);
    DifController.DifResponse after = dif.dif(AUDITOR, "exam-d", 1, "language", "ru", "ky");

    assertThat(after.rows().getFirst().excluded()).isTrue();
    assertThat(after.rows().subList(1, ITEMS)).noneMatch(DifController.DifRow::excluded);
    // q1's own row: the same statistics as before the decision
    assertThat(after.rows().getFirst().delta()).isEqualTo(before.rows().getFirst().delta());
    assertThat(after.rows().getFirst().mhStatistic())
        .isEqualTo(before.rows().getFirst().mhStatistic());
    // the others are matched on the test without q1, so their statistics move
    assertThat(after.rows().get(1).delta()).isNotEqualTo(before.rows().get(1).delta());
    assertThat(items.items(AUDITOR, "exam-d", 1).rows())
        .extracting(ItemsController.ItemRow::excluded)
        .containsExactly(true, false, false, false, false, false, false, false, false, false);
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
