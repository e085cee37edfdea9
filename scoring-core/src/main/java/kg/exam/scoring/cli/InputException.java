package kg.exam.scoring.cli;

/**
 * Bad input, reported as one line {@code file:line: reason}; the CLI exits 2 and writes nothing.
 */
final class InputException extends Exception {

  private static final long serialVersionUID = 1L;

  InputException(String file, long line, String reason) {
    super(file + ":" + line + ": " + oneLine(reason));
  }

  /**
   * The reason with control characters (a line break inside a quoted field it quotes) written as as
   * a Java escape (backslash, u, four hex digits), so the message stays one line.
   */
  static String oneLine(String reason) {
    StringBuilder out = new StringBuilder(reason.length());
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  InputException(String reason) {
    super(reason);
  }
}
