package kg.exam.query.survey;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;
import kg.exam.scoring.survey.PlausibleValues;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scaled scores for a sample survey: {@value #DRAWS} plausible values per respondent from a latent
 * regression (scoring-core {@link PlausibleValues}) under the session's recorded calibration (its
 * {@code SessionResultsFinalised} event), conditioned on region, locality, language and gender, and
 * put on the session's reporting scale ({@code slope · θ + intercept}, not rounded; a value passes
 * as the official decision does, rounded to the scale's step). The draws are seeded by the session
 * id, so a report is the same every time it is asked for; they are kept for the last few sessions
 * and used again only for the same respondents with the same groups, scores, design and
 * calibration. Two requests that miss at once both draw (the same values).
 */
@Component
class SurveyPlausibleValues {
  static final int DRAWS = 5;
  private static final int CACHED_SESSIONS = 4;

  /**
   * The reporting scale scaled estimates are on.
   *
   * @param model the calibration's IRT model
   */
  record Scale(
      double slope,
      double intercept,
      double step,
      double passMark,
      String model,
      Instant finalisedAt,
      boolean converged,
      int cycles) {}

  /** What a measure was drawn from; it is used again only for the very same respondents. */
  private record Kept(
      String stamp, String[] sittingIds, int groupsHash, SurveyReports.Measure measure) {}

  private final JdbcTemplate jdbc;
  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  private final Map<String, Kept> cache =
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
          return size() > CACHED_SESSIONS;
        }
      };

  SurveyPlausibleValues(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The state of the session's scores, to be read before its sample: cached values are used again
   * only while it is unchanged.
   */
  String stamp(String sessionId) {
    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT count(*) AS n, max(sc.scored_at) AS latest,"
                + " (SELECT finalised_at FROM session_calibration WHERE session_id = ?) AS finalised,"
                + " (SELECT declared_at FROM survey_design WHERE session_id = ?) AS declared"
                + " FROM sitting_score sc JOIN sitting s ON s.sitting_id = sc.sitting_id"
                + " WHERE s.session_id = ?",
            sessionId,
            sessionId,
            sessionId);
    return row.get("n")
        + "|"
        + row.get("latest")
        + "|"
        + row.get("finalised")
        + "|"
        + row.get("declared");
  }

  SurveyReports.Measure measure(SurveySample sample, String stamp) {
    String sessionId = sample.sessionId();
    int groupsHash = java.util.Arrays.deepHashCode(sample.attributes());
    synchronized (cache) {
      Kept kept = cache.get(sessionId);
      if (kept != null
          && kept.stamp().equals(stamp)
          && kept.groupsHash() == groupsHash
          && java.util.Arrays.equals(kept.sittingIds(), sample.sittingId())) {
        return kept.measure();
      }
    }
    List<Map<String, Object>> recorded =
        jdbc.queryForList(
            "SELECT calibration, finalised_at FROM session_calibration WHERE session_id = ?",
            sessionId);
    if (recorded.isEmpty()) {
      throw new QueryRefused(
          ProblemType.RESULTS_NOT_FINALISED,
          "Scaled scores need the calibration of session "
              + sessionId
              + ", recorded when its results are finalised; percentages are available now.");
    }
    Timestamp finalised = (Timestamp) recorded.getFirst().get("finalised_at");
    SurveyReports.Measure measure;
    try {
      SessionCalibration calibration =
          json.readValue((String) recorded.getFirst().get("calibration"), SessionCalibration.class);
      measure = compute(sample, calibration, finalised == null ? null : finalised.toInstant());
    } catch (IllegalArgumentException
        | NullPointerException
        | tools.jackson.core.JacksonException e) {
      throw new QueryRefused(
          ProblemType.CALIBRATION_UNUSABLE,
          "The recorded calibration of session "
              + sessionId
              + " cannot be used: "
              + e.getMessage());
    }
    synchronized (cache) {
      cache.put(sessionId, new Kept(stamp, sample.sittingId(), groupsHash, measure));
    }
    return measure;
  }

  private SurveyReports.Measure compute(
      SurveySample sample, SessionCalibration calibration, Instant finalisedAt) {
    List<ItemParameters> items = new ArrayList<>();
    Map<String, Integer> column = new HashMap<>();
    for (CalibratedItem i : calibration.items()) {
      column.put(i.itemId(), items.size());
      items.add(parameters(i));
    }
    int n = sample.respondents();
    int j = items.size();
    Map<String, Integer> row = new HashMap<>();
    for (int r = 0; r < n; r++) {
      row.put(sample.sittingId()[r], r);
    }
    byte[] cells = new byte[n * j];
    java.util.Arrays.fill(cells, Responses.NOT_PRESENTED);
    long[] matched = {0};
    jdbc.query(
        "SELECT i.sitting_id, i.item_id, i.score FROM item_score i"
            + " JOIN sitting s ON s.sitting_id = i.sitting_id WHERE s.session_id = ?",
        rs -> {
          Integer r = row.get(rs.getString(1));
          Integer c = column.get(rs.getString(2));
          double score = rs.getDouble(3);
          // the calibration's categories are whole scores 0..max; anything else stays unseen
          if (r != null
              && c != null
              && score >= 0
              && score == Math.rint(score)
              && score <= items.get(c).maxScore()) {
            cells[r * j + c] = (byte) score;
            matched[0]++;
          }
        },
        sample.sessionId());
    if (matched[0] == 0) {
      throw new IllegalArgumentException(
          "no item score of the survey's respondents matches an item of the calibration");
    }
    ScaleDefinition d = calibration.scale();
    // the official pass decision rounds to the scale's step first (ReportingScale.passed)
    ReportingScale scale =
        new ReportingScale(
            d.slope(), d.intercept(), d.step(), d.lowest(), d.highest(), d.passMark());
    double[][] covariates = covariates(sample);
    PlausibleValues.Result drawn =
        PlausibleValues.draw(
            Responses.wrap(cells, n, j), items, covariates, DRAWS, sample.sessionId().hashCode());
    double[][] scaled = new double[DRAWS][n];
    double[][] passed = new double[DRAWS][n];
    for (int v = 0; v < DRAWS; v++) {
      for (int i = 0; i < n; i++) {
        double theta = drawn.values()[v][i];
        scaled[v][i] = scale.slope() * theta + scale.intercept();
        passed[v][i] = scale.passed(theta) ? 100 : 0;
      }
    }
    Map<String, double[][]> shares = new LinkedHashMap<>();
    shares.put("passMark", passed);
    return new SurveyReports.Measure(
        scaled,
        shares,
        new Scale(
            scale.slope(),
            scale.intercept(),
            scale.step(),
            scale.passMark(),
            calibration.model(),
            finalisedAt,
            drawn.converged(),
            drawn.cycles()));
  }

  /** A recorded item's parameters (its standard errors are not needed here). */
  static ItemParameters parameters(CalibratedItem i) {
    return new ItemParameters(
        i.discrimination(),
        i.difficulty(),
        Double.NaN,
        Double.NaN,
        i.guessing(),
        Double.NaN,
        i.thresholds().stream().mapToDouble(Double::doubleValue).toArray(),
        new double[i.thresholds().size()]);
  }

  /** An intercept and one indicator per level of each breakdown but its first (null a level). */
  private static double[][] covariates(SurveySample sample) {
    int n = sample.respondents();
    int attributes = SurveySample.BREAKDOWNS.size();
    List<Map<String, Integer>> levels = new ArrayList<>();
    int columns = 1;
    for (int a = 0; a < attributes; a++) {
      Map<String, Integer> seen = new LinkedHashMap<>();
      for (String[] values : sample.attributes()) {
        seen.putIfAbsent(String.valueOf(values[a]), seen.size());
      }
      levels.add(seen);
      columns += seen.size() - 1;
    }
    double[][] x = new double[n][columns];
    for (int i = 0; i < n; i++) {
      x[i][0] = 1;
      int offset = 1;
      for (int a = 0; a < attributes; a++) {
        int level = levels.get(a).get(String.valueOf(sample.attributes()[i][a]));
        if (level > 0) {
          x[i][offset + level - 1] = 1;
        }
        offset += levels.get(a).size() - 1;
      }
    }
    return x;
  }
}
