package kg.exam.query.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.query.problem.QueryRefused;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Scaled survey estimates on simulated data of known truth, through the projections ({@link
 * SurveyFixtures}): 16 schools in two regions whose pupils' abilities are N(−0.3, 0.8²) and N(+0.3,
 * 0.8²), 16 Rasch items, and the session's calibration recorded with the true item parameters and
 * the scale 20 θ + 100 (pass mark 110). The reports must put the regions 12 points apart around
 * 100, with standard errors that carry the plausible values' spread.
 */
class ScaledSurveyEstimatesTest {
  private static final String SESSION = "survey-scaled";
  private static final Map<String, Double> ITEMS = new LinkedHashMap<>();

  private static SurveyFixtures fixtures;
  private static SurveyReports reports;

  @BeforeAll
  static void database() throws Exception {
    fixtures = new SurveyFixtures();
    reports = fixtures.reports();
    for (int j = 0; j < 16; j++) {
      ITEMS.put("q" + j, -1.5 + 3.0 * j / 15);
    }
    fixtures.survey(SESSION, ITEMS, new double[] {-0.3, 0.3}, 20261206L);
  }

  @AfterAll
  static void stop() throws Exception {
    fixtures.close();
  }

  @Test
  void shouldPutTheRegionsTwelveScaledPointsApartAroundOneHundred() {
    assertThatThrownBy(() -> reports.estimates(SESSION, "region", "scaled"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("finalised");
    fixtures.finalise(SESSION, ITEMS);

    SurveyReports.EstimatesResponse scaled = reports.estimates(SESSION, "region", "scaled");

    assertThat(scaled.score()).isEqualTo("scaled");
    assertThat(scaled.plausibleValues()).isEqualTo(5);
    assertThat(scaled.scale().passMark()).isEqualTo(110);
    assertThat(scaled.scale().converged()).isTrue();
    SurveyReports.Stat national = scaled.national().mean();
    assertThat(national.estimate()).isCloseTo(100, within(3.0));
    SurveyReports.Stat a = scaled.rows().get(0).mean();
    SurveyReports.Stat b = scaled.rows().get(1).mean();
    assertThat(b.estimate() - a.estimate()).isCloseTo(12, within(3.0));
    assertThat(a.standardError()).isPositive();
    assertThat(scaled.national().atOrAbove()).containsOnlyKeys("passMark");
    // P(θ ≥ 0.475) (109.5 rounds to the pass mark 110) in the mixture, about 29 %
    assertThat(scaled.national().atOrAbove().get("passMark").estimate()).isCloseTo(29, within(6.0));
    assertThat(scaled.national().percentiles().get("p50").estimate()).isCloseTo(100, within(4.0));

    SurveyReports.EstimatesResponse again = reports.estimates(SESSION, "region", "scaled");
    assertThat(again.national().mean()).isEqualTo(national);

    // a pupil scored since: the kept values are not used for the new respondents
    String late = "sit-late";
    fixtures.apply(
        late,
        0,
        new CandidateRegistered(
            late,
            SESSION,
            "exam-" + SESSION,
            1,
            "centre",
            "cand-late",
            new CandidateProfile("A", "d", SESSION + "-S0", "URBAN", "ky", "F", 8),
            0,
            "admin"));
    fixtures.apply(
        late,
        1,
        new SittingScored(
            late,
            "exam-" + SESSION,
            1,
            1,
            "test",
            List.of(new ItemScoreRecord("q0", 1, 1, "CORRECT")),
            Map.of(),
            1,
            16,
            100.0 / 16,
            false,
            2,
            false,
            false,
            null,
            SurveyFixtures.T0.plusSeconds(60)));
    SurveyReports.EstimatesResponse after = reports.estimates(SESSION, "region", "scaled");
    assertThat(after.national().respondents()).isEqualTo(961);
  }

  @Test
  void shouldReportPercentagesWithOneValuePerPupilAndRefuseAnUnknownScore() {
    SurveyReports.EstimatesResponse percent = reports.estimates(SESSION, "all", "percent");

    assertThat(percent.plausibleValues()).isEqualTo(1);
    assertThat(percent.scale()).isNull();
    assertThat(percent.national().respondents()).isBetween(960, 961);
    assertThatThrownBy(() -> reports.estimates(SESSION, "all", "logits"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("score must be percent or scaled");
  }
}
