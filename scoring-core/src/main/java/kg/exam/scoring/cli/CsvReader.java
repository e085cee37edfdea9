package kg.exam.scoring.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes, a doubled quote inside quotes
 * is a quote, quoted fields may span lines; CRLF or LF line ends; a UTF-8 byte order mark is
 * skipped. Not thread-safe.
 */
final class CsvReader {

  private final Reader reader;
  private final String fileName;
  private long line = 1;
  private long recordLine;
  private int pushedBack = -2;
  private boolean started;

  CsvReader(Reader reader, String fileName) {
    this.reader = reader;
    this.fileName = fileName;
  }

  /**
   * @return the line on which the last record returned by {@link #next()} started
   */
  long recordLine() {
    return recordLine;
  }

  /**
   * @return the next record's fields, or null at end of input; a blank line is an empty list
   */
  List<String> next() throws IOException, InputException {
    int c = read();
    if (!started) {
      started = true;
      if (c == '\uFEFF') {
        c = read();
      }
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    if (c == '\n' || c == '\r') {
      endOfLine(c);
      return fields;
    }
    while (true) {
      if (c == '"' && field.isEmpty()) {
        readQuoted(field);
        c = read();
        if (c != ',' && c != '\n' && c != '\r' && c != -1) {
          throw new InputException(fileName, line, "unexpected character after closing quote");
        }
      }
      if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        c = read();
        continue;
      }
      if (c == '\n' || c == '\r' || c == -1) {
        fields.add(field.toString());
        if (c != -1) {
          endOfLine(c);
        }
        return fields;
      }
      if (c == '"') {
        throw new InputException(fileName, line, "quote inside an unquoted field");
      }
      field.append((char) c);
      c = read();
    }
  }

  private void readQuoted(StringBuilder field) throws IOException, InputException {
    long startLine = line;
    while (true) {
      int c = read();
      if (c == -1) {
        throw new InputException(fileName, startLine, "quoted field is not closed");
      }
      if (c == '"') {
        int after = read();
        if (after == '"') {
          field.append('"');
          continue;
        }
        unread(after);
        return;
      }
      if (c == '\n') {
        line++;
      }
      field.append((char) c);
    }
  }

  private void endOfLine(int c) throws IOException {
    if (c == '\r') {
      int after = read();
      if (after != '\n') {
        unread(after);
      }
    }
    line++;
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return reader.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }

  /**
   * Reads the header line: each name (trimmed, lower case) must be one of {@code known} and appear
   * once, and every name of {@code required} must be there.
   *
   * @return column name → index
   * @throws InputException naming line 1 and the fault
   */
  Map<String, Integer> header(Set<String> known, Set<String> required)
      throws IOException, InputException {
    List<String> header = next();
    if (header == null) {
      throw new InputException(
          fileName, 1, "empty file: expected a header with " + new TreeSet<>(required));
    }
    Map<String, Integer> column = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip().toLowerCase(Locale.ROOT);
      if (!known.contains(name)) {
        throw new InputException(
            fileName,
            1,
            "unknown column '" + header.get(i) + "'; known columns: " + new TreeSet<>(known));
      }
      if (column.put(name, i) != null) {
        throw new InputException(fileName, 1, "column '" + name + "' appears twice");
      }
    }
    for (String name : new TreeSet<>(required)) {
      if (!column.containsKey(name)) {
        throw new InputException(fileName, 1, "missing column '" + name + "'");
      }
    }
    return column;
  }
}
