package kg.exam.query.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.stats.Suppression;
import kg.exam.query.web.Tabular;
import kg.exam.scoring.survey.Estimate;
import kg.exam.scoring.survey.Replication;
import kg.exam.scoring.survey.SampledSchool;
import kg.exam.scoring.survey.SurveyEstimator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A sample survey's reports: its design with participation, and weighted estimates for the national
 * population and its subgroups, each with a replicate-based standard error and 95 % confidence
 * interval (scoring-core {@code kg.exam.scoring.survey}, checked against R's {@code survey}). A
 * group with fewer respondents than the small-cell threshold, or from a single school, is
 * suppressed, with complementary suppression among its siblings.
 */
@Component
class SurveyReports {
  private static final double[] PERCENTILES = {0.10, 0.25, 0.50, 0.75, 0.90};

  private final JdbcTemplate jdbc;
  private final int minimumCell;

  SurveyReports(JdbcTemplate jdbc, @Value("${exam.statistics.minimum-cell:10}") int minimumCell) {
    this.jdbc = jdbc;
    this.minimumCell = minimumCell;
  }

  /**
   * @param sampled schools in the stratum's sample
   * @param participating of them, schools with at least one respondent
   * @param respondents pupils with a result at those schools
   */
  record StratumView(String stratum, int sampled, int participating, int respondents) {}

  /**
   * @param replicates replicate weights the design makes
   * @param outsideDesign scored sittings of the session at schools not in the design, left out
   * @param unrepresentedStrata strata where no sampled school took part: missing from every
   *     estimate
   */
  record DesignView(
      String sessionId,
      String replication,
      Double fayFactor,
      int replicates,
      Instant declaredAt,
      int schools,
      int participatingSchools,
      int respondents,
      int outsideDesign,
      List<String> unrepresentedStrata,
      List<StratumView> strata)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return strata;
    }
  }

  /** A declared survey, for choosing one. */
  record SurveySummary(
      String sessionId,
      String examId,
      String title,
      String replication,
      int schools,
      Instant declaredAt) {}

  /** Every session declared a sample survey, the latest declared first. */
  List<SurveySummary> list() {
    return jdbc.query(
        "SELECT d.session_id, es.exam_id, ev.title, d.replication,"
            + " (SELECT count(*) FROM survey_school x WHERE x.session_id = d.session_id),"
            + " d.declared_at FROM survey_design d"
            + " LEFT JOIN exam_session es ON es.session_id = d.session_id"
            + " LEFT JOIN exam_version ev ON ev.exam_id = es.exam_id AND ev.version = es.exam_version"
            + " ORDER BY d.declared_at DESC NULLS LAST, d.session_id",
        (rs, n) ->
            new SurveySummary(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()));
  }

  /** The design and its participation per stratum. */
  DesignView design(String sessionId) {
    SurveySample sample = SurveySample.load(jdbc, sessionId);
    List<SampledSchool> schools = sample.design().schools();
    int[] respondents = new int[schools.size()];
    for (int s : sample.school()) {
      respondents[s]++;
    }
    Map<String, int[]> strata = new TreeMap<>();
    for (int s = 0; s < schools.size(); s++) {
      int[] c = strata.computeIfAbsent(schools.get(s).stratum(), h -> new int[3]);
      c[0]++;
      c[1] += respondents[s] > 0 ? 1 : 0;
      c[2] += respondents[s];
    }
    List<StratumView> views = new ArrayList<>();
    strata.forEach((h, c) -> views.add(new StratumView(h, c[0], c[1], c[2])));
    return new DesignView(
        sessionId,
        sample.design().replication().name(),
        fay(sample),
        sample.design().replicateCount(),
        sample.declaredAt(),
        schools.size(),
        sample.weights().participating(),
        sample.respondents(),
        sample.outsideDesign(),
        sample.weights().unrepresentedStrata(),
        views);
  }

  /** An estimate with its standard error and 95 % interval; nulls where it is not defined. */
  record Stat(Double estimate, Double standardError, Double lower, Double upper) {
    static Stat of(Estimate e) {
      return new Stat(num(e.value()), num(e.standardError()), num(e.lower()), num(e.upper()));
    }
  }

  /**
   * One population group's estimates, on the exam's percentage scale (0–100).
   *
   * @param group {@code all} for the national row, else the breakdown's value
   * @param respondents pupils with a result in the group
   * @param schools participating schools with a pupil in the group; null when suppressed
   * @param population the group's estimated size (sum of weights); null when suppressed
   * @param mean mean percentage score
   * @param percentiles keys p10, p25, p50, p75, p90
   * @param atOrAboveGrade per grade (all but the lowest seen), the percentage of pupils at or above
   *     it
   */
  record EstimateRow(
      String group,
      int respondents,
      Integer schools,
      Double population,
      boolean suppressed,
      String suppression,
      Stat mean,
      Map<String, Stat> percentiles,
      Map<String, Stat> atOrAboveGrade) {
    /** Why a row is hidden. */
    static final String SMALL_CELL = "SMALL_CELL";

    static final String SINGLE_SCHOOL = "SINGLE_SCHOOL";
    static final String COMPLEMENTARY = "COMPLEMENTARY";

    EstimateRow suppress(String why) {
      return new EstimateRow(group, respondents, null, null, true, why, null, Map.of(), Map.of());
    }
  }

  /** One estimate as a CSV line. */
  record FlatRow(
      String group,
      String statistic,
      Double estimate,
      Double standardError,
      Double lower,
      Double upper,
      int respondents,
      boolean suppressed) {}

  /**
   * @param by the breakdown of {@code rows}: all, region, locality, language or gender
   * @param national the whole population's row
   */
  record EstimatesResponse(
      String sessionId,
      String by,
      String replication,
      int replicates,
      String scale,
      List<String> unrepresentedStrata,
      EstimateRow national,
      List<EstimateRow> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      List<FlatRow> flat = new ArrayList<>();
      List<EstimateRow> all = new ArrayList<>();
      all.add(national);
      all.addAll(rows);
      for (EstimateRow r : all) {
        if (r.suppressed()) {
          flat.add(new FlatRow(r.group(), "mean", null, null, null, null, r.respondents(), true));
          continue;
        }
        add(flat, r, "mean", r.mean());
        r.percentiles().forEach((k, v) -> add(flat, r, k, v));
        r.atOrAboveGrade().forEach((k, v) -> add(flat, r, "at_or_above_" + k, v));
      }
      return flat;
    }

    private static void add(List<FlatRow> flat, EstimateRow r, String statistic, Stat v) {
      flat.add(
          new FlatRow(
              r.group(),
              statistic,
              v.estimate(),
              v.standardError(),
              v.lower(),
              v.upper(),
              r.respondents(),
              false));
    }
  }

  /** The national row and, unless {@code by} is {@code all}, one row per group of the breakdown. */
  EstimatesResponse estimates(String sessionId, String by) {
    int attribute = SurveySample.BREAKDOWNS.indexOf(by);
    if (attribute < 0 && !by.equals("all")) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST,
          "by must be all, region, locality, language or gender, not '" + by + "'.");
    }
    SurveySample sample = SurveySample.load(jdbc, sessionId);
    if (sample.respondents() == 0) {
      throw new QueryRefused(
          ProblemType.NOT_FOUND,
          "Session " + sessionId + " has no respondent at a sampled school.");
    }
    SurveyEstimator estimator = new SurveyEstimator(sample.design(), sample.weights());
    int n = sample.respondents();
    List<String> levels = new ArrayList<>(List.of("all"));
    int[] national = new int[n];
    int[] domain = national;
    if (attribute >= 0) {
      TreeSet<String> values = new TreeSet<>();
      for (String[] a : sample.attributes()) {
        if (a[attribute] != null) {
          values.add(a[attribute]);
        }
      }
      levels = new ArrayList<>(values);
      domain = new int[n];
      for (int i = 0; i < n; i++) {
        String v = sample.attributes()[i][attribute];
        domain[i] = v == null ? -1 : levels.indexOf(v);
      }
    }
    List<EstimateRow> groups = rows(estimator, sample, domain, levels);
    EstimateRow nationalRow = rows(estimator, sample, national, List.of("all")).getFirst();
    if (attribute >= 0) {
      groups =
          Suppression.complement(
              groups,
              EstimateRow::suppressed,
              EstimateRow::respondents,
              r -> r.suppress(EstimateRow.COMPLEMENTARY));
    } else {
      groups = List.of();
    }
    return new EstimatesResponse(
        sessionId,
        by,
        sample.design().replication().name(),
        estimator.replicates(),
        "percent",
        sample.weights().unrepresentedStrata(),
        nationalRow,
        groups);
  }

  private List<EstimateRow> rows(
      SurveyEstimator estimator, SurveySample sample, int[] domain, List<String> levels) {
    int k = levels.size();
    Estimate[] means = estimator.means(sample.school(), sample.percentage(), domain, k);
    List<Map<String, Stat>> percentiles = new ArrayList<>();
    List<Map<String, Stat>> grades = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      percentiles.add(new LinkedHashMap<>());
      grades.add(new LinkedHashMap<>());
    }
    for (double p : PERCENTILES) {
      Estimate[] q = estimator.quantiles(sample.school(), sample.percentage(), domain, k, p);
      for (int d = 0; d < k; d++) {
        percentiles.get(d).put(String.format("p%02d", Math.round(p * 100)), Stat.of(q[d]));
      }
    }
    TreeSet<Integer> seen = new TreeSet<>();
    for (int g : sample.grade()) {
      seen.add(g);
    }
    for (int g : seen.isEmpty() ? List.<Integer>of() : seen.tailSet(seen.first(), false)) {
      double[] indicator = new double[sample.respondents()];
      for (int i = 0; i < indicator.length; i++) {
        indicator[i] = sample.grade()[i] >= g ? 100 : 0;
      }
      Estimate[] share = estimator.means(sample.school(), indicator, domain, k);
      for (int d = 0; d < k; d++) {
        grades.get(d).put(Integer.toString(g), Stat.of(share[d]));
      }
    }
    List<EstimateRow> rows = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      Estimate m = means[d];
      EstimateRow row =
          new EstimateRow(
              levels.get(d),
              m.respondents(),
              m.schools(),
              num(m.population()),
              false,
              null,
              Stat.of(m),
              percentiles.get(d),
              grades.get(d));
      rows.add(
          m.respondents() < minimumCell
              ? row.suppress(EstimateRow.SMALL_CELL)
              : m.schools() < 2 ? row.suppress(EstimateRow.SINGLE_SCHOOL) : row);
    }
    return rows;
  }

  private static Double fay(SurveySample sample) {
    return sample.design().replication() == Replication.BRR_FAY
        ? sample.design().fayFactor()
        : null;
  }

  private static Double num(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
