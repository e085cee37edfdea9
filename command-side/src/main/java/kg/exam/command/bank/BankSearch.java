package kg.exam.command.bank;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the bank: search by metadata, one item with its versions, uses, exposure and calibrations.
 * Exposure is counted from the {@code sitting} table once per exam version a page's items were on,
 * never per item, so a page of items from one national exam counts its sittings once.
 */
@Component
public class BankSearch {
  static final int MAX_LIMIT = 200;

  private final JdbcTemplate jdbc;

  BankSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * What a search asks; every field may be null (no filter).
   *
   * @param competency {@code framework:code}: the items naming that node or any node below it
   * @param text words the source-language prompt contains (case-insensitive)
   * @param usable true: only items with an approved version, not retired; false: only the others
   * @param after the last item id of the page before
   */
  public record Query(
      String subject,
      Integer grade,
      String status,
      String type,
      String language,
      String cognitiveLevel,
      String competency,
      String text,
      Boolean usable,
      String after,
      int limit) {}

  /** How often an item was given: exam versions, sessions of them and sittings started. */
  public record Exposure(int examVersions, int sessions, long sittings) {}

  /** The item's latest calibration, from a finalised session. */
  public record Calibration(
      int itemVersion,
      String sessionId,
      String examId,
      int examVersion,
      String language,
      String model,
      int candidateCount,
      double discrimination,
      double difficulty,
      double guessing,
      Double difficultySe,
      Instant finalisedAt) {}

  /** One item as a search lists it. */
  public record Summary(
      String itemId,
      int latestVersion,
      String status,
      Integer approvedVersion,
      String subject,
      Integer grade,
      String cognitiveLevel,
      String type,
      List<String> languages,
      List<String> competencies,
      String prompt,
      Exposure exposure,
      Calibration latestCalibration) {}

  /** A page of items, in item id order; {@code next} is the {@code after} of the next page. */
  public record Page(List<Summary> items, String next) {}

  public Page search(Query q) {
    StringBuilder where = new StringBuilder(" WHERE TRUE");
    List<Object> args = new ArrayList<>();
    filter(where, args, " AND subject = ?", q.subject());
    filter(where, args, " AND grade = ?", q.grade());
    filter(where, args, " AND status = ?", q.status());
    filter(where, args, " AND item_type = ?", q.type());
    filter(where, args, " AND cognitive_level = ?", q.cognitiveLevel());
    filter(where, args, " AND ? = ANY (languages)", q.language());
    filter(where, args, " AND item_id > ?", q.after());
    if (Boolean.TRUE.equals(q.usable())) {
      where.append(" AND approved_version IS NOT NULL AND status <> 'RETIRED'");
    } else if (Boolean.FALSE.equals(q.usable())) {
      where.append(" AND (approved_version IS NULL OR status = 'RETIRED')");
    }
    if (q.text() != null && !q.text().isBlank()) {
      where.append(" AND prompt ILIKE ? ESCAPE '\\'");
      args.add("%" + q.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (q.competency() != null) {
      int colon = q.competency().indexOf(':');
      String framework = q.competency().substring(0, colon);
      String code = q.competency().substring(colon + 1);
      where.append(
          " AND competencies && (WITH RECURSIVE below (code) AS (SELECT code FROM"
              + " bank_framework_node WHERE framework_id = ? AND code = ? UNION SELECT n.code FROM"
              + " bank_framework_node n JOIN below b ON n.parent = b.code WHERE n.framework_id = ?)"
              + " SELECT coalesce(array_agg(? || ':' || code), '{}') FROM below)");
      args.addAll(List.of(framework, code, framework, framework));
    }
    int limit = Math.max(1, Math.min(q.limit(), MAX_LIMIT));
    args.add(limit + 1);
    List<Summary> rows =
        jdbc.query(
            "SELECT item_id, latest_version, status, approved_version, subject, grade,"
                + " cognitive_level, item_type, languages, competencies, left(prompt, 200)"
                + " FROM bank_item"
                + where
                + " ORDER BY item_id LIMIT ?",
            (rs, n) -> summary(rs, null, null),
            args.toArray());
    String next = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      next = rows.getLast().itemId();
    }
    return new Page(withExposureAndCalibration(rows), next);
  }

  /** One item's summary, or null. */
  public Summary summary(String itemId) {
    List<Summary> rows =
        jdbc.query(
            "SELECT item_id, latest_version, status, approved_version, subject, grade,"
                + " cognitive_level, item_type, languages, competencies, left(prompt, 200)"
                + " FROM bank_item WHERE item_id = ?",
            (rs, n) -> summary(rs, null, null),
            itemId);
    return rows.isEmpty() ? null : withExposureAndCalibration(rows).getFirst();
  }

  /** One version's way through review. */
  public record VersionRow(
      int version,
      String writtenBy,
      Instant writtenAt,
      String reviewedBy,
      String approvedBy,
      Instant approvedAt) {}

  public List<VersionRow> versions(String itemId) {
    return jdbc.query(
        "SELECT version, written_by, written_at, reviewed_by, approved_by, approved_at"
            + " FROM bank_item_version WHERE item_id = ? ORDER BY version",
        (rs, n) ->
            new VersionRow(
                rs.getInt(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()),
        itemId);
  }

  /** An exam version that took the item. */
  public record Use(int itemVersion, String examId, int examVersion, String language) {}

  public List<Use> uses(String itemId) {
    return jdbc.query(
        "SELECT item_version, exam_id, exam_version, language FROM bank_item_use WHERE item_id = ?"
            + " ORDER BY exam_id, exam_version",
        (rs, n) -> new Use(rs.getInt(1), rs.getString(2), rs.getInt(3), rs.getString(4)),
        itemId);
  }

  public List<Calibration> calibrations(String itemId) {
    return jdbc.query(
        "SELECT "
            + CALIBRATION
            + " FROM bank_item_calibration WHERE item_id = ?"
            + " ORDER BY finalised_at, session_id",
        (rs, n) -> calibration(rs, 1),
        itemId);
  }

  private static final String CALIBRATION =
      "item_version, session_id, exam_id, exam_version, language, model, candidate_count,"
          + " discrimination, difficulty, guessing, difficulty_se, finalised_at";

  /**
   * The exposure of each of the items that was used: exam versions, sessions and sittings started,
   * each exam version's sittings counted once.
   */
  public Map<String, Exposure> exposure(String[] ids) {
    Map<String, Exposure> exposure = new HashMap<>();
    jdbc.query(
        "WITH used AS (SELECT DISTINCT item_id, exam_id, exam_version FROM bank_item_use"
            + " WHERE item_id = ANY (?)),"
            + " versions AS (SELECT DISTINCT exam_id, exam_version FROM used),"
            + " counted AS (SELECT v.exam_id, v.exam_version,"
            + " (SELECT count(*) FROM exam_session s WHERE s.exam_id = v.exam_id"
            + " AND s.exam_version = v.exam_version) AS sessions,"
            + " (SELECT count(*) FROM sitting t WHERE t.exam_id = v.exam_id"
            + " AND t.exam_version = v.exam_version AND t.started_at IS NOT NULL) AS sittings"
            + " FROM versions v)"
            + " SELECT u.item_id, count(*), sum(c.sessions), sum(c.sittings) FROM used u"
            + " JOIN counted c ON c.exam_id = u.exam_id AND c.exam_version = u.exam_version"
            + " GROUP BY u.item_id",
        rs -> {
          exposure.put(rs.getString(1), new Exposure(rs.getInt(2), rs.getInt(3), rs.getLong(4)));
        },
        (Object) ids);
    return exposure;
  }

  private List<Summary> withExposureAndCalibration(List<Summary> rows) {
    if (rows.isEmpty()) {
      return rows;
    }
    String[] ids = rows.stream().map(Summary::itemId).toArray(String[]::new);
    Map<String, Exposure> exposure = exposure(ids);
    Map<String, Calibration> latest = new HashMap<>();
    jdbc.query(
        "SELECT DISTINCT ON (item_id) item_id, "
            + CALIBRATION
            + " FROM bank_item_calibration WHERE item_id = ANY (?)"
            + " ORDER BY item_id, finalised_at DESC, session_id DESC",
        rs -> {
          latest.put(rs.getString(1), calibration(rs, 2));
        },
        (Object) ids);
    return rows.stream()
        .map(
            s ->
                new Summary(
                    s.itemId(),
                    s.latestVersion(),
                    s.status(),
                    s.approvedVersion(),
                    s.subject(),
                    s.grade(),
                    s.cognitiveLevel(),
                    s.type(),
                    s.languages(),
                    s.competencies(),
                    s.prompt(),
                    exposure.getOrDefault(s.itemId(), new Exposure(0, 0, 0)),
                    latest.get(s.itemId())))
        .toList();
  }

  private static Summary summary(ResultSet rs, Exposure exposure, Calibration calibration)
      throws SQLException {
    return new Summary(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        (Integer) rs.getObject(4),
        rs.getString(5),
        (Integer) rs.getObject(6),
        rs.getString(7),
        rs.getString(8),
        strings(rs.getArray(9)),
        strings(rs.getArray(10)),
        rs.getString(11),
        exposure,
        calibration);
  }

  private static Calibration calibration(ResultSet rs, int first) throws SQLException {
    int i = first;
    return new Calibration(
        rs.getInt(i),
        rs.getString(i + 1),
        rs.getString(i + 2),
        rs.getInt(i + 3),
        rs.getString(i + 4),
        rs.getString(i + 5),
        rs.getInt(i + 6),
        rs.getDouble(i + 7),
        rs.getDouble(i + 8),
        rs.getDouble(i + 9),
        (Double) rs.getObject(i + 10),
        rs.getTimestamp(i + 11).toInstant());
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static void filter(StringBuilder where, List<Object> args, String clause, Object value) {
    if (value != null) {
      where.append(clause);
      args.add(value);
    }
  }
}
