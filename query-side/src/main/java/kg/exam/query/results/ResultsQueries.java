package kg.exam.query.results;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import kg.exam.query.area.Area;
import kg.exam.query.security.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The results SQL: sums per group over {@code sitting} (facts of registration) left-joined with
 * {@code sitting_score} (the latest score) and {@code exam_version}. Combining streams happens
 * here, at query time, so the order in which Kafka delivered the exam, the session and the sittings
 * does not matter.
 */
@Component
class ResultsQueries {
  private static final String FROM =
      " FROM sitting s LEFT JOIN sitting_score sc ON sc.sitting_id = s.sitting_id"
          + " LEFT JOIN exam_version ev ON ev.exam_id = s.exam_id AND ev.version = s.exam_version";

  private final JdbcTemplate jdbc;

  ResultsQueries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A filter: SQL condition with its arguments. */
  record Filter(String sql, List<Object> args) {
    static Filter of(Scope scope, Area area, String examId) {
      List<Object> args = new ArrayList<>();
      StringBuilder sql = new StringBuilder(scope.sql("s"));
      args.addAll(Arrays.asList(scope.args()));
      sql.append(" AND ").append(area.sql("s"));
      args.addAll(Arrays.asList(area.args()));
      if (examId != null && !examId.isBlank()) {
        sql.append(" AND s.exam_id = ?");
        args.add(examId);
      }
      return new Filter(sql.toString(), args);
    }

    Filter and(String condition, Object... values) {
      List<Object> all = new ArrayList<>(args);
      all.addAll(Arrays.asList(values));
      return new Filter(sql + " AND " + condition, all);
    }
  }

  /** Sums grouped by {@code groupSql} (an expression over s, sc, ev), ordered by group. */
  List<Moments> grouped(String groupSql, Filter filter) {
    return jdbc.query(
        "SELECT "
            + groupSql
            + " AS g, count(*), count(sc.sitting_id), coalesce(sum(sc.percentage), 0),"
            + " coalesce(sum(sc.percentage * sc.percentage), 0),"
            + " count(*) FILTER (WHERE sc.passed)"
            + FROM
            + " WHERE "
            + filter.sql()
            + " GROUP BY 1 ORDER BY 1",
        (rs, i) ->
            new Moments(
                rs.getString(1),
                rs.getInt(2),
                rs.getInt(3),
                rs.getDouble(4),
                rs.getDouble(5),
                rs.getInt(6)),
        filter.args().toArray());
  }

  /**
   * Per competency code of the exam's items (the codes the latest approved bank version of each
   * item names, and every code above them in its framework): the sums over scored sittings of each
   * sitting's percent of the maximum on the items under that code. Items excluded from scoring
   * (weight 0) are left out.
   */
  List<Object[]> competencies(Filter filter, String examId, String frameworkId) {
    List<Object> args = new ArrayList<>();
    args.add(examId);
    args.add(frameworkId);
    args.add(frameworkId);
    args.addAll(filter.args());
    return jdbc.query(
        "WITH RECURSIVE item_codes AS ("
            + " SELECT ei.version, ei.item_id, c.framework_id, c.code FROM exam_item ei"
            + " JOIN bank_item_approved a ON a.item_id = ei.item_id"
            + " JOIN bank_item_code c ON c.item_id = a.item_id AND c.version = a.version"
            + " WHERE ei.exam_id = ? AND ei.excluded_key_version IS NULL"
            + " AND (?::text IS NULL OR c.framework_id = ?)"
            + " UNION"
            + " SELECT ic.version, ic.item_id, n.framework_id, n.parent FROM item_codes ic"
            + " JOIN framework_node n ON n.framework_id = ic.framework_id AND n.code = ic.code"
            + " WHERE n.parent IS NOT NULL),"
            + " per AS (SELECT s.sitting_id, ic.framework_id, ic.code,"
            + " 100.0 * sum(i.score) / nullif(sum(i.max_score), 0) AS pct"
            + FROM
            + " JOIN item_score i ON i.sitting_id = s.sitting_id"
            + " JOIN item_codes ic ON ic.item_id = i.item_id AND ic.version = s.exam_version"
            // an item still waiting for its human mark has no score yet: not a 0
            + " WHERE sc.sitting_id IS NOT NULL"
            + " AND i.outcome IS DISTINCT FROM 'NEEDS_HUMAN_MARKING' AND "
            + filter.sql()
            + " GROUP BY 1, 2, 3)"
            + " SELECT p.framework_id, p.code, n.kind, n.titles::text, n.position,"
            + " count(*), sum(p.pct), sum(p.pct * p.pct),"
            + " (SELECT count(DISTINCT ic.item_id) FROM item_codes ic"
            + " WHERE ic.framework_id = p.framework_id AND ic.code = p.code)"
            + " FROM per p LEFT JOIN framework_node n ON n.framework_id = p.framework_id"
            + " AND n.code = p.code WHERE p.pct IS NOT NULL"
            + " GROUP BY p.framework_id, p.code, n.kind, n.titles::text, n.position"
            + " ORDER BY p.framework_id, n.position NULLS LAST, p.code",
        (rs, i) ->
            new Object[] {
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              rs.getString(4),
              rs.getInt(9),
              new Moments(
                  rs.getString(1) + ":" + rs.getString(2),
                  rs.getInt(6),
                  rs.getInt(6),
                  rs.getDouble(7),
                  rs.getDouble(8),
                  0)
            },
        args.toArray());
  }

  /** Counts of scored sittings per ten-point bin, length 10. */
  int[] histogram(Filter filter) {
    int[] bins = new int[10];
    jdbc.query(
        "SELECT least(9, greatest(0, floor(sc.percentage / 10)))::int, count(*)"
            + FROM
            + " WHERE sc.sitting_id IS NOT NULL AND "
            + filter.sql()
            + " GROUP BY 1",
        rs -> {
          bins[rs.getInt(1)] += rs.getInt(2);
        },
        filter.args().toArray());
    return bins;
  }

  /** Counts of scored sittings per grade. */
  SortedMap<Integer, Integer> grades(Filter filter) {
    SortedMap<Integer, Integer> grades = new TreeMap<>();
    jdbc.query(
        "SELECT sc.grade, count(*)"
            + FROM
            + " WHERE sc.sitting_id IS NOT NULL AND "
            + filter.sql()
            + " GROUP BY 1",
        rs -> {
          grades.put(rs.getInt(1), rs.getInt(2));
        },
        filter.args().toArray());
    return grades;
  }

  /** Sums per exam session, with the session's opening time, ordered by it. */
  List<Object[]> perSession(Filter filter) {
    return jdbc.query(
        "SELECT s.session_id, s.exam_id, min(es.opens_at), count(sc.sitting_id),"
            + " coalesce(sum(sc.percentage), 0), coalesce(sum(sc.percentage * sc.percentage), 0),"
            + " count(*) FILTER (WHERE sc.passed), count(*)"
            + FROM
            + " LEFT JOIN exam_session es ON es.session_id = s.session_id"
            + " WHERE "
            + filter.sql()
            + " GROUP BY s.session_id, s.exam_id ORDER BY min(es.opens_at) NULLS LAST, s.session_id",
        (rs, i) ->
            new Object[] {
              rs.getString(1),
              rs.getString(2),
              rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant(),
              new Moments(
                  rs.getString(1),
                  rs.getInt(8),
                  rs.getInt(4),
                  rs.getDouble(5),
                  rs.getDouble(6),
                  rs.getInt(7))
            },
        filter.args().toArray());
  }

  /** One school's sittings of an exam with their latest scores, by candidate id. */
  List<ResultsController.CandidateRow> candidates(Filter filter) {
    return jdbc.query(
        "SELECT s.candidate_id, s.sitting_id, s.status, sc.raw_total, sc.max_total,"
            + " sc.percentage, sc.passed, sc.grade"
            + FROM
            + " WHERE "
            + filter.sql()
            + " ORDER BY s.candidate_id, s.sitting_id",
        (rs, i) -> {
          boolean scored = rs.getObject(4) != null;
          return new ResultsController.CandidateRow(
              rs.getString(1),
              rs.getString(2),
              rs.getString(3),
              scored ? rs.getDouble(4) : null,
              scored ? rs.getDouble(5) : null,
              scored ? rs.getDouble(6) : null,
              scored ? rs.getBoolean(7) : null,
              scored ? rs.getInt(8) : null);
        },
        filter.args().toArray());
  }
}
