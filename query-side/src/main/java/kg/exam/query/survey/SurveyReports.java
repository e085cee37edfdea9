package kg.exam.query.survey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import kg.exam.scoring.survey.RubinsRules;
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

  /** The group of pupils without a value for the breakdown, as the census dashboards name it. */
  static final String UNKNOWN = "unknown";

  private final JdbcTemplate jdbc;
  private final int minimumCell;
  private final SurveyPlausibleValues plausibleValues;

  SurveyReports(
      JdbcTemplate jdbc,
      @Value("${exam.statistics.minimum-cell:10}") int minimumCell,
      SurveyPlausibleValues plausibleValues) {
    this.jdbc = jdbc;
    this.minimumCell = minimumCell;
    this.plausibleValues = plausibleValues;
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
   * @param unusableScores scored sittings whose percentage is not a number (a damaged event), left
   *     out
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
      int unusableScores,
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
        sample.unusableScores(),
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
   * @param suppression why it is hidden: SMALL_CELL, SINGLE_SCHOOL or COMPLEMENTARY; null if shown
   * @param mean mean score (percentage or scaled)
   * @param percentiles keys p10, p25, p50, p75, p90
   * @param atOrAbove the percentage of pupils at or above a level: for percentage scores each grade
   *     but the lowest seen ({@code grade3}, {@code grade4}, …); for scaled scores the pass mark
   *     ({@code passMark})
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
      Map<String, Stat> atOrAbove) {
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
   * @param score percent or scaled
   * @param plausibleValues values per pupil behind each estimate (1 for percent, 5 for scaled)
   * @param scale the reporting scale of scaled scores; absent for percentages
   * @param national the whole population's row
   */
  record EstimatesResponse(
      String sessionId,
      String by,
      String replication,
      int replicates,
      String score,
      int plausibleValues,
      SurveyPlausibleValues.Scale scale,
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
        r.atOrAbove().forEach((k, v) -> add(flat, r, "at_or_above_" + k, v));
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

  /**
   * The national row and, unless {@code by} is {@code all}, one row per group of the breakdown.
   *
   * @param score {@code percent} (the exam's percentage score, shares at or above each grade) or
   *     {@code scaled} (the session's reporting scale through plausible values and Rubin's rules,
   *     share at or above the pass mark; the session's results must be finalised)
   */
  EstimatesResponse estimates(String sessionId, String by, String score) {
    int attribute = SurveySample.BREAKDOWNS.indexOf(by);
    if (attribute < 0 && !by.equals("all")) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST,
          "by must be all, region, locality, language or gender, not '" + by + "'.");
    }
    if (!score.equals("percent") && !score.equals("scaled")) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST, "score must be percent or scaled, not '" + score + "'.");
    }
    // the scores' stamp is read before the sample, so cached plausible values are never newer than
    // what they were drawn from
    String stamp = score.equals("scaled") ? plausibleValues.stamp(sessionId) : null;
    SurveySample sample = SurveySample.load(jdbc, sessionId);
    if (sample.respondents() == 0) {
      throw new QueryRefused(
          ProblemType.NOT_FOUND,
          "Session " + sessionId + " has no respondent at a sampled school.");
    }
    Measure measure =
        score.equals("scaled") ? plausibleValues.measure(sample, stamp) : percent(sample);
    SurveyEstimator estimator = new SurveyEstimator(sample.design(), sample.weights());
    int n = sample.respondents();
    List<String> levels = new ArrayList<>(List.of("all"));
    int[] national = new int[n];
    int[] domain = national;
    if (attribute >= 0) {
      // pupils without a value form the group "unknown", suppressed like any other: left out of
      // every group, their mean would follow from the national row minus the groups
      TreeSet<String> values = new TreeSet<>();
      for (String[] a : sample.attributes()) {
        values.add(a[attribute] == null ? UNKNOWN : a[attribute]);
      }
      levels = new ArrayList<>(values);
      Map<String, Integer> index = new HashMap<>();
      for (int l = 0; l < levels.size(); l++) {
        index.put(levels.get(l), l);
      }
      domain = new int[n];
      for (int i = 0; i < n; i++) {
        String v = sample.attributes()[i][attribute];
        domain[i] = index.get(v == null ? UNKNOWN : v);
      }
    }
    EstimateRow nationalRow = rows(estimator, sample, measure, national, List.of("all")).getFirst();
    List<EstimateRow> groups = List.of();
    if (attribute >= 0) {
      groups =
          Suppression.complement(
              rows(estimator, sample, measure, domain, levels),
              EstimateRow::suppressed,
              EstimateRow::respondents,
              r -> r.suppress(EstimateRow.COMPLEMENTARY));
    }
    return new EstimatesResponse(
        sessionId,
        by,
        sample.design().replication().name(),
        estimator.replicates(),
        score,
        measure.values().length,
        measure.scale(),
        sample.weights().unrepresentedStrata(),
        nationalRow,
        groups);
  }

  /**
   * What is estimated: one value per respondent, or several plausible values ({@code values[m]}),
   * and the shares reported ({@code shares.get(key)[m]}, 0 or 100 per respondent).
   *
   * @param scale the reporting scale of scaled scores; null for percentages
   */
  record Measure(
      double[][] values, Map<String, double[][]> shares, SurveyPlausibleValues.Scale scale) {}

  private static Measure percent(SurveySample sample) {
    Map<String, double[][]> shares = new LinkedHashMap<>();
    TreeSet<Integer> seen = new TreeSet<>();
    for (int g : sample.grade()) {
      seen.add(g);
    }
    for (int g : seen.isEmpty() ? List.<Integer>of() : seen.tailSet(seen.first(), false)) {
      double[] indicator = new double[sample.respondents()];
      for (int i = 0; i < indicator.length; i++) {
        indicator[i] = sample.grade()[i] >= g ? 100 : 0;
      }
      shares.put("grade" + g, new double[][] {indicator});
    }
    return new Measure(new double[][] {sample.percentage()}, shares, null);
  }

  private List<EstimateRow> rows(
      SurveyEstimator estimator,
      SurveySample sample,
      Measure measure,
      int[] domain,
      List<String> levels) {
    int k = levels.size();
    int m = measure.values().length;
    Estimate[][] means = new Estimate[m][];
    for (int v = 0; v < m; v++) {
      means[v] = estimator.means(sample.school(), measure.values()[v], domain, k);
    }
    Estimate[] mean = combine(means, k);
    List<Map<String, Stat>> percentiles = new ArrayList<>();
    List<Map<String, Stat>> shares = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      percentiles.add(new LinkedHashMap<>());
      shares.add(new LinkedHashMap<>());
    }
    Estimate[][][] q = new Estimate[m][][]; // [value][p][level]
    for (int v = 0; v < m; v++) {
      q[v] = estimator.quantiles(sample.school(), measure.values()[v], domain, k, PERCENTILES);
    }
    for (int pi = 0; pi < PERCENTILES.length; pi++) {
      Estimate[][] perValue = new Estimate[m][];
      for (int v = 0; v < m; v++) {
        perValue[v] = q[v][pi];
      }
      Estimate[] combined = combine(perValue, k);
      for (int d = 0; d < k; d++) {
        percentiles
            .get(d)
            .put(String.format("p%02d", Math.round(PERCENTILES[pi] * 100)), Stat.of(combined[d]));
      }
    }
    measure
        .shares()
        .forEach(
            (key, indicators) -> {
              Estimate[][] share = new Estimate[m][];
              for (int v = 0; v < m; v++) {
                share[v] = estimator.means(sample.school(), indicators[v], domain, k);
              }
              Estimate[] combined = combine(share, k);
              for (int d = 0; d < k; d++) {
                shares.get(d).put(key, Stat.of(combined[d]));
              }
            });
    List<EstimateRow> rows = new ArrayList<>();
    for (int d = 0; d < k; d++) {
      Estimate e = mean[d];
      EstimateRow row =
          new EstimateRow(
              levels.get(d),
              e.respondents(),
              e.schools(),
              num(e.population()),
              false,
              null,
              Stat.of(e),
              percentiles.get(d),
              shares.get(d));
      rows.add(
          e.respondents() < minimumCell
              ? row.suppress(EstimateRow.SMALL_CELL)
              : e.schools() < 2 ? row.suppress(EstimateRow.SINGLE_SCHOOL) : row);
    }
    return rows;
  }

  /** Per domain level: the one estimate, or the plausible values' by Rubin's rules. */
  private static Estimate[] combine(Estimate[][] perValue, int levels) {
    if (perValue.length == 1) {
      return perValue[0];
    }
    Estimate[] out = new Estimate[levels];
    for (int d = 0; d < levels; d++) {
      Estimate[] column = new Estimate[perValue.length];
      for (int v = 0; v < perValue.length; v++) {
        column[v] = perValue[v][d];
      }
      out[d] = RubinsRules.combine(column);
    }
    return out;
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
