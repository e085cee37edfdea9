package kg.exam.query.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import kg.exam.query.problem.QueryRefused;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trend of known size between two surveys on different forms. Year 1 sits form 1 (items q0..q15);
 * year 2 sits form 2, which keeps q0..q9 as anchors and replaces the rest, and its pupils are 0.25
 * θ better (5 scaled points). Each year's calibration is on its own scale, centred on its own
 * population, as a calibration is: year 2's difficulties are the true ones minus 0.25. Compared
 * naively the two years look alike; linked through the anchors the rise appears.
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
      form2.put(j < 10 ? "q" + j : "r" + j, b + (j < 10 ? 0 : 0.1));
    }
    fixtures.survey("year-1", form1, new double[] {-0.1, 0.1}, 11L);
    fixtures.survey("year-2", form2, new double[] {0.15, 0.35}, 12L);
    fixtures.finalise("year-1", form1);
    Map<String, Double> ownScale = new LinkedHashMap<>();
    form2.forEach((id, b) -> ownScale.put(id, b - 0.25));
    fixtures.finalise("year-2", ownScale);
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
    double naive =
        reports.estimates("year-2", "all", "scaled").national().mean().estimate()
            - reports.estimates("year-1", "all", "scaled").national().mean().estimate();
    assertThat(naive).as("each year on its own scale: no visible change").isCloseTo(0, within(2.0));

    SurveyTrends.TrendResponse trend = trends.trend("year-2", "year-1", "region");

    assertThat(trend.link().method()).isEqualTo("STOCKING_LORD");
    assertThat(trend.link().anchors()).isEqualTo(10);
    assertThat(trend.link().anchorItems()).contains("q0", "q9").doesNotContain("q10", "r10");
    assertThat(trend.link().slope()).isCloseTo(1, within(1e-6));
    assertThat(trend.link().intercept()).isCloseTo(0.25, within(1e-6));
    SurveyTrends.TrendRow nation = trend.national();
    assertThat(nation.change().estimate()).isCloseTo(5, within(2.0));
    double se = nation.change().standardError();
    double sampling = Math.hypot(nation.since().standardError(), nation.session().standardError());
    assertThat(se).as("the linking error is added").isGreaterThanOrEqualTo(sampling);
    assertThat(nation.linkingError()).isCloseTo(0, within(1e-6)); // anchors without drift
    assertThat(trend.rows()).extracting(SurveyTrends.TrendRow::group).containsExactly("A", "B");
    for (SurveyTrends.TrendRow row : trend.rows()) {
      assertThat(row.change().estimate()).isCloseTo(5, within(3.0));
    }
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
