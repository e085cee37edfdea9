package kg.exam.query.survey;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.scoring.survey.Replication;
import kg.exam.scoring.survey.SampleDesign;
import kg.exam.scoring.survey.SampledSchool;
import kg.exam.scoring.survey.SurveyWeights;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A sample survey's design and respondents as the estimators take them: a respondent is a sitting
 * of the session with a score, at a school of the design. Sittings at schools outside the design
 * are counted and left out.
 *
 * @param attributes per respondent, its {@code region, locality, language, gender} (each may be
 *     null)
 * @param unusableScores scored sittings at sampled schools whose percentage is not a finite number
 *     (a damaged event), left out
 */
record SurveySample(
    String sessionId,
    SampleDesign design,
    Instant declaredAt,
    SurveyWeights weights,
    String[] sittingId,
    int[] school,
    double[] percentage,
    int[] grade,
    String[][] attributes,
    int outsideDesign,
    int unusableScores) {

  /** The breakdowns a survey reports by, in the order of {@link #attributes}. */
  static final List<String> BREAKDOWNS = List.of("region", "locality", "language", "gender");

  static SurveySample load(JdbcTemplate jdbc, String sessionId) {
    List<Map<String, Object>> head =
        jdbc.queryForList(
            "SELECT replication, fay_factor, declared_at FROM survey_design WHERE session_id = ?",
            sessionId);
    if (head.isEmpty()) {
      throw new QueryRefused(
          ProblemType.NOT_FOUND, "Session " + sessionId + " is not a declared sample survey.");
    }
    List<SampledSchool> schools =
        jdbc.query(
            "SELECT school_id, stratum, selection_probability, enrolled, zone, half"
                + " FROM survey_school WHERE session_id = ? ORDER BY position",
            (rs, n) ->
                new SampledSchool(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getDouble(3),
                    rs.getInt(4),
                    rs.getInt(5),
                    rs.getInt(6)),
            sessionId);
    SampleDesign design;
    try {
      Replication replication = Replication.valueOf((String) head.getFirst().get("replication"));
      Number fay = (Number) head.getFirst().get("fay_factor");
      design = new SampleDesign(replication, fay == null ? 0 : fay.doubleValue(), schools);
    } catch (IllegalArgumentException e) {
      throw new QueryRefused(
          ProblemType.SURVEY_DESIGN_UNUSABLE,
          "The sample design of session " + sessionId + " cannot be used: " + e.getMessage());
    }
    Map<String, Integer> index = new HashMap<>();
    for (int s = 0; s < schools.size(); s++) {
      index.put(schools.get(s).schoolId(), s);
    }
    List<String> sittings = new ArrayList<>();
    List<Integer> school = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    List<String[]> attributes = new ArrayList<>();
    int[] outside = {0};
    int[] unusable = {0};
    // a national cohort has millions of rows but a handful of distinct groups: share the strings
    Map<String, String> shared = new HashMap<>();
    jdbc.query(
        "SELECT s.school_id, sc.percentage, sc.grade, s.region, s.locality,"
            + " s.instruction_language, s.gender, s.sitting_id FROM sitting s"
            + " JOIN sitting_score sc ON sc.sitting_id = s.sitting_id WHERE s.session_id = ?"
            + " ORDER BY s.sitting_id",
        rs -> {
          Integer s = index.get(rs.getString(1));
          if (s == null) {
            outside[0]++;
            return;
          }
          if (!Double.isFinite(rs.getDouble(2))) {
            unusable[0]++; // only a damaged event holds one
            return;
          }
          school.add(s);
          sittings.add(rs.getString(8));
          values.add(new double[] {rs.getDouble(2), rs.getInt(3)});
          String[] groups = new String[4];
          for (int a = 0; a < 4; a++) {
            String v = rs.getString(4 + a);
            groups[a] = v == null ? null : shared.computeIfAbsent(v, x -> x);
          }
          attributes.add(groups);
        },
        sessionId);
    int n = school.size();
    int[] schoolOf = new int[n];
    double[] percentage = new double[n];
    int[] grade = new int[n];
    int[] respondents = new int[schools.size()];
    for (int i = 0; i < n; i++) {
      schoolOf[i] = school.get(i);
      percentage[i] = values.get(i)[0];
      grade[i] = (int) values.get(i)[1];
      respondents[schoolOf[i]]++;
    }
    Timestamp declared = (Timestamp) head.getFirst().get("declared_at");
    return new SurveySample(
        sessionId,
        design,
        declared == null ? null : declared.toInstant(),
        SurveyWeights.compute(design, respondents),
        sittings.toArray(String[]::new),
        schoolOf,
        percentage,
        grade,
        attributes.toArray(String[][]::new),
        outside[0],
        unusable[0]);
  }

  int respondents() {
    return school.length;
  }
}
