package kg.exam.command.release;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Released, final results of a session for schools' gradebooks and e-journals: a OneRoster 1.2 CSV
 * package in delta mode (the schools' systems hold the rosters; we send the category, one line item
 * per class and one result per sitting) and a plain CSV in the 5-point grade scale. A sitting whose
 * grade is withheld by policy, or whose score is not final, is left out.
 *
 * <p>Conventions (documented in command-side/README.md): a class is a school's grade level, {@code
 * <schoolId>.grade-<n>}; the student is the pseudonymous candidate id the centre registered; the
 * academic session is the exam session.
 */
@Component
class ResultExports {
  static final String CATEGORY = "national-exam";

  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The data files in the order of the OneRoster 1.2 manifest (Table 3.1). */
  static final List<String> MANIFEST_FILES =
      List.of(
          "academicSessions",
          "categories",
          "classes",
          "classResources",
          "courses",
          "courseResources",
          "demographics",
          "enrollments",
          "lineItemLearningObjectiveIds",
          "lineItems",
          "lineItemScoreScales",
          "orgs",
          "resources",
          "resultLearningObjectiveIds",
          "results",
          "resultScoreScales",
          "roles",
          "scoreScales",
          "userProfiles",
          "userResources",
          "users");

  static final String CATEGORIES_HEADER = "sourcedId,status,dateLastModified,title,weight";
  static final String LINE_ITEMS_HEADER =
      "sourcedId,status,dateLastModified,title,description,assignDate,dueDate,classSourcedId,"
          + "categorySourcedId,academicSessionSourcedId,resultValueMin,resultValueMax,schoolSourcedId";
  static final String RESULTS_HEADER =
      "sourcedId,status,dateLastModified,lineItemSourcedId,studentSourcedId,scoreStatus,score,"
          + "scoreDate,comment,textScore,classSourcedId,inProgress,incomplete,late,missing";
  static final String EJOURNAL_HEADER =
      "school_id,class,candidate_id,session_id,exam_id,subject,grade,raw_total,max_total,"
          + "percentage,passed,released_at";

  private final JdbcTemplate jdbc;

  ResultExports(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One exported sitting. */
  record Row(
      String sittingId,
      String schoolId,
      String candidateId,
      int gradeLevel,
      double rawTotal,
      double maxTotal,
      double percentage,
      boolean passed,
      int grade,
      Instant scoredAt) {

    String classId() {
      return guid(schoolId) + ".grade-" + gradeLevel;
    }
  }

  /** What the export needs of the session. */
  record SessionInfo(
      String sessionId,
      String examId,
      String title,
      String subject,
      Instant opensAt,
      Instant closesAt,
      Instant releasedAt) {}

  /** Final, released-eligible rows of the session, of one school or of all when null. */
  List<Row> rows(String sessionId, String schoolId) {
    Object[] args =
        schoolId == null ? new Object[] {sessionId} : new Object[] {sessionId, schoolId};
    return jdbc.query(
        "SELECT sitting_id, school_id, candidate_id, coalesce(grade_level, 0), raw_total, max_total,"
            + " percentage, passed, grade, coalesce(scored_at, finished_at) FROM sitting"
            + " WHERE session_id = ?"
            + (schoolId == null ? "" : " AND school_id = ?")
            + " AND status IN ('SUBMITTED', 'TIMED_OUT') AND key_version IS NOT NULL"
            + " AND NOT coalesce(needs_marking, false) AND NOT coalesce(grade_withheld, false)"
            + " ORDER BY school_id, grade_level, candidate_id",
        (rs, n) ->
            new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getDouble(5),
                rs.getDouble(6),
                rs.getDouble(7),
                rs.getBoolean(8),
                rs.getInt(9),
                instant(rs.getTimestamp(10))),
        args);
  }

  /** The OneRoster 1.2 CSV package (zip) of the rows. */
  byte[] oneRoster(SessionInfo session, List<Row> rows) {
    String released = DATE_TIME.format(session.releasedAt());
    StringBuilder manifest = new StringBuilder("propertyName,value\r\n");
    manifest.append("manifest.version,1.0\r\n").append("oneroster.version,1.2\r\n");
    for (String file : MANIFEST_FILES) {
      boolean sent =
          !rows.isEmpty()
              && (file.equals("categories") || file.equals("lineItems") || file.equals("results"));
      manifest.append("file.").append(file).append(',').append(sent ? "delta" : "absent");
      manifest.append("\r\n");
    }
    manifest.append("source.systemName,kg-exam-engine\r\n");
    Map<String, String> files = new LinkedHashMap<>();
    files.put("manifest.csv", manifest.toString());
    if (!rows.isEmpty()) {
      files.put(
          "categories.csv",
          CATEGORIES_HEADER
              + "\r\n"
              + line(CATEGORY, "active", released, "National exam", "")
              + "\r\n");
      StringBuilder items = new StringBuilder(LINE_ITEMS_HEADER).append("\r\n");
      StringBuilder results = new StringBuilder(RESULTS_HEADER).append("\r\n");
      Map<String, Row> classes = new LinkedHashMap<>();
      double max = 0;
      for (Row r : rows) {
        classes.putIfAbsent(r.classId(), r);
        max = Math.max(max, r.maxTotal());
      }
      for (Map.Entry<String, Row> c : classes.entrySet()) {
        items
            .append(
                line(
                    lineItemId(session, c.getKey()),
                    "active",
                    released,
                    session.title(),
                    session.subject() + ", grade " + c.getValue().gradeLevel(),
                    DATE.format(session.opensAt()),
                    DATE.format(session.closesAt()),
                    c.getKey(),
                    CATEGORY,
                    guid(session.sessionId()),
                    "0.0",
                    number(max),
                    guid(c.getValue().schoolId())))
            .append("\r\n");
      }
      for (Row r : rows) {
        Instant modified =
            r.scoredAt() != null && r.scoredAt().isAfter(session.releasedAt())
                ? r.scoredAt()
                : session.releasedAt();
        results
            .append(
                line(
                    guid(r.sittingId()),
                    "active",
                    DATE_TIME.format(modified),
                    lineItemId(session, r.classId()),
                    guid(r.candidateId()),
                    "fully graded",
                    number(r.rawTotal()),
                    DATE.format(modified),
                    "",
                    Integer.toString(r.grade()),
                    r.classId(),
                    "false",
                    "false",
                    "false",
                    "false"))
            .append("\r\n");
      }
      files.put("lineItems.csv", items.toString());
      files.put("results.csv", results.toString());
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The plain CSV for the national e-journals, in the 5-point grade scale. */
  String eJournal(SessionInfo session, List<Row> rows) {
    StringBuilder out = new StringBuilder(EJOURNAL_HEADER).append("\r\n");
    for (Row r : rows) {
      out.append(
              line(
                  r.schoolId(),
                  Integer.toString(r.gradeLevel()),
                  r.candidateId(),
                  session.sessionId(),
                  session.examId(),
                  session.subject(),
                  Integer.toString(r.grade()),
                  number(r.rawTotal()),
                  number(r.maxTotal()),
                  number(Math.round(r.percentage() * 10) / 10.0),
                  Boolean.toString(r.passed()),
                  DATE_TIME.format(session.releasedAt())))
          .append("\r\n");
    }
    return out.toString();
  }

  private static String lineItemId(SessionInfo session, String classId) {
    return guid(session.sessionId()) + "." + classId;
  }

  /** OneRoster's GUID characters only (letters, digits, . - _ / @); others become '_'. */
  static String guid(String id) {
    return id.replaceAll("[^0-9A-Za-z._/@-]", "_");
  }

  private static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? (long) x + ".0" : Double.toString(x);
  }

  /** One RFC 4180 line: fields with a comma, quote or edge space quoted; no line breaks inside. */
  static String line(String... fields) {
    List<String> out = new ArrayList<>(fields.length);
    for (String f : fields) {
      String v = f == null ? "" : f.replace('\r', ' ').replace('\n', ' ');
      if (v.contains(",")
          || v.contains("\"")
          || (!v.isEmpty() && v.strip().length() != v.length())) {
        v = "\"" + v.replace("\"", "\"\"") + "\"";
      }
      out.add(v);
    }
    return String.join(",", out);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
