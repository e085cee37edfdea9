package kg.exam.query.items;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * scores in the caller's area. Only dichotomous items (max score 1) are analysed. Both groups need
 * at least the small-cell threshold of candidates, else the rows carry no statistics.
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
   * equal total score), {@code ets} A/B/C; logistic regression: p-values of uniform and non-uniform
   * DIF, the Nagelkerke R² gain and its class. {@code flagged} when either class is C.
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
      boolean suppressed) {}

  /**
   * @param reference the reference group's value, or {@code *} for every other known value
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
              + " reference group's value, or every other known value when left out.")
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
    Map<String, Integer> maxScores = new LinkedHashMap<>();
    jdbc.query(
        "SELECT item_id, max_score FROM exam_item WHERE exam_id = ? AND version = ?"
            + " ORDER BY position",
        rs -> {
          maxScores.put(rs.getString(1), (int) Math.ceil(rs.getDouble(2)));
        },
        examId,
        version);
    Object[] args = new Object[2 + scope.args().length];
    args[0] = examId;
    args[1] = version;
    System.arraycopy(scope.args(), 0, args, 2, scope.args().length);
    Map<String, Integer> candidate = new HashMap<>();
    List<Integer> groups = new ArrayList<>();
    List<Object[]> cells = new ArrayList<>();
    jdbc.query(
        "SELECT i.sitting_id, i.item_id, i.score, "
            + column
            + " FROM item_score i"
            + " JOIN sitting_score sc ON sc.sitting_id = i.sitting_id"
            + " JOIN sitting s ON s.sitting_id = i.sitting_id"
            + " WHERE sc.exam_id = ? AND sc.exam_version = ? AND "
            + scope.sql("s")
            + " ORDER BY i.sitting_id",
        rs -> {
          String sitting = rs.getString(1);
          Integer index = candidate.get(sitting);
          if (index == null) {
            index = candidate.size();
            candidate.put(sitting, index);
            String value = rs.getString(4);
            groups.add(
                value == null
                    ? -1
                    : value.equals(focal)
                        ? 1
                        : reference == null || value.equals(reference) ? 0 : -1);
          }
          maxScores.putIfAbsent(rs.getString(2), 1);
          cells.add(new Object[] {index, rs.getString(2), rs.getDouble(3)});
        },
        args);
    List<String> itemIds = new ArrayList<>(maxScores.keySet());
    Map<String, Integer> columnOf = new HashMap<>();
    for (String id : itemIds) {
      columnOf.put(id, columnOf.size());
    }
    int n = candidate.size();
    int k = itemIds.size();
    byte[] matrix = new byte[n * k];
    java.util.Arrays.fill(matrix, Responses.NOT_PRESENTED);
    for (Object[] c : cells) {
      int j = columnOf.get((String) c[1]);
      double score = (Double) c[2];
      // whole scores within the item's range are categories; anything else (a marked essay's
      // fraction) leaves the cell unseen
      if (score >= 0 && score == Math.rint(score) && score <= Math.min(maxScores.get(c[1]), 100)) {
        matrix[(Integer) c[0] * k + j] = (byte) score;
      }
    }
    int[] group = groups.stream().mapToInt(Integer::intValue).toArray();
    int referenceCount = 0;
    int focalCount = 0;
    for (int g : group) {
      referenceCount += g == 0 ? 1 : 0;
      focalCount += g == 1 ? 1 : 0;
    }
    boolean suppressed = referenceCount < minimumCell || focalCount < minimumCell;
    List<Dif.Result> results =
        n == 0 || k == 0 || suppressed
            ? List.of()
            : Dif.analyse(Responses.wrap(matrix, n, k), group);
    List<DifRow> rows = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      // an item worth more than a point is not dichotomous, whatever scores were seen
      Dif.Result r = results.isEmpty() || maxScores.get(itemIds.get(j)) > 1 ? null : results.get(j);
      Dif.MantelHaenszel mh = r == null ? null : r.mantelHaenszel();
      Dif.Logistic lr = r == null ? null : r.logistic();
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
              suppressed));
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
