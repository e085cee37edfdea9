package kg.exam.query.items;

import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.Scope;
import kg.exam.query.web.Tabular;
import kg.exam.scoring.analysis.ItemAnalysis;
import kg.exam.scoring.analysis.ItemStatistics;
import kg.exam.scoring.analysis.TestAnalysis;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Item statistics of one exam form (exam version) from scoring-core's classical item analysis, over
 * the latest item scores of every scored sitting in the caller's area. Computed on each request
 * from the stored item scores, so they are as fresh as the projection (cost: one pass over sittings
 * × items; about 0.1 s per 100,000 sittings of 40 items — cache before national use).
 *
 * <p>{@code pValue} is the item's difficulty (mean score / max score), {@code discrimination} the
 * corrected item-total (item-rest) correlation, {@code pointBiserial} the item-total correlation,
 * {@code omitRate} the share of sittings that left the item unanswered.
 */
@RestController
class ItemsController {
  private final JdbcTemplate jdbc;
  private final int minimumCell;

  ItemsController(JdbcTemplate jdbc, @Value("${exam.statistics.minimum-cell:10}") int minimumCell) {
    this.jdbc = jdbc;
    this.minimumCell = minimumCell;
  }

  record ItemRow(
      String itemId,
      int n,
      Double maxScore,
      Double pValue,
      Double discrimination,
      Double pointBiserial,
      Double omitRate,
      boolean suppressed,
      boolean excluded) {}

  record ItemsResponse(String examId, int version, int n, Double alpha, List<ItemRow> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      return rows;
    }
  }

  @Operation(summary = "Item statistics of an exam version")
  @GetMapping("/api/items")
  ItemsResponse items(
      @AuthenticationPrincipal DashboardUser user,
      @RequestParam String examId,
      @RequestParam int version) {
    Scope scope = user.scope();
    Map<String, Double> maxScores = FormQueries.maxScores(jdbc, examId, version);
    Set<String> excluded = FormQueries.excluded(jdbc, examId, version);
    Object[] args = FormQueries.args(scope, examId, version);
    Map<String, Integer> sittingIndex = new HashMap<>();
    List<Object[]> cells = new ArrayList<>();
    jdbc.query(
        "SELECT i.sitting_id, i.item_id, i.score, i.max_score, i.outcome FROM item_score i"
            + " JOIN sitting_score sc ON sc.sitting_id = i.sitting_id"
            + " JOIN sitting s ON s.sitting_id = i.sitting_id"
            + " WHERE sc.exam_id = ? AND sc.exam_version = ? AND "
            + scope.sql("s")
            + " ORDER BY i.sitting_id",
        rs -> {
          String sitting = rs.getString(1);
          sittingIndex.putIfAbsent(sitting, sittingIndex.size());
          String item = rs.getString(2);
          maxScores.putIfAbsent(item, rs.getDouble(4));
          cells.add(
              new Object[] {
                sittingIndex.get(sitting),
                item,
                rs.getDouble(3),
                "UNANSWERED".equals(rs.getString(5))
              });
        },
        args);
    List<String> itemIds =
        maxScores.entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
    int n = sittingIndex.size();
    boolean suppressed = scope.aggregatesOnly() && n < minimumCell;
    if (n == 0 || itemIds.isEmpty() || suppressed) {
      List<ItemRow> rows = new ArrayList<>();
      for (String id : itemIds) {
        rows.add(
            new ItemRow(
                id,
                n,
                maxScores.get(id),
                null,
                null,
                null,
                null,
                suppressed,
                excluded.contains(id)));
      }
      return new ItemsResponse(examId, version, n, null, rows);
    }
    Map<String, Integer> column = new HashMap<>();
    for (String id : itemIds) {
      column.put(id, column.size());
    }
    int k = itemIds.size();
    double[] scores = new double[n * k];
    int[] omitted = new int[k];
    for (Object[] c : cells) {
      Integer j = column.get((String) c[1]);
      if (j == null) {
        continue;
      }
      scores[(Integer) c[0] * k + j] = (Double) c[2];
      if ((Boolean) c[3]) {
        omitted[j]++;
      }
    }
    double[] max = new double[k];
    for (int j = 0; j < k; j++) {
      max[j] = maxScores.get(itemIds.get(j));
    }
    TestAnalysis analysis = ItemAnalysis.analyse(itemIds, max, scores, 1);
    List<ItemRow> rows = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      ItemStatistics item = analysis.items().get(j);
      rows.add(
          new ItemRow(
              item.itemId(),
              n,
              max[j],
              num(item.difficulty()),
              num(item.itemRestCorrelation()),
              num(item.itemTotalCorrelation()),
              (double) omitted[j] / n,
              false,
              excluded.contains(item.itemId())));
    }
    return new ItemsResponse(examId, version, n, num(analysis.alpha()), rows);
  }

  private static Double num(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }
}
