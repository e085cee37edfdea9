package kg.exam.query.items;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import kg.exam.query.security.Scope;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the item pages ask of a form (an exam version), in the caller's area. */
final class FormQueries {
  private FormQueries() {}

  /** The form's items in their order on the form, with their max scores. */
  static Map<String, Double> maxScores(JdbcTemplate jdbc, String examId, int version) {
    Map<String, Double> maxScores = new LinkedHashMap<>();
    jdbc.query(
        "SELECT item_id, max_score FROM exam_item WHERE exam_id = ? AND version = ?"
            + " ORDER BY position",
        rs -> {
          maxScores.put(rs.getString(1), rs.getDouble(2));
        },
        examId,
        version);
    return maxScores;
  }

  /** The form's items excluded from scoring by a recorded decision (ItemExcluded). */
  static Set<String> excluded(JdbcTemplate jdbc, String examId, int version) {
    return new HashSet<>(
        jdbc.queryForList(
            "SELECT item_id FROM exam_item WHERE exam_id = ? AND version = ?"
                + " AND excluded_key_version IS NOT NULL",
            String.class,
            examId,
            version));
  }

  /** The arguments of a query on the form's sittings: exam id, version, then the scope's. */
  static Object[] args(Scope scope, String examId, int version) {
    Object[] args = new Object[2 + scope.args().length];
    args[0] = examId;
    args[1] = version;
    System.arraycopy(scope.args(), 0, args, 2, scope.args().length);
    return args;
  }
}
