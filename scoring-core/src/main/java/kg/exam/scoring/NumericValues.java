package kg.exam.scoring;

import java.util.regex.Pattern;

/** Parsing and tolerant comparison of numeric-entry responses. Thread-safe. */
final class NumericValues {

  /**
   * Plain decimals as pupils type them: optional sign (also U+2212), comma or point, optional
   * exponent. Kept as the specification of {@link #isPlainDecimal}.
   */
  static final Pattern DECIMAL =
      Pattern.compile("[+\\-\u2212]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][+\\-]?\\d{1,3})?");

  /**
   * Allowance, in units in the last place, so that a difference on the tolerance boundary (3.51 vs
   * 3.5 ± 0.01) is accepted.
   */
  private static final double BOUNDARY_ULPS = 4;

  private NumericValues() {}

  /**
   * @param text a response or key value
   * @return the value, or NaN when the text is not a plain decimal (NaN, Infinity, hex, thousands
   *     separators are refused)
   */
  static double parse(String text) {
    String trimmed = text.strip();
    if (!isPlainDecimal(trimmed)) {
      return Double.NaN;
    }
    double value = Double.parseDouble(trimmed.replace(',', '.').replace('\u2212', '-'));
    return Double.isFinite(value) ? value : Double.NaN;
  }

  /**
   * The grammar of {@link #DECIMAL}, scanned by hand because a regex matcher per response costs
   * more than the scoring.
   */
  static boolean isPlainDecimal(String text) {
    int length = text.length();
    int i = 0;
    if (i < length
        && (text.charAt(i) == '+' || text.charAt(i) == '-' || text.charAt(i) == '\u2212')) {
      i++;
    }
    int integerDigits = 0;
    while (i < length && isDigit(text.charAt(i))) {
      i++;
      integerDigits++;
    }
    int fractionDigits = 0;
    if (i < length && (text.charAt(i) == '.' || text.charAt(i) == ',')) {
      i++;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
        fractionDigits++;
      }
    }
    if (integerDigits == 0 && fractionDigits == 0) {
      return false;
    }
    if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < length && isDigit(text.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits < 1 || exponentDigits > 3) {
        return false;
      }
    }
    return i == length;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * QTI {@code equal} with toleranceMode absolute or relative: accepted when either tolerance
   * admits it, boundaries inclusive.
   */
  static boolean matches(
      double response, double correct, double absoluteTolerance, double relativeTolerance) {
    double difference = Math.abs(response - correct);
    double allowance = BOUNDARY_ULPS * Math.ulp(Math.max(Math.abs(response), Math.abs(correct)));
    return difference <= absoluteTolerance + allowance
        || difference <= relativeTolerance * Math.abs(correct) + allowance;
  }
}
