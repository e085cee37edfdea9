package kg.exam.command.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The field rules of the 1EdTech OneRoster 1.2 CSV binding (1.2.1 text, §3 and Tables 3.1, 3.6,
 * 3.9, 3.16) for the files a results export sends: manifest.csv, categories.csv, lineItems.csv and
 * results.csv. Returns every violation found, each naming the file, line and column, so a test can
 * assert there are none. Written from the specification, independently of the exporter.
 */
final class OneRosterCsvRules {
  private OneRosterCsvRules() {}

  private static final Pattern GUID = Pattern.compile("[0-9A-Za-z._/@-]{1,255}");
  private static final Pattern DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Set<String> SCORE_STATUS =
      Set.of("exempt", "fully graded", "not submitted", "partially graded", "submitted");

  /**
   * Column: name, required, type (GUID, DATETIME, DATE, FLOAT, INT, BOOL, STATUS, SCORE_STATUS,
   * STRING).
   */
  private record Column(String name, boolean required, String type) {}

  private static final List<String> MANIFEST_FILES =
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

  private static final Map<String, List<Column>> TABLES =
      Map.of(
          "categories.csv",
          List.of(
              new Column("sourcedId", true, "GUID"),
              new Column("status", false, "STATUS"),
              new Column("dateLastModified", false, "DATETIME"),
              new Column("title", true, "STRING"),
              new Column("weight", false, "INT")),
          "lineItems.csv",
          List.of(
              new Column("sourcedId", true, "GUID"),
              new Column("status", false, "STATUS"),
              new Column("dateLastModified", false, "DATETIME"),
              new Column("title", true, "STRING"),
              new Column("description", false, "STRING"),
              new Column("assignDate", true, "DATE"),
              new Column("dueDate", true, "DATE"),
              new Column("classSourcedId", true, "GUID"),
              new Column("categorySourcedId", true, "GUID"),
              new Column("academicSessionSourcedId", true, "GUID"),
              new Column("resultValueMin", false, "FLOAT"),
              new Column("resultValueMax", false, "FLOAT"),
              new Column("schoolSourcedId", true, "GUID")),
          "results.csv",
          List.of(
              new Column("sourcedId", true, "GUID"),
              new Column("status", false, "STATUS"),
              new Column("dateLastModified", false, "DATETIME"),
              new Column("lineItemSourcedId", true, "GUID"),
              new Column("studentSourcedId", true, "GUID"),
              new Column("scoreStatus", true, "SCORE_STATUS"),
              new Column("score", false, "FLOAT"),
              new Column("scoreDate", true, "DATE"),
              new Column("comment", false, "STRING"),
              new Column("textScore", false, "STRING"),
              new Column("classSourcedId", false, "GUID"),
              new Column("inProgress", false, "BOOL"),
              new Column("incomplete", false, "BOOL"),
              new Column("late", false, "BOOL"),
              new Column("missing", false, "BOOL")));

  /** The package's files (name → rows of fields), read strictly as UTF-8. */
  static Map<String, List<List<String>>> read(byte[] zip) throws IOException {
    Map<String, List<List<String>>> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        String text;
        try {
          text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(in.readAllBytes()))
                  .toString();
        } catch (CharacterCodingException x) {
          throw new IOException(e.getName() + " is not UTF-8", x);
        }
        if (text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        files.put(e.getName(), parse(text));
      }
    }
    return files;
  }

  /** Every rule the package breaks; empty when it conforms. */
  static List<String> violations(byte[] zip) throws IOException {
    Map<String, List<List<String>>> files = read(zip);
    List<String> problems = new ArrayList<>();
    for (String name : files.keySet()) {
      if (name.contains("/")) {
        problems.add(name + ": files must be at the root of the zip");
      }
    }
    List<List<String>> manifest = files.get("manifest.csv");
    if (manifest == null) {
      problems.add("manifest.csv is missing");
      return problems;
    }
    if (!manifest.getFirst().equals(List.of("propertyName", "value"))) {
      problems.add("manifest.csv line 1: header must be propertyName,value");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (int i = 1; i < manifest.size(); i++) {
      List<String> row = manifest.get(i);
      if (row.size() != 2) {
        problems.add("manifest.csv line " + (i + 1) + ": two fields expected");
        continue;
      }
      properties.put(row.get(0), row.get(1));
    }
    expect(problems, properties, "manifest.version", "1.0");
    expect(problems, properties, "oneroster.version", "1.2");
    Set<String> delta = new HashSet<>();
    for (String f : MANIFEST_FILES) {
      String v = properties.get("file." + f);
      if (v == null || !Set.of("absent", "bulk", "delta").contains(v)) {
        problems.add("manifest.csv: file." + f + " must be absent, bulk or delta; it is " + v);
        continue;
      }
      boolean present = files.containsKey(f + ".csv");
      if (v.equals("absent") == present) {
        problems.add(
            "manifest.csv: file."
                + f
                + " is "
                + v
                + " but the file is "
                + (present ? "there" : "missing"));
      }
      if (v.equals("delta")) {
        delta.add(f + ".csv");
      }
    }
    Map<String, Set<String>> ids = new LinkedHashMap<>();
    for (Map.Entry<String, List<List<String>>> f : files.entrySet()) {
      if (f.getKey().equals("manifest.csv")) {
        continue;
      }
      List<Column> columns = TABLES.get(f.getKey());
      if (columns == null) {
        problems.add(f.getKey() + ": not a file this check knows");
        continue;
      }
      checkTable(problems, f.getKey(), f.getValue(), columns, delta.contains(f.getKey()), ids);
    }
    references(problems, files, "results.csv", "lineItemSourcedId", ids.get("lineItems.csv"));
    references(problems, files, "lineItems.csv", "categorySourcedId", ids.get("categories.csv"));
    return problems;
  }

  private static void checkTable(
      List<String> problems,
      String file,
      List<List<String>> rows,
      List<Column> columns,
      boolean delta,
      Map<String, Set<String>> ids) {
    List<String> header = columns.stream().map(Column::name).toList();
    if (!rows.getFirst().equals(header)) {
      problems.add(file + " line 1: header must be " + String.join(",", header));
      return;
    }
    if (rows.size() < 2) {
      problems.add(file + ": a file without data rows is not permitted");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      String at = file + " line " + (i + 1);
      if (row.size() != columns.size()) {
        problems.add(at + ": " + row.size() + " fields, " + columns.size() + " expected");
        continue;
      }
      if (!seen.add(row.getFirst())) {
        problems.add(at + ": sourcedId " + row.getFirst() + " twice");
      }
      for (int c = 0; c < columns.size(); c++) {
        Column col = columns.get(c);
        String v = row.get(c);
        boolean required =
            col.required()
                || (delta
                    && (col.name().equals("status") || col.name().equals("dateLastModified")));
        if (!delta
            && (col.name().equals("status") || col.name().equals("dateLastModified"))
            && !v.isEmpty()) {
          problems.add(at + ", " + col.name() + ": must be blank in bulk mode");
        }
        if (v.isEmpty()) {
          if (required) {
            problems.add(at + ", " + col.name() + ": required");
          }
          continue;
        }
        String why = typeProblem(col.type(), v);
        if (why != null) {
          problems.add(at + ", " + col.name() + ": " + why + " (" + v + ")");
        }
      }
    }
    ids.put(file, seen);
  }

  private static String typeProblem(String type, String v) {
    return switch (type) {
      case "GUID" -> GUID.matcher(v).matches() ? null : "not a GUID";
      case "DATETIME" -> DATE_TIME.matcher(v).matches() ? null : "not YYYY-MM-DDTHH:MM:SS.sssZ";
      case "DATE" -> DATE.matcher(v).matches() ? null : "not YYYY-MM-DD";
      case "STATUS" ->
          Set.of("active", "tobedeleted").contains(v) ? null : "not active or tobedeleted";
      case "SCORE_STATUS" ->
          SCORE_STATUS.contains(v) || v.startsWith("ext:") ? null : "not a scoreStatus";
      case "BOOL" -> v.equals("true") || v.equals("false") ? null : "not true or false";
      case "FLOAT" -> {
        try {
          Double.parseDouble(v);
          yield null;
        } catch (NumberFormatException e) {
          yield "not a float";
        }
      }
      case "INT" -> v.matches("-?\\d+") ? null : "not an integer";
      default -> null;
    };
  }

  private static void references(
      List<String> problems,
      Map<String, List<List<String>>> files,
      String file,
      String column,
      Set<String> targets) {
    List<List<String>> rows = files.get(file);
    if (rows == null) {
      return;
    }
    int c = rows.getFirst().indexOf(column);
    if (c < 0) {
      return; // a header without the column is reported by the header check
    }
    for (int i = 1; i < rows.size(); i++) {
      String v = rows.get(i).size() > c ? rows.get(i).get(c) : "";
      if (targets == null || !targets.contains(v)) {
        problems.add(
            file + " line " + (i + 1) + ", " + column + ": " + v + " is in no file of the package");
      }
    }
  }

  private static void expect(
      List<String> problems, Map<String, String> p, String key, String value) {
    if (!value.equals(p.get(key))) {
      problems.add("manifest.csv: " + key + " must be " + value + "; it is " + p.get(key));
    }
  }

  /** RFC 4180, with OneRoster's rule that no field holds a line break. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    for (String line : text.split("\r\n|\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (quoted) {
          if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else if (ch == '"') {
            quoted = false;
          } else {
            f.append(ch);
          }
        } else if (ch == '"') {
          quoted = true;
        } else if (ch == ',') {
          fields.add(f.toString());
          f.setLength(0);
        } else {
          f.append(ch);
        }
      }
      fields.add(f.toString());
      rows.add(fields);
    }
    return rows;
  }
}
