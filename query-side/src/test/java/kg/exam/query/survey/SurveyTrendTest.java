package kg.exam.query.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.query.problem.QueryRefused;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trend of known size between two surveys on different forms. Year 1 sits form 1 (items q0..q15);
 * year 2 sits form 2, which keeps q0..q9 as anchors (each drifting by ±0.1 in year 2) and replaces
 * the rest, and its pupils are 0.25 θ better (5 points of year 1's scale 20 θ + 100). Each year's
 * calibration is on its own scale, centred on its own population, as a calibration is: year 2's θ
 * is (θ − 0.25)/1.2 (discrimination 1.2, difficulties (b − 0.25)/1.2), reported as 25 θ + 150.
 * Compared naively the two years are 50 points apart; linked through the anchors the rise of 5
 * appears, with a linking error from the anchors' drift.
 */
class SurveyTrendTest {
  private static SurveyFixtures fixtures;
  private static SurveyTrends trends;
  private static SurveyReports reports;

  @BeforeAll
  static void surveys() throws Exception {
    fixtures = new SurveyFixtures();
    reports = fixtures.reports();
    trends = new SurveyTrends(fixtures.jdbc, reports);
    Map<String, Double> form1 = new LinkedHashMap<>();
    Map<String, Double> form2 = new LinkedHashMap<>();
    for (int j = 0; j < 16; j++) {
      double b = -1.5 + 3.0 * j / 15;
      form1.put("q" + j, b);
      form2.put(j < 10 ? "q" + j : "r" + j, b + (j < 10 ? (j % 2 == 0 ? 0.1 : -0.1) : 0.1));
    }
    fixtures.survey("year-1", form1, new double[] {-0.1, 0.1}, 11L);
    fixtures.survey("year-2", form2, new double[] {0.15, 0.35}, 12L);
    fixtures.finalise("year-1", form1);
    Map<String, Double> ownScale = new LinkedHashMap<>();
    form2.forEach((id, b) -> ownScale.put(id, (b - 0.25) / 1.2));
    fixtures.finalise("year-2", ownScale, 1.2, new ScaleDefinition(25, 150, 1, 50, 250, 160));
    fixtures.survey(
        "other-form", Map.of("z1", 0.0, "z2", 0.5, "q1", 1.0), new double[] {0, 0}, 13L);
    fixtures.finalise("other-form", Map.of("z1", 0.0, "z2", 0.5, "q1", 1.0));
  }

  @AfterAll
  static void stop() throws Exception {
    fixtures.close();
  }

  @Test
  void shouldShowTheRiseOfFivePointsOnlyOnceTheFormsAreLinked() {
    double year1 = reports.estimates("year-1", "all", "scaled").national().mean().estimate();
    SurveyReports.Stat year2 = reports.estimates("year-2", "all", "scaled").national().mean();
    assertThat(year2.estimate() - year1)
        .as("each year on its own scale")
        .isCloseTo(50, within(3.0));

    SurveyTrends.TrendResponse trend = trends.trend("year-2", "year-1", "region");

    assertThat(trend.link().method()).isEqualTo("STOCKING_LORD");
    assertThat(trend.link().anchors()).isEqualTo(10);
    assertThat(trend.link().anchorItems()).contains("q0", "q9").doesNotContain("q10", "r10");
    assertThat(trend.link().slope()).isCloseTo(1.2, within(0.05));
    assertThat(trend.link().intercept()).isCloseTo(0.25, within(0.05));
    SurveyTrends.TrendRow nation = trend.national();
    // year 2's mean through θ onto year 1's scale, and its SE by the same slope
    double a = trend.link().slope();
    double b = trend.link().intercept();
    assertThat(nation.session().estimate())
        .isCloseTo(20 * (a * (year2.estimate() - 150) / 25 + b) + 100, within(1e-9));
    assertThat(nation.session().standardError())
        .isCloseTo(year2.standardError() * 20 * a / 25, within(1e-9));
    assertThat(nation.change().estimate()).isCloseTo(5, within(2.0));
    assertThat(nation.linkingError()).as("the anchors drift").isPositive();
    assertThat(nation.change().standardError())
        .isCloseTo(
            Math.sqrt(
                Math.pow(nation.since().standardError(), 2)
                    + Math.pow(nation.session().standardError(), 2)
                    + Math.pow(nation.linkingError(), 2)),
            within(1e-9));
    assertThat(trend.rows()).extracting(SurveyTrends.TrendRow::group).containsExactly("A", "B");
    for (SurveyTrends.TrendRow row : trend.rows()) {
      assertThat(row.change().estimate()).isCloseTo(5, within(3.0));
    }
    assertThat(trend.csvRows()).hasSize(3);
  }

  @Test
  void shouldRefuseAComparisonWithItselfOrWithAFormSharingTooFewItems() {
    assertThatThrownBy(() -> trends.trend("year-1", "year-1", "all"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("two different surveys");
    assertThatThrownBy(() -> trends.trend("other-form", "year-1", "all"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("cannot be linked")
        .hasMessageContaining("share 1");
  }
}
