package kg.exam.scoring.cli;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Writes RFC 4180 CSV rows, quoting only fields that need it. Not thread-safe. */
final class CsvWriter implements AutoCloseable {

  private final Writer writer;

  CsvWriter(Writer writer) {
    this.writer = writer;
  }

  void row(Object... fields) throws IOException {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        writer.write(',');
      }
      writer.write(format(fields[i]));
    }
    writer.write('\n');
  }

  /**
   * Numbers: integers without a fraction, others rounded to 6 decimals; NaN (undefined) as an empty
   * field.
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value)
        .setScale(6, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String format(Object field) {
    if (field == null) {
      return "";
    }
    if (field instanceof Double d) {
      return number(d);
    }
    String text = field.toString();
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
