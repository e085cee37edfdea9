package kg.exam.query.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.EmSettings;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.survey.SampleDesignDeclared;
import kg.exam.contract.survey.SurveySchool;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.projection.EventEnvelope;
import kg.exam.query.projection.Projections;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scaled survey estimates on simulated data of known truth, through the projections: a self-
 * weighting sample (every school drawn with probability 0.5, every pupil tested) of 16 schools in
 * two regions whose pupils' abilities are N(−0.3, 0.8²) and N(+0.3, 0.8²), 16 Rasch items, and the
 * session's calibration recorded with the true item parameters and the scale 20 θ + 100 (pass mark
 * 110). The reports must put the regions 12 points apart around 100, with standard errors that
 * carry the plausible values' spread.
 */
class ScaledSurveyEstimatesTest {
  private static final String SESSION = "survey-scaled";
  private static final Instant T0 = Instant.parse("2026-05-20T08:00:00Z");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ITEMS = 16;

  private static EmbeddedPostgres postgres;
  private static TransactionTemplate transactions;
  private static Projections projections;
  private static SurveyReports reports;

  @BeforeAll
  static void database() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    PGSimpleDataSource ds = (PGSimpleDataSource) postgres.getDatabase("postgres", "postgres");
    ds.setCurrentSchema("query_side");
    Flyway.configure()
        .dataSource(ds)
        .schemas("query_side")
        .defaultSchema("query_side")
        .locations("classpath:db/query-side")
        .load()
        .migrate();
    JdbcTemplate jdbc = new JdbcTemplate(ds);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));
    projections = new Projections(jdbc);
    reports = new SurveyReports(jdbc, 10, new SurveyPlausibleValues(jdbc));

    List<SurveySchool> schools = new ArrayList<>();
    for (int s = 0; s < 16; s++) {
      String region = s < 8 ? "A" : "B";
      schools.add(new SurveySchool("S" + s, region, 0.5, 60, s / 2 + 1, s % 2 + 1));
    }
    apply(SESSION, 0, new SampleDesignDeclared(SESSION, "JK2", null, schools, "admin", T0));
    SplittableRandom random = new SplittableRandom(20261206L);
    for (int s = 0; s < 16; s++) {
      double regionMean = s < 8 ? -0.3 : 0.3;
      for (int p = 0; p < 60; p++) {
        double theta = regionMean + 0.8 * gaussian(random);
        List<ItemScoreRecord> scores = new ArrayList<>();
        double total = 0;
        for (int j = 0; j < ITEMS; j++) {
          double probability = 1 / (1 + Math.exp(-(theta - difficulty(j))));
          int x = random.nextDouble() < probability ? 1 : 0;
          total += x;
          scores.add(new ItemScoreRecord("q" + j, x, 1, x == 1 ? "CORRECT" : "INCORRECT"));
        }
        String id = "sit-" + s + "-" + p;
        apply(
            id,
            0,
            new CandidateRegistered(
                id,
                SESSION,
                "exam-s",
                1,
                "centre",
                "cand-" + id,
                new CandidateProfile(
                    s < 8 ? "A" : "B", "d", "S" + s, "URBAN", "ky", p % 2 == 0 ? "F" : "M", 8),
                0,
                "admin"));
        apply(
            id,
            1,
            new SittingScored(
                id,
                "exam-s",
                1,
                1,
                "test",
                scores,
                Map.of(),
                total,
                ITEMS,
                100 * total / ITEMS,
                total >= 8,
                3,
                false,
                false,
                null,
                T0));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static double difficulty(int j) {
    return -1.5 + 3.0 * j / (ITEMS - 1);
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static void apply(String aggregate, long sequence, Object event) {
    EventEnvelope envelope =
        new EventEnvelope(
            "e-" + aggregate + "-" + sequence,
            event.getClass().getName(),
            aggregate,
            sequence,
            sequence,
            T0.plusSeconds(sequence),
            JSON.writeValueAsBytes(event));
    transactions.execute(s -> projections.apply(envelope));
  }

  private static void finalise() {
    List<CalibratedItem> items = new ArrayList<>();
    for (int j = 0; j < ITEMS; j++) {
      items.add(
          new CalibratedItem("q" + j, 1, difficulty(j), 0, List.of(), null, 0.05, null, List.of()));
    }
    SessionCalibration calibration =
        new SessionCalibration(
            "exam-s",
            1,
            1,
            List.of("test"),
            "RASCH",
            SessionCalibration.MML_EM,
            "EAP",
            41,
            "test",
            new EmSettings(41, 6, 1e-4, 500),
            null,
            items,
            0,
            0.85,
            null,
            -1,
            10,
            true,
            1e-5,
            new ScaleDefinition(20, 100, 1, 40, 160, 110),
            960,
            List.of(),
            "00",
            0);
    apply(SESSION, 1, new SessionResultsFinalised(SESSION, calibration, T0, "admin"));
  }

  @Test
  void shouldPutTheRegionsTwelveScaledPointsApartWithRubinsStandardErrors() {
    assertThatThrownBy(() -> reports.estimates(SESSION, "region", "scaled"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("finalised");
    finalise();

    SurveyReports.EstimatesResponse scaled = reports.estimates(SESSION, "region", "scaled");

    assertThat(scaled.score()).isEqualTo("scaled");
    assertThat(scaled.plausibleValues()).isEqualTo(5);
    assertThat(scaled.scale().passMark()).isEqualTo(110);
    SurveyReports.Stat national = scaled.national().mean();
    assertThat(national.estimate()).isCloseTo(100, within(3.0));
    SurveyReports.Stat a = scaled.rows().get(0).mean();
    SurveyReports.Stat b = scaled.rows().get(1).mean();
    assertThat(b.estimate() - a.estimate()).isCloseTo(12, within(3.0));
    assertThat(a.standardError()).isPositive();
    assertThat(scaled.national().atOrAbove()).containsOnlyKeys("passMark");
    // P(θ ≥ 0.5) in the mixture: (P(Z ≥ 1.0) + P(Z ≥ 0.25)) / 2, about 28 %
    assertThat(scaled.national().atOrAbove().get("passMark").estimate()).isCloseTo(28, within(6.0));
    assertThat(scaled.national().percentiles().get("p50").estimate()).isCloseTo(100, within(4.0));

    SurveyReports.EstimatesResponse again = reports.estimates(SESSION, "region", "scaled");
    assertThat(again.national().mean()).isEqualTo(national);

    // a pupil scored since: the kept values are not used for the new respondents
    String late = "sit-late";
    apply(
        late,
        0,
        new CandidateRegistered(
            late,
            SESSION,
            "exam-s",
            1,
            "centre",
            "cand-late",
            new CandidateProfile("A", "d", "S0", "URBAN", "ky", "F", 8),
            0,
            "admin"));
    apply(
        late,
        1,
        new SittingScored(
            late,
            "exam-s",
            1,
            1,
            "test",
            List.of(new ItemScoreRecord("q0", 1, 1, "CORRECT")),
            Map.of(),
            1,
            ITEMS,
            100.0 / ITEMS,
            false,
            2,
            false,
            false,
            null,
            T0.plusSeconds(60)));
    SurveyReports.EstimatesResponse after = reports.estimates(SESSION, "region", "scaled");
    assertThat(after.national().respondents()).isEqualTo(961);
  }

  @Test
  void shouldKeepPercentagesAsTheDefaultScore() {
    SurveyReports.EstimatesResponse percent = reports.estimates(SESSION, "all", "percent");

    assertThat(percent.plausibleValues()).isEqualTo(1);
    assertThat(percent.scale()).isNull();
    assertThat(percent.national().respondents()).isBetween(960, 961);
    assertThatThrownBy(() -> reports.estimates(SESSION, "all", "logits"))
        .isInstanceOf(QueryRefused.class)
        .hasMessageContaining("score must be percent or scaled");
  }
}
