package kg.exam.scoring.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.scoring.survey.Replication;
import kg.exam.scoring.survey.SampleDesign;
import kg.exam.scoring.survey.SampledSchool;

/**
 * A sample design as CSV (RFC 4180, UTF-8), one sampled school per line after the header {@code
 * school_id,stratum,selection_probability,enrolled,zone,half} (any order; all required). The format
 * is documented in query-side/README.md "Sample surveys".
 */
public final class SampleDesignFile {
  /** The most schools one design file may list. */
  public static final int MAX_SCHOOLS = 10_000;

  private static final List<String> COLUMNS =
      List.of("school_id", "stratum", "selection_probability", "enrolled", "zone", "half");

  private SampleDesignFile() {}

  /**
   * Reads and checks a design.
   *
   * @throws IllegalArgumentException one line {@code file:line: reason} for the first fault
   */
  public static SampleDesign read(
      Reader input, String fileName, Replication replication, double fayFactor) throws IOException {
    try {
      return parse(input, fileName, replication, fayFactor);
    } catch (InputException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static SampleDesign parse(
      Reader input, String fileName, Replication replication, double fayFactor)
      throws IOException, InputException {
    CsvReader csv = new CsvReader(input, fileName);
    Map<String, Integer> column = csv.header(Set.copyOf(COLUMNS), Set.copyOf(COLUMNS));
    int width = column.size();
    List<SampledSchool> schools = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    List<String> row;
    while ((row = csv.next()) != null) {
      long line = csv.recordLine();
      if (row.isEmpty() || (row.size() == 1 && row.get(0).isBlank())) {
        continue;
      }
      if (row.size() != width) {
        throw new InputException(
            fileName, line, "expected " + width + " columns, found " + row.size());
      }
      if (schools.size() == MAX_SCHOOLS) {
        throw new InputException(fileName, line, "more than " + MAX_SCHOOLS + " schools");
      }
      try {
        schools.add(
            new SampledSchool(
                text("school_id", row.get(column.get("school_id"))),
                text("stratum", row.get(column.get("stratum"))),
                FormFile.parseNumber(
                    "selection_probability", row.get(column.get("selection_probability"))),
                wholeNumber("enrolled", row.get(column.get("enrolled"))),
                wholeNumber("zone", row.get(column.get("zone"))),
                wholeNumber("half", row.get(column.get("half")))));
      } catch (IllegalArgumentException e) {
        throw new InputException(fileName, line, e.getMessage());
      }
      lines.add(line);
    }
    List<String> problems =
        SampleDesign.problems(
            replication,
            schools,
            i -> fileName + ":" + (i < lines.size() ? lines.get(i) : csv.recordLine()));
    if (!problems.isEmpty()) {
      String first = problems.getFirst();
      // A school's problem names its line already; a zone's is reported at the end of the file.
      throw first.startsWith(fileName + ":")
          ? new InputException(InputException.oneLine(first))
          : new InputException(fileName, csv.recordLine(), first);
    }
    return new SampleDesign(replication, fayFactor, schools);
  }

  /** A name: trimmed, without control characters (a message quoting it stays one line). */
  private static String text(String name, String text) {
    String value = text.strip();
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(name + " holds a control character");
      }
    }
    return value;
  }

  private static int wholeNumber(String name, String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text.strip() + "' is not a whole number");
    }
  }
}
