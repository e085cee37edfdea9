package kg.exam.query.results;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import kg.exam.query.area.Area;
import kg.exam.query.area.AreaAccess;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.Scope;
import kg.exam.query.stats.ScoreStatistics;
import kg.exam.query.stats.ScoreSummary;
import kg.exam.query.stats.Suppression;
import kg.exam.query.web.Tabular;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Results: by area (national → region → district → school), distributions, disaggregation, trend
 * across sessions, and per candidate. Means, intervals and the standard deviation are in percent of
 * the maximum score; pass rates are shares 0..1. Every answer is restricted to the caller's area;
 * for aggregates-only callers (MINISTRY) every cell with fewer scored sittings than {@code
 * exam.statistics.minimum-cell} (10) is suppressed: its statistics are null and {@code
 * suppressed=true}; where that leaves one suppressed cell among siblings, the smallest other one is
 * suppressed too ({@link #complement}).
 */
@RestController
@RequestMapping("/api/results")
class ResultsController {
  private static final Map<String, String> DISAGGREGATIONS =
      Map.of(
          "language", "s.instruction_language",
          "locality", "s.locality",
          "gender", "s.gender",
          "grade", "s.grade::text",
          "subject", "ev.subject");

  private final ResultsQueries queries;
  private final AreaAccess access;
  private final int minimumCell;

  ResultsController(
      ResultsQueries queries,
      AreaAccess access,
      @Value("${exam.statistics.minimum-cell:10}") int minimumCell) {
    this.queries = queries;
    this.access = access;
    this.minimumCell = minimumCell;
  }

  record AreaRow(
      String area,
      int candidates,
      int scored,
      Double mean,
      Double ciLow,
      Double ciHigh,
      Double sd,
      Double passRate,
      boolean suppressed) {}

  record AreasResponse(String level, String parent, List<AreaRow> rows, AreaRow total)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      List<AreaRow> all = new ArrayList<>(rows);
      all.add(total);
      return all;
    }
  }

  record Bin(double from, double to, int count) {}

  record GradeCount(int grade, int count) {}

  record DistributionCsvRow(String kind, Double from, Double to, Integer grade, int count) {}

  record DistributionResponse(
      String area,
      int n,
      Double mean,
      Double ciLow,
      Double ciHigh,
      Double sd,
      Double passRate,
      boolean suppressed,
      List<Bin> bins,
      List<GradeCount> grades)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      List<DistributionCsvRow> rows = new ArrayList<>();
      bins.forEach(b -> rows.add(new DistributionCsvRow("bin", b.from(), b.to(), null, b.count())));
      grades.forEach(
          g -> rows.add(new DistributionCsvRow("grade", null, null, g.grade(), g.count())));
      return rows;
    }
  }

  record GroupRow(
      String group,
      int candidates,
      int scored,
      Double mean,
      Double ciLow,
      Double ciHigh,
      Double passRate,
      boolean suppressed) {}

  record DisaggregationResponse(String by, String area, List<GroupRow> rows) implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows;
    }
  }

  record TrendRow(
      String sessionId,
      String examId,
      Instant opensAt,
      int candidates,
      Double mean,
      Double passRate,
      boolean suppressed) {}

  record TrendResponse(String subject, String area, List<TrendRow> rows) implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows;
    }
  }

  record CandidateRow(
      String candidateId,
      String sittingId,
      String status,
      Double score,
      Double maxScore,
      Double percent,
      Boolean passed,
      Integer grade) {}

  record CandidatesResponse(String examId, String schoolId, List<CandidateRow> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows;
    }
  }

  @Operation(summary = "Results per area below the given one")
  @GetMapping("/areas")
  AreasResponse areas(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam String examId,
      @RequestParam(defaultValue = "national") String level,
      @RequestParam(required = false) String parent) {
    Scope scope = user.scope();
    Area.Level rowLevel = Area.Level.parse(level);
    Area parentArea =
        parent == null || parent.isBlank() || rowLevel.parent() == Area.Level.NATIONAL
            ? Area.NATIONAL
            : new Area(rowLevel.parent(), parent.trim());
    access.requireOverlap(scope, parentArea);
    ResultsQueries.Filter filter = ResultsQueries.Filter.of(scope, parentArea, examId);
    String group = rowLevel == Area.Level.NATIONAL ? "'national'" : "s." + rowLevel.column();
    ScoreStatistics stats = statistics(scope);
    List<AreaRow> rows = new ArrayList<>();
    Moments total = Moments.empty("total");
    for (Moments m : queries.grouped(group, filter)) {
      rows.add(areaRow(m.group(), m, stats));
      total = total.plus(m);
    }
    if (scope.aggregatesOnly()) {
      rows =
          Suppression.complement(
              rows,
              AreaRow::suppressed,
              AreaRow::scored,
              r ->
                  new AreaRow(
                      r.area(), r.candidates(), r.scored(), null, null, null, null, null, true));
    }
    return new AreasResponse(
        rowLevel.key(), parentArea.code(), rows, areaRow(parentArea.toString(), total, stats));
  }

  @Operation(summary = "Score distribution in an area")
  @GetMapping("/distribution")
  DistributionResponse distribution(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam String examId,
      @RequestParam(required = false) String area) {
    Scope scope = user.scope();
    Area where = Area.parse(area);
    access.requireOverlap(scope, where);
    ResultsQueries.Filter filter = ResultsQueries.Filter.of(scope, where, examId);
    Moments m = queries.grouped("'all'", filter).stream().findFirst().orElse(Moments.empty("all"));
    ScoreStatistics stats = statistics(scope);
    SortedMap<Integer, Integer> grades = queries.grades(filter);
    ScoreSummary s =
        stats.fromMoments(
            m.scored(), m.sum(), m.sumOfSquares(), m.passed(), queries.histogram(filter), grades);
    List<Bin> bins = new ArrayList<>();
    int[] histogram = s.histogram();
    for (int i = 0; i < 10; i++) {
      bins.add(new Bin(i * 10, i == 9 ? 100 : (i + 1) * 10, histogram[i]));
    }
    List<GradeCount> gradeRows = new ArrayList<>();
    s.grades().forEach((g, n) -> gradeRows.add(new GradeCount(g, n)));
    return new DistributionResponse(
        where.toString(),
        m.scored(),
        num(s.meanPercent()),
        num(s.ciLow()),
        num(s.ciHigh()),
        num(s.standardDeviation()),
        num(s.passRate()),
        s.suppressed(),
        bins,
        gradeRows);
  }

  @Operation(summary = "Results by gender, locality or language in an area")
  @GetMapping("/disaggregation")
  DisaggregationResponse disaggregation(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam(required = false) String examId,
      @RequestParam(required = false) String area,
      @RequestParam String by) {
    String column = DISAGGREGATIONS.get(by);
    if (column == null) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST,
          "by=" + by + " is not language, locality, gender, grade or subject");
    }
    Scope scope = user.scope();
    Area where = Area.parse(area);
    access.requireOverlap(scope, where);
    ScoreStatistics stats = statistics(scope);
    List<GroupRow> rows = new ArrayList<>();
    for (Moments m :
        queries.grouped(
            "coalesce(" + column + ", 'unknown')",
            ResultsQueries.Filter.of(scope, where, examId))) {
      ScoreSummary s = summary(m, stats);
      rows.add(
          new GroupRow(
              m.group(),
              m.candidates(),
              m.scored(),
              num(s.meanPercent()),
              num(s.ciLow()),
              num(s.ciHigh()),
              num(s.passRate()),
              s.suppressed()));
    }
    if (scope.aggregatesOnly()) {
      rows =
          Suppression.complement(
              rows,
              GroupRow::suppressed,
              GroupRow::scored,
              r ->
                  new GroupRow(
                      r.group(), r.candidates(), r.scored(), null, null, null, null, true));
    }
    return new DisaggregationResponse(by, where.toString(), rows);
  }

  @Operation(summary = "Results of an area across sessions")
  @GetMapping("/trend")
  TrendResponse trend(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam(required = false) String subject,
      @RequestParam(required = false) String area) {
    Scope scope = user.scope();
    Area where = Area.parse(area);
    access.requireOverlap(scope, where);
    ResultsQueries.Filter filter = ResultsQueries.Filter.of(scope, where, null);
    if (subject != null && !subject.isBlank()) {
      filter = filter.and("ev.subject = ?", subject.trim());
    }
    ScoreStatistics stats = statistics(scope);
    List<TrendRow> rows = new ArrayList<>();
    for (Object[] r : queries.perSession(filter)) {
      Moments m = (Moments) r[3];
      ScoreSummary s = summary(m, stats);
      rows.add(
          new TrendRow(
              (String) r[0],
              (String) r[1],
              (Instant) r[2],
              m.scored(),
              num(s.meanPercent()),
              num(s.passRate()),
              s.suppressed()));
    }
    return new TrendResponse(subject, where.toString(), rows);
  }

  /**
   * One competency code's results: the mean over scored sittings of each sitting's percent of the
   * maximum on the exam's items under that code (the code named by the item's bank version, or one
   * below it).
   */
  record CompetencyRow(
      String framework,
      String code,
      String kind,
      Map<String, String> titles,
      int items,
      int scored,
      Double mean,
      Double ciLow,
      Double ciHigh,
      boolean suppressed) {}

  record CompetenciesResponse(String examId, String area, List<CompetencyRow> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows.stream()
          .map(
              r ->
                  new CompetencyCsvRow(
                      r.framework(),
                      r.code(),
                      r.kind(),
                      r.titles().get("en"),
                      r.items(),
                      r.scored(),
                      r.mean(),
                      r.ciLow(),
                      r.ciHigh(),
                      r.suppressed()))
          .toList();
    }
  }

  record CompetencyCsvRow(
      String framework,
      String code,
      String kind,
      String titleEn,
      int items,
      int scored,
      Double mean,
      Double ciLow,
      Double ciHigh,
      boolean suppressed) {}

  @Operation(
      summary = "Results per competency code in an area",
      description =
          "For the exam's items that come from the item bank: per framework code (and every code"
              + " above it), the mean percent of the maximum on its items, with a 95 % CI; cells"
              + " under the minimum size suppressed for aggregates-only callers. framework limits"
              + " the codes to one framework.")
  @GetMapping("/competencies")
  CompetenciesResponse competencies(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam String examId,
      @RequestParam(required = false) String area,
      @RequestParam(required = false) String framework) {
    Scope scope = user.scope();
    Area where = Area.parse(area);
    access.requireOverlap(scope, where);
    ScoreStatistics stats = statistics(scope);
    List<CompetencyRow> rows = new ArrayList<>();
    for (Object[] r :
        queries.competencies(
            ResultsQueries.Filter.of(scope, where, examId),
            examId,
            framework == null || framework.isBlank() ? null : framework.trim())) {
      Moments m = (Moments) r[5];
      ScoreSummary s = summary(m, stats);
      rows.add(
          new CompetencyRow(
              (String) r[0],
              (String) r[1],
              (String) r[2],
              titles((String) r[3]),
              (Integer) r[4],
              m.scored(),
              num(s.meanPercent()),
              num(s.ciLow()),
              num(s.ciHigh()),
              s.suppressed()));
    }
    return new CompetenciesResponse(examId, where.toString(), rows);
  }

  private static final tools.jackson.databind.json.JsonMapper TITLES =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private static Map<String, String> titles(String json) {
    if (json == null) {
      return Map.of();
    }
    Map<String, String> titles = new java.util.TreeMap<>();
    TITLES
        .readTree(json)
        .properties()
        .forEach(e -> titles.put(e.getKey(), e.getValue().asString()));
    return titles;
  }

  @Operation(summary = "Candidate-level results of an area (not for the ministry)")
  @GetMapping("/candidates")
  CandidatesResponse candidates(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam String examId,
      @RequestParam String schoolId) {
    Scope scope = user.scope();
    access.requireRows(scope);
    Area school = new Area(Area.Level.SCHOOL, schoolId);
    access.requireOverlap(scope, school);
    return new CandidatesResponse(
        examId, schoolId, queries.candidates(ResultsQueries.Filter.of(scope, school, examId)));
  }

  private ScoreStatistics statistics(Scope scope) {
    return new ScoreStatistics(scope.aggregatesOnly() ? minimumCell : 1, 0);
  }

  private static ScoreSummary summary(Moments m, ScoreStatistics stats) {
    return stats.fromMoments(
        m.scored(), m.sum(), m.sumOfSquares(), m.passed(), new int[10], new TreeMap<>());
  }

  private static AreaRow areaRow(String area, Moments m, ScoreStatistics stats) {
    ScoreSummary s = summary(m, stats);
    return new AreaRow(
        area,
        m.candidates(),
        m.scored(),
        num(s.meanPercent()),
        num(s.ciLow()),
        num(s.ciHigh()),
        num(s.standardDeviation()),
        num(s.passRate()),
        s.suppressed());
  }

  /** NaN (undefined, suppressed) as JSON null. */
  static Double num(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }
}
