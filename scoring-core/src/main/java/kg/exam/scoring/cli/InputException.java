package kg.exam.scoring.cli;

/**
 * Bad input, reported as one line {@code file:line: reason}; the CLI exits 2 and writes nothing.
 */
final class InputException extends Exception {

  private static final long serialVersionUID = 1L;

  InputException(String file, long line, String reason) {
    super(file + ":" + line + ": " + reason);
  }

  InputException(String reason) {
    super(reason);
  }
}
