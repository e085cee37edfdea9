package kg.exam.contract.problem;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The check both services make of a request's raw path and query string before anything reads them:
 * valid percent-encoding of UTF-8 text holding no control character (a NUL byte cannot reach
 * PostgreSQL text, and no id or parameter of ours holds one).
 */
public final class RequestText {
  private RequestText() {}

  /**
   * @param rawPath the request's path as sent (still percent-encoded)
   * @param rawQuery its query string as sent, or null
   * @return what is wrong with either, or null
   */
  public static String problemIn(String rawPath, String rawQuery) {
    String problem = problemIn("path", rawPath, false);
    return problem != null || rawQuery == null
        ? problem
        : problemIn("query string", rawQuery, true);
  }

  /**
   * @return what is wrong with the raw (still percent-encoded) text, or null
   */
  public static String problemIn(String where, String raw, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()
            || Character.digit(raw.charAt(i + 1), 16) < 0
            || Character.digit(raw.charAt(i + 2), 16) < 0) {
          return "The " + where + " has a '%' that is not followed by two hex digits.";
        }
        bytes.write(
            Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return "The " + where + " does not decode to UTF-8 text.";
    }
    for (int i = 0; i < decoded.length(); i++) {
      if (Character.isISOControl(decoded.charAt(i))) {
        return "The "
            + where
            + " holds the control character U+"
            + String.format("%04X", (int) decoded.charAt(i))
            + ".";
      }
    }
    return null;
  }
}
