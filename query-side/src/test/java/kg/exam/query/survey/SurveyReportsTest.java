package kg.exam.query.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.survey.SampleDesignDeclared;
import kg.exam.contract.survey.SurveySchool;
import kg.exam.query.problem.QueryRefused;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The survey reports over the query side's projections in a real PostgreSQL, fed with the events of
 * the sample that scoring-core's {@code SurveyReferenceTest} checks against R's {@code survey}
 * ({@code scoring-core/src/test/resources/survey/}): the design declared on the session's stream,
 * one registered and scored sitting per pupil. The reports must give R's numbers.
 */
class SurveyReportsTest {
  private static final Path R = Path.of("../scoring-core/src/test/resources/survey");
  private static final String SESSION = "survey-2026-g8";
  private static final Instant T0 = SurveyFixtures.T0;

  private static SurveyFixtures fixtures;
  private static SurveyReports reports;
  private static long sessionSequence;

  @BeforeAll
  static void database() throws Exception {
    fixtures = new SurveyFixtures();
    reports = fixtures.reports();
    declare("JK2", null);
    List<String[]> pupils = csv("pupils.csv");
    Map<String, String> stratum = new HashMap<>();
    for (String[] s : csv("design.csv")) {
      stratum.put(s[0], s[1]);
    }
    for (int i = 0; i < pupils.size(); i++) {
      String[] p = pupils.get(i);
      String[] h = stratum.get(p[0]).split("\\|");
      // Languages only for the suppression test, spread over schools: 5 pupils without one (below
      // the cell of 10), 43 ru, the rest ky.
      String language = i % 500 == 0 ? null : i % 50 == 1 ? "ru" : "ky";
      sitting(
          "sit-" + i,
          p[0],
          h[0],
          h[1],
          language,
          p[1],
          Double.parseDouble(p[2]),
          Integer.parseInt(p[3]));
    }
    // A scored sitting at a school outside the design: counted, never weighed.
    sitting("sit-outside", "S-not-sampled", "R1", "urban", "ky", "F", 99, 5);
  }

  @AfterAll
  static void stop() throws Exception {
    fixtures.close();
  }

  private static List<String[]> csv(String name) throws IOException {
    List<String> lines = Files.readAllLines(R.resolve(name));
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  private static void apply(String aggregate, long sequence, Object event) {
    fixtures.apply(aggregate, sequence, event);
  }

  private static void declare(String replication, Double fay) throws IOException {
    List<SurveySchool> schools = new ArrayList<>();
    for (String[] s : csv("design.csv")) {
      schools.add(
          new SurveySchool(
              s[0],
              s[1],
              Double.parseDouble(s[2]),
              Integer.parseInt(s[3]),
              Integer.parseInt(s[4]),
              Integer.parseInt(s[5])));
    }
    apply(
        SESSION,
        sessionSequence++,
        new SampleDesignDeclared(SESSION, replication, fay, schools, "centre-admin-1", T0));
  }

  private static void sitting(
      String id,
      String school,
      String region,
      String locality,
      String language,
      String gender,
      double percentage,
      int grade) {
    apply(
        id,
        0,
        new CandidateRegistered(
            id,
            SESSION,
            "exam-g8",
            1,
            "centre-1",
            "cand-" + id,
            new CandidateProfile(region, region + "-d", school, locality, language, gender, 8),
            0,
            "admin"));
    apply(
        id,
        1,
        new SittingScored(
            id,
            "exam-g8",
            1,
            1,
            "test",
            List.of(),
            Map.of(),
            percentage,
            100,
            percentage,
            percentage >= 50,
            grade,
            false,
            false,
            null,
            T0.plusSeconds(3600)));
  }

  /** R's row: {estimate, se}. */
  private static double[] expected(
      String replication, String statistic, String domain, String level) throws IOException {
    for (String[] r : csv("estimates.csv")) {
      if (r[0].equals(replication)
          && r[1].equals(statistic)
          && r[2].equals(domain)
          && r[3].equals(level)) {
        return new double[] {Double.parseDouble(r[4]), Double.parseDouble(r[5])};
      }
    }
    throw new AssertionError("no R row " + statistic + " " + domain + " " + level);
  }

  private static void assertMatches(SurveyReports.Stat stat, double[] r) {
    assertThat(stat.estimate()).isCloseTo(r[0], within(1e-6));
    assertThat(stat.standardError()).isCloseTo(r[1], within(1e-6));
    assertThat(stat.lower()).isCloseTo(r[0] - 1.959963984540054 * r[1], within(1e-6));
  }

  @Test
  void shouldReportRsNationalAndGenderEstimatesUnderJk2ThenUnderBrrOnceRedeclared()
      throws IOException {
    SurveyReports.EstimatesResponse jk2 = reports.estimates(SESSION, "gender", "percent");

    assertThat(jk2.replication()).isEqualTo("JK2");
    assertThat(jk2.replicates()).isEqualTo(33);
    assertMatches(jk2.national().mean(), expected("JK2", "mean", "all", "all"));
    assertMatches(jk2.national().percentiles().get("p10"), expected("JK2", "p10", "all", "all"));
    assertMatches(jk2.national().percentiles().get("p50"), expected("JK2", "p50", "all", "all"));
    assertMatches(
        jk2.national().atOrAbove().get("grade4"), expected("JK2", "percent_grade4", "all", "all"));
    assertThat(jk2.rows()).extracting(SurveyReports.EstimateRow::group).containsExactly("F", "M");
    for (SurveyReports.EstimateRow row : jk2.rows()) {
      assertMatches(row.mean(), expected("JK2", "mean", "gender", row.group()));
      assertMatches(row.percentiles().get("p90"), expected("JK2", "p90", "gender", row.group()));
    }

    declare("BRR_FAY", 0.5);
    try {
      SurveyReports.EstimatesResponse brr = reports.estimates(SESSION, "region", "percent");
      assertThat(brr.replicates()).isEqualTo(40);
      assertMatches(brr.national().mean(), expected("BRR_FAY", "mean", "all", "all"));
      for (SurveyReports.EstimateRow row : brr.rows()) {
        assertMatches(row.mean(), expected("BRR_FAY", "mean", "region", row.group()));
        assertMatches(
            row.atOrAbove().get("grade4"),
            expected("BRR_FAY", "percent_grade4", "region", row.group()));
      }
    } finally {
      declare("JK2", null);
    }
  }

  @Test
  void shouldShowPupilsWithoutALanguageAsASuppressedGroupAndSuppressTheNextSmallestWithIt() {
    SurveyReports.EstimatesResponse byLanguage = reports.estimates(SESSION, "language", "percent");

    // the 5 pupils without a language are a group of their own: left out of every group, their
    // mean would follow from the national row minus the others
    assertThat(byLanguage.rows())
        .extracting(
            SurveyReports.EstimateRow::group,
            SurveyReports.EstimateRow::suppressed,
            SurveyReports.EstimateRow::suppression)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ky", false, null),
            org.assertj.core.groups.Tuple.tuple("ru", true, "COMPLEMENTARY"),
            org.assertj.core.groups.Tuple.tuple("unknown", true, "SMALL_CELL"));
    SurveyReports.EstimateRow ru = byLanguage.rows().get(1);
    assertThat(ru.respondents()).isEqualTo(43);
    assertThat(ru.mean()).isNull();
    assertThat(ru.population()).isNull();
  }

  @Test
  void shouldCountTheSittingOutsideTheDesignAndTheTwoSchoolsThatDidNotTakePart() {
    SurveyReports.DesignView design = reports.design(SESSION);

    assertThat(design.schools()).isEqualTo(70);
    assertThat(design.participatingSchools()).isEqualTo(68);
    assertThat(design.respondents()).isEqualTo(2136);
    assertThat(design.outsideDesign()).isEqualTo(1);
    assertThat(design.unrepresentedStrata()).isEmpty();
    assertThat(design.strata()).hasSize(8);
  }

  @Test
  void shouldRefuseAnUnknownBreakdownAndASessionThatIsNoSurvey() {
    assertThatThrownBy(() -> reports.estimates(SESSION, "district", "percent"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("by must be");
    assertThatThrownBy(() -> reports.estimates("census-2026", "all", "percent"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("not a declared sample survey");
  }
}
