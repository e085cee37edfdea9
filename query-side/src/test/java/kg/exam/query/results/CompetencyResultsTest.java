package kg.exam.query.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kg.exam.contract.bank.BankItemApproved;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.BankItemCreated;
import kg.exam.contract.bank.BankItemRevised;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.FrameworkDefinition;
import kg.exam.contract.bank.FrameworkNode;
import kg.exam.contract.bank.FrameworkPublished;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.query.area.AreaAccess;
import kg.exam.query.projection.ProjectedDatabase;
import kg.exam.query.security.DashboardRole;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results per competency over the real projections: the bank's events give each exam item the codes
 * of its approved version, the framework gives the codes above them, and each code's mean is the
 * mean of every scored sitting's percent on the items under it; an item whose bank version is not
 * approved counts under no code, and a small cell is suppressed for the ministry.
 */
class CompetencyResultsTest {
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
  private static final DashboardUser AUDITOR = TestUsers.user(DashboardRole.AUDITOR, null);
  private static final DashboardUser MINISTRY = TestUsers.user(DashboardRole.MINISTRY, null);

  private static ProjectedDatabase database;
  private static ResultsController results;
  private static final List<int[]> SCORES = new ArrayList<>();

  private static BankItemContent content(String code) {
    return new BankItemContent(
        "MATH",
        9,
        "ky",
        List.of(new CompetencyRef("fw", code)),
        "APPLY",
        new ItemDefinition(
            "x",
            "bank",
            "SINGLE_CHOICE",
            1,
            1,
            "?",
            List.of(new Choice("A", "a"), new Choice("B", "b")),
            List.of(),
            ItemKey.matchCorrect(List.of("A"))),
        List.of(),
        List.of(),
        List.of(),
        null);
  }

  @BeforeAll
  static void events() throws Exception {
    database = new ProjectedDatabase();
    results =
        new ResultsController(new ResultsQueries(database.jdbc), new AreaAccess(database.jdbc), 10);
    database.apply(
        "fw",
        0,
        new FrameworkPublished(
            "fw",
            1,
            new FrameworkDefinition(
                Map.of("en", "Maths"),
                "test",
                List.of(
                    new FrameworkNode(
                        "1", "DOMAIN", null, Map.of("en", "Algebra", "ky", "Алгебра")),
                    new FrameworkNode("1.1", "TOPIC", "1", Map.of("en", "Equations")),
                    new FrameworkNode("1.2", "TOPIC", "1", Map.of("en", "Functions")),
                    new FrameworkNode("2", "DOMAIN", null, Map.of("en", "Geometry")),
                    new FrameworkNode("2.1", "TOPIC", "2", Map.of("en", "Triangles")))),
            "admin"),
        T0);
    // q1, q2 under 1.1; q3 under 1.2 (its version 2 moved it there from 2.1); q4 not approved
    Map<String, String> codes = Map.of("q1", "1.1", "q2", "1.1", "q4", "2.1");
    for (Map.Entry<String, String> e : codes.entrySet()) {
      database.apply(
          e.getKey(), 0, new BankItemCreated(e.getKey(), 1, content(e.getValue()), "w"), T0);
    }
    database.apply("q3", 0, new BankItemCreated("q3", 1, content("2.1"), "w"), T0);
    database.apply("q3", 1, new BankItemRevised("q3", 2, content("1.2"), "w"), T0);
    database.apply("q1", 1, new BankItemApproved("q1", 1, "r"), T0);
    database.apply("q2", 1, new BankItemApproved("q2", 1, "r"), T0);
    database.apply("q3", 2, new BankItemApproved("q3", 2, "r"), T0);
    List<ItemDefinition> items = new ArrayList<>();
    for (String id : List.of("q1", "q2", "q3", "q4")) {
      items.add(
          new ItemDefinition(
              id,
              "s",
              "SINGLE_CHOICE",
              1,
              1,
              "?",
              List.of(new Choice("A", "a"), new Choice("B", "b")),
              List.of(),
              ItemKey.matchCorrect(List.of("A"))));
    }
    database.apply(
        "exam-c",
        0,
        new ExamPublished(
            "exam-c",
            1,
            1,
            new ExamContent(
                "C",
                "MATH",
                9,
                "ky",
                40,
                List.of(new SectionDefinition("s", "S")),
                items,
                new ScoringRules(50, List.of(), null)),
            "author"),
        T0);
    for (int c = 0; c < 16; c++) {
      // 12 sittings at school-a, 4 at school-b
      int[] x = {c % 2, 1, c % 3 == 0 ? 1 : 0, 1};
      SCORES.add(x);
      String id = "sit-c" + c;
      String school = c < 12 ? "school-a" : "school-b";
      database.apply(
          id,
          0,
          new CandidateRegistered(
              id,
              "ses-c",
              "exam-c",
              1,
              "centre",
              "cand-" + id,
              new CandidateProfile(
                  "CHUY", c < 12 ? "chuy-a" : "chuy-b", school, "RURAL", "ky", "F", 9),
              0,
              "admin"),
          T0);
      List<ItemScoreRecord> scores = new ArrayList<>();
      int total = 0;
      for (int i = 0; i < 4; i++) {
        scores.add(
            new ItemScoreRecord("q" + (i + 1), x[i], 1, x[i] == 1 ? "CORRECT" : "INCORRECT"));
        total += x[i];
      }
      database.apply(
          id,
          1,
          new SittingScored(
              id,
              "exam-c",
              1,
              1,
              "test",
              scores,
              Map.of(),
              total,
              4,
              25.0 * total,
              total >= 2,
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

  private static double mean(java.util.function.ToDoubleFunction<int[]> percent, int from, int to) {
    return SCORES.subList(from, to).stream().mapToDouble(percent).average().orElseThrow();
  }

  @Test
  void shouldReportEachCodeAndTheCodesAboveItOverTheItemsUnderThem() {
    ResultsController.CompetenciesResponse r = results.competencies(AUDITOR, "exam-c", null, null);

    Map<String, ResultsController.CompetencyRow> byCode = new java.util.HashMap<>();
    r.rows().forEach(row -> byCode.put(row.code(), row));
    assertThat(byCode.keySet()).containsExactlyInAnyOrder("1", "1.1", "1.2");
    assertThat(byCode.get("1.1").items()).isEqualTo(2);
    assertThat(byCode.get("1").items()).isEqualTo(3);
    assertThat(byCode.get("1.1").mean())
        .isCloseTo(mean(x -> 50.0 * (x[0] + x[1]), 0, 16), within(1e-9));
    assertThat(byCode.get("1.2").mean()).isCloseTo(mean(x -> 100.0 * x[2], 0, 16), within(1e-9));
    assertThat(byCode.get("1").mean())
        .isCloseTo(mean(x -> 100.0 * (x[0] + x[1] + x[2]) / 3, 0, 16), within(1e-9));
    assertThat(byCode.get("1").titles()).containsEntry("ky", "Алгебра");
    assertThat(byCode.get("1").kind()).isEqualTo("DOMAIN");
    assertThat(r.rows()).allMatch(row -> row.scored() == 16);
    // in framework order: the domain before its topics
    assertThat(r.rows())
        .extracting(ResultsController.CompetencyRow::code)
        .containsExactly("1", "1.1", "1.2");
  }

  @Test
  void shouldSuppressASmallCellForTheMinistryAndReportABigOne() {
    ResultsController.CompetenciesResponse small =
        results.competencies(MINISTRY, "exam-c", "school:school-b", null);
    ResultsController.CompetenciesResponse big =
        results.competencies(MINISTRY, "exam-c", "school:school-a", null);

    assertThat(small.rows()).isNotEmpty().allMatch(row -> row.suppressed() && row.mean() == null);
    assertThat(big.rows()).isNotEmpty().noneMatch(ResultsController.CompetencyRow::suppressed);
    ResultsController.CompetencyRow code11 =
        big.rows().stream().filter(row -> row.code().equals("1.1")).findFirst().orElseThrow();
    assertThat(code11.mean()).isCloseTo(mean(x -> 50.0 * (x[0] + x[1]), 0, 12), within(1e-9));
    assertThat(results.competencies(AUDITOR, "exam-c", null, "other").rows()).isEmpty();
  }
}
