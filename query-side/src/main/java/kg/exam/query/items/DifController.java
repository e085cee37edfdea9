package kg.exam.query.items;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.Scope;
import kg.exam.query.web.Tabular;
import kg.exam.scoring.analysis.Dif;
import kg.exam.scoring.irt.Responses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Differential item functioning of one exam form between two groups of candidates (scoring-core
 * {@link Dif}: Mantel–Haenszel with the ETS classes, and logistic regression), over the latest item
 * scores in the caller's area, matched on each candidate's total score (rounded to a whole point).
 * Only items worth one point are analysed. An item's statistics are published only when both its
 * groups have at least the small-cell threshold of candidates. The scores are streamed into one
 * byte per candidate and item (84 MB for 1.4 million candidates × 60 items); nothing is cached.
 */
@RestController
class DifController {
  private static final Map<String, String> GROUPS =
      Map.of(
          "language", "s.instruction_language",
          "gender", "s.gender",
          "locality", "s.locality");

  private final JdbcTemplate jdbc;
  private final int minimumCell;

  DifController(JdbcTemplate jdbc, @Value("${exam.statistics.minimum-cell:10}") int minimumCell) {
    this.jdbc = jdbc;
    this.minimumCell = minimumCell;
  }

  /**
   * One item. Mantel–Haenszel: {@code delta} = −2.35 ln α (negative: harder for the focal group at
   * equal total score), {@code ets} A/B/C (null when not computable); logistic regression: p-values
   * of uniform and non-uniform DIF, the Nagelkerke R² gain and its class. {@code flagged} when
   * either class is C; {@code suppressed} when either group is below the small-cell threshold.
   */
  record DifRow(
      String itemId,
      int reference,
      int focal,
      Double mhStatistic,
      Double mhP,
      Double oddsRatio,
      Double delta,
      String ets,
      Double uniformP,
      Double nonUniformP,
      Double r2Change,
      String lrEffect,
      boolean flagged,
      boolean suppressed,
      boolean excluded) {}

  /**
   * @param reference the reference group's value, or {@code *} for every other candidate with a
   *     value
   */
  record DifResponse(
      String examId,
      int version,
      String by,
      String focal,
      String reference,
      int referenceCandidates,
      int focalCandidates,
      List<DifRow> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows;
    }
  }

  @Operation(
      summary = "Differential item functioning of an exam version between two groups",
      description =
          "by = language, gender or locality; focal = the studied group's value; reference = the"
              + " reference group's value, or every other candidate with a value when left out.")
  @GetMapping("/api/items/dif")
  DifResponse dif(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam String examId,
      @RequestParam int version,
      @RequestParam String by,
      @RequestParam String focal,
      @RequestParam(required = false) String reference) {
    String column = GROUPS.get(by);
    if (column == null) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST,
          "by must be language, gender or locality, not '" + by + "'.");
    }
    if (focal.equals(reference)) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST, "The focal and the reference group must differ.");
    }
    Scope scope = user.scope();
    Map<String, Double> maxScores = FormQueries.maxScores(jdbc, examId, version);
    Set<String> excluded = FormQueries.excluded(jdbc, examId, version);
    Object[] args = FormQueries.args(scope, examId, version);
    String where =
        " FROM item_score i JOIN sitting_score sc ON sc.sitting_id = i.sitting_id"
            + " JOIN sitting s ON s.sitting_id = i.sitting_id"
            + " WHERE sc.exam_id = ? AND sc.exam_version = ? AND "
            + scope.sql("s");
    jdbc.query(
        "SELECT DISTINCT i.item_id, i.max_score" + where,
        rs -> {
          maxScores.putIfAbsent(rs.getString(1), rs.getDouble(2));
        },
        args);
    Integer counted =
        jdbc.queryForObject("SELECT count(DISTINCT i.sitting_id)" + where, Integer.class, args);
    int n = counted == null ? 0 : counted;
    List<String> itemIds = new ArrayList<>(maxScores.keySet());
    Map<String, Integer> columnOf = new HashMap<>();
    for (String id : itemIds) {
      columnOf.put(id, columnOf.size());
    }
    int k = itemIds.size();
    byte[] matrix = new byte[n * k];
    Arrays.fill(matrix, Responses.NOT_PRESENTED);
    double[] total = new double[n];
    int[] group = new int[n];
    Arrays.fill(group, -1);
    String[] current = {null};
    int[] index = {-1};
    // one pass in sitting order: a candidate's rows are together, so no map of sittings is kept
    jdbc.query(
        "SELECT i.sitting_id, i.item_id, i.score, " + column + where + " ORDER BY i.sitting_id",
        rs -> {
          String sitting = rs.getString(1);
          if (!sitting.equals(current[0])) {
            current[0] = sitting;
            index[0]++;
            if (index[0] >= n) {
              return; // a sitting scored since the count: left for the next request
            }
            String value = rs.getString(4);
            group[index[0]] =
                value == null
                    ? -1
                    : value.equals(focal)
                        ? 1
                        : reference == null || value.equals(reference) ? 0 : -1;
          }
          if (index[0] >= n) {
            return;
          }
          Integer j = columnOf.get(rs.getString(2));
          double score = rs.getDouble(3);
          if (j == null || !Double.isFinite(score)) {
            return;
          }
          if (!excluded.contains(rs.getString(2))) {
            // an item excluded from scoring is no longer part of the test that matches candidates
            total[index[0]] += Math.max(0, score);
          }
          // whole scores are the matrix's categories; a marked essay's fraction counts only in the
          // total (the item is not dichotomous, so it is not analysed)
          if (score >= 0 && score == Math.rint(score) && score <= 100) {
            matrix[index[0] * k + j] = (byte) score;
          }
        },
        args);
    int[] matching = new int[n];
    int referenceCount = 0;
    int focalCount = 0;
    for (int c = 0; c < n; c++) {
      matching[c] = (int) Math.round(total[c]);
      referenceCount += group[c] == 0 ? 1 : 0;
      focalCount += group[c] == 1 ? 1 : 0;
    }
    List<Dif.Result> results =
        n == 0 || k == 0 || referenceCount < minimumCell || focalCount < minimumCell
            ? List.of()
            : new ArrayList<>(Dif.analyse(Responses.wrap(matrix, n, k), group, matching));
    // An item excluded from scoring is left out of the others' matching score (it no longer belongs
    // to the test), but, as Mantel–Haenszel requires, its own row matches on the total with it.
    for (int j = 0; j < k && !results.isEmpty(); j++) {
      if (excluded.contains(itemIds.get(j)) && maxScores.get(itemIds.get(j)) <= 1) {
        int[] withItem = new int[n];
        for (int c = 0; c < n; c++) {
          byte own = matrix[c * k + j];
          withItem[c] = (int) Math.round(total[c] + (own == Responses.NOT_PRESENTED ? 0 : own));
        }
        results.set(j, Dif.analyse(Responses.wrap(matrix, n, k), group, withItem).get(j));
      }
    }
    List<DifRow> rows = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      // an item worth more than a point is not dichotomous, whatever scores were seen
      Dif.Result r = results.isEmpty() || maxScores.get(itemIds.get(j)) > 1 ? null : results.get(j);
      boolean suppressed =
          r == null
              ? referenceCount < minimumCell || focalCount < minimumCell
              : r.reference() < minimumCell || r.focal() < minimumCell;
      Dif.MantelHaenszel mh = r == null || suppressed ? null : r.mantelHaenszel();
      Dif.Logistic lr = r == null || suppressed ? null : r.logistic();
      rows.add(
          new DifRow(
              itemIds.get(j),
              r == null ? 0 : r.reference(),
              r == null ? 0 : r.focal(),
              mh == null ? null : num(mh.statistic()),
              mh == null ? null : num(mh.p()),
              mh == null ? null : num(mh.oddsRatio()),
              mh == null ? null : num(mh.delta()),
              mh == null ? null : mh.ets(),
              lr == null ? null : num(lr.uniformP()),
              lr == null ? null : num(lr.nonUniformP()),
              lr == null ? null : num(lr.r2Change()),
              lr == null ? null : lr.effect(),
              (mh != null && "C".equals(mh.ets())) || (lr != null && "C".equals(lr.effect())),
              suppressed,
              excluded.contains(itemIds.get(j))));
    }
    return new DifResponse(
        examId,
        version,
        by,
        focal,
        reference == null ? "*" : reference,
        referenceCount,
        focalCount,
        rows);
  }

  private static Double num(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
