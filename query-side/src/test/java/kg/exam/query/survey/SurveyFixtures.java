package kg.exam.query.survey;

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
import kg.exam.query.projection.ProjectedDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Simulated sample surveys through the real projections over a real PostgreSQL: a self-weighting
 * sample (16 schools drawn with probability 0.5 in two regions, A and B, 60 pupils each, every
 * pupil tested) answering Rasch items, and the session's calibration recorded as given.
 */
final class SurveyFixtures implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-05-20T08:00:00Z");

  final ProjectedDatabase database;
  final JdbcTemplate jdbc;

  SurveyFixtures() throws Exception {
    database = new ProjectedDatabase();
    jdbc = database.jdbc;
  }

  SurveyReports reports() {
    return new SurveyReports(jdbc, 10, new SurveyPlausibleValues(jdbc));
  }

  void apply(String aggregate, long sequence, Object event) {
    database.apply(aggregate, sequence, event, T0.plusSeconds(sequence));
  }

  /**
   * Declares the session's design and scores its pupils.
   *
   * @param items item id → true difficulty (Rasch)
   * @param regionMeans θ means of the pupils of region A and of region B (SD 0.8 within)
   */
  void survey(String session, Map<String, Double> items, double[] regionMeans, long seed) {
    List<SurveySchool> schools = new ArrayList<>();
    for (int s = 0; s < 16; s++) {
      schools.add(
          new SurveySchool(session + "-S" + s, s < 8 ? "A" : "B", 0.5, 60, s / 2 + 1, s % 2 + 1));
    }
    apply(session, 0, new SampleDesignDeclared(session, "JK2", null, schools, "admin", T0));
    SplittableRandom random = new SplittableRandom(seed);
    for (int s = 0; s < 16; s++) {
      for (int p = 0; p < 60; p++) {
        double theta = regionMeans[s < 8 ? 0 : 1] + 0.8 * gaussian(random);
        List<ItemScoreRecord> scores = new ArrayList<>();
        double total = 0;
        for (Map.Entry<String, Double> item : items.entrySet()) {
          double probability = 1 / (1 + Math.exp(-(theta - item.getValue())));
          int x = random.nextDouble() < probability ? 1 : 0;
          total += x;
          scores.add(new ItemScoreRecord(item.getKey(), x, 1, x == 1 ? "CORRECT" : "INCORRECT"));
        }
        String id = session + "-sit-" + s + "-" + p;
        apply(
            id,
            0,
            new CandidateRegistered(
                id,
                session,
                "exam-" + session,
                1,
                "centre",
                "cand-" + id,
                new CandidateProfile(
                    s < 8 ? "A" : "B",
                    "d",
                    session + "-S" + s,
                    "URBAN",
                    "ky",
                    p % 2 == 0 ? "F" : "M",
                    8),
                0,
                "admin"));
        apply(
            id,
            1,
            new SittingScored(
                id,
                "exam-" + session,
                1,
                1,
                "test",
                scores,
                Map.of(),
                total,
                items.size(),
                100 * total / items.size(),
                total >= items.size() / 2.0,
                3,
                false,
                false,
                null,
                T0));
      }
    }
  }

  /**
   * Records the session's calibration: the given Rasch difficulties, scale 20 θ + 100, pass 110.
   */
  void finalise(String session, Map<String, Double> difficulties) {
    finalise(session, difficulties, 1, new ScaleDefinition(20, 100, 1, 40, 160, 110));
  }

  /** Records the session's calibration: one discrimination for every item, and the given scale. */
  void finalise(
      String session,
      Map<String, Double> difficulties,
      double discrimination,
      ScaleDefinition scale) {
    List<CalibratedItem> items = new ArrayList<>();
    difficulties.forEach(
        (id, b) ->
            items.add(
                new CalibratedItem(
                    id, discrimination, b, 0, List.of(), null, 0.05, null, List.of())));
    SessionCalibration calibration =
        new SessionCalibration(
            "exam-" + session,
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
            scale,
            960,
            List.of(),
            "00",
            0);
    apply(session, 1, new SessionResultsFinalised(session, calibration, T0, "admin"));
  }

  static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Override
  public void close() throws java.io.IOException {
    database.close();
  }
}
