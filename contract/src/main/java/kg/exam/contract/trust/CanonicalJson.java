package kg.exam.contract.trust;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical byte form of JSON payloads: the JSON Canonicalization Scheme (JCS) of RFC 8785,
 * version {@value #SCHEME}.
 *
 * <p>Serialisation ({@link #canonicalBytes(JsonValue)}):
 *
 * <ul>
 *   <li>no whitespace anywhere;
 *   <li>object members sorted by their names compared as arrays of UTF-16 code units (so {@code
 *       "\r" < "1" < "\u0080" < "ö" < "€" < "😀" < "\ufb33"});
 *   <li>strings: {@code "} and {@code \} escaped as {@code \"} and {@code \\}; U+0008, U+0009,
 *       U+000A, U+000C, U+000D as {@code \b \t \n \f \r}; every other code point below U+0020 as
 *       {@code \}{@code u00xx} with lower-case hex; everything else (including {@code /}, U+007F
 *       and all non-ASCII such as {@code ң ө ү}) as itself;
 *   <li>numbers as ECMAScript {@code Number.prototype.toString} writes the double: shortest
 *       round-tripping digits, plain notation for 1e-6 &le; |x| &lt; 1e21, otherwise {@code
 *       d.ddde+N} / {@code d.ddde-N}; {@code -0} as {@code 0}. Examples: {@code 4.50 -> 4.5},
 *       {@code 1E30 -> 1e+30}, {@code 2e-3 -> 0.002}, {@code 1e-7 -> 1e-7}, {@code 1e21 -> 1e+21};
 *   <li>the result encoded as UTF-8 without a byte order mark.
 * </ul>
 *
 * <p>Parsing ({@link #parse(String)}) accepts exactly RFC 8259 JSON text and is stricter than most
 * parsers where leniency would give one payload two meanings: duplicate member names, escaped or
 * raw lone surrogates, numbers that overflow a double, and nesting deeper than {@value
 * #MAX_NESTING_DEPTH} are refused with {@link IllegalArgumentException} naming the offset. Numbers
 * are rounded to the nearest double, as RFC 8785 requires; a payload that needs more precision must
 * carry it as a string.
 *
 * <p>Stateless and thread-safe.
 */
public final class CanonicalJson {

  /** Name and version of this canonical form; stored beside hashes and signatures made over it. */
  public static final String SCHEME = "jcs-rfc8785/1";

  /** Deepest nesting of arrays and objects {@link #parse} accepts; guards the parser's stack. */
  public static final int MAX_NESTING_DEPTH = 128;

  private CanonicalJson() {}

  /** Returns the canonical UTF-8 bytes of the value. */
  public static byte[] canonicalBytes(JsonValue value) {
    return canonicalString(value).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the canonical form of the value as text (encode it as UTF-8 to get the bytes). */
  public static String canonicalString(JsonValue value) {
    Objects.requireNonNull(value, "value");
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** Parses JSON text strictly and returns its canonical UTF-8 bytes. */
  public static byte[] canonicalize(String jsonText) {
    return canonicalBytes(parse(jsonText));
  }

  /** Parses JSON text given as UTF-8 bytes; malformed UTF-8 and a byte order mark are refused. */
  public static JsonValue parse(byte[] utf8JsonText) {
    Objects.requireNonNull(utf8JsonText, "utf8JsonText");
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(utf8JsonText));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("malformed UTF-8: " + e.getMessage(), e);
    }
    return parse(chars.toString());
  }

  /** Parses JSON text strictly (see the class comment for what is refused). */
  public static JsonValue parse(String jsonText) {
    Objects.requireNonNull(jsonText, "jsonText");
    return new Parser(jsonText, false).parseDocument();
  }

  /**
   * Parses as {@link #parse(String)} does and also refuses every number whose value the canonical
   * form would change, i.e. whose decimal value differs from that of the double it rounds to as
   * canonically written: {@code 0.1}, {@code 4.50} and {@code 1E30} pass; {@code
   * 12345678901234567890}, {@code 9007199254740993} and {@code 1732260000.123456789} are refused.
   *
   * <p>Use it where the JSON text is the record, as for stored event payloads: there, two payloads
   * differing only beyond double precision must not share canonical bytes (and so a hash), or such
   * a change would go unnoticed.
   */
  public static JsonValue parseExact(String jsonText) {
    Objects.requireNonNull(jsonText, "jsonText");
    return new Parser(jsonText, true).parseDocument();
  }

  /** Parses JSON text with {@link #parseExact(String)} and returns its canonical UTF-8 bytes. */
  public static byte[] canonicalizeExact(String jsonText) {
    return canonicalBytes(parseExact(jsonText));
  }

  /**
   * Formats a finite double as ECMAScript {@code Number.prototype.toString} (ECMA-262, section
   * Number::toString) does, which is what RFC 8785 section 3.2.2.3 prescribes.
   */
  public static String formatNumber(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("number must be finite: value=" + value);
    }
    if (value == 0) {
      return "0";
    }
    // Double.toString gives the shortest decimal that round-trips (JDK 19+, JDK-4511638), the
    // same digits ECMAScript picks; only the layout differs.
    BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = decimal.unscaledValue().toString();
    int n = digits.length() - decimal.scale(); // |value| = 0.digits * 10^n
    if (digits.length() == 2) {
      // Double.toString never writes fewer than two significant digits when the exponent form
      // needs a fraction digit (4.9E-324 for Double.MIN_VALUE); ECMAScript takes one digit when
      // one round-trips (5e-324), choosing the candidate closest to the value.
      String shorter = oneDigitForm(Math.abs(value), digits, n);
      if (shorter != null) {
        digits = shorter.substring(0, 1);
        n += shorter.length() - 1;
      }
    }
    int k = digits.length();
    StringBuilder out = new StringBuilder(32);
    if (value < 0) {
      out.append('-');
    }
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int exponent = n - 1;
      out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
    }
    return out.toString();
  }

  /**
   * Returns the one significant digit (a trailing "0" marks a carry into the next power of ten)
   * that round-trips to {@code magnitude}, the closest one if both neighbours do; null if none.
   */
  private static String oneDigitForm(double magnitude, String twoDigits, int n) {
    int low = twoDigits.charAt(0) - '0';
    BigDecimal lowDecimal = BigDecimal.valueOf(low).scaleByPowerOfTen(n - 1);
    BigDecimal highDecimal = BigDecimal.valueOf(low + 1).scaleByPowerOfTen(n - 1);
    boolean lowFits = lowDecimal.doubleValue() == magnitude;
    boolean highFits = highDecimal.doubleValue() == magnitude;
    if (lowFits && highFits) {
      BigDecimal exact = new BigDecimal(magnitude);
      lowFits = lowDecimal.subtract(exact).abs().compareTo(highDecimal.subtract(exact).abs()) <= 0;
      highFits = !lowFits;
    }
    if (lowFits) {
      return Integer.toString(low);
    }
    if (highFits) {
      return Integer.toString(low + 1); // "10" when the carry reaches the next power of ten
    }
    return null;
  }

  private static void write(JsonValue value, StringBuilder out) {
    switch (value) {
      case JsonValue.JsonNull ignored -> out.append("null");
      case JsonValue.JsonBoolean b -> out.append(b.value() ? "true" : "false");
      case JsonValue.JsonNumber number -> out.append(formatNumber(number.value()));
      case JsonValue.JsonString string -> writeString(string.value(), out);
      case JsonValue.JsonArray array -> {
        out.append('[');
        boolean first = true;
        for (JsonValue element : array.elements()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          write(element, out);
        }
        out.append(']');
      }
      case JsonValue.JsonObject object -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonValue> member : object.members().entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeString(member.getKey(), out);
          out.append(':');
          write(member.getValue(), out);
        }
        out.append('}');
      }
    }
  }

  private static void writeString(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xF, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A recursive-descent parser over RFC 8259 grammar; one instance per document. */
  private static final class Parser {
    private final String text;
    private final boolean exactNumbers;
    private int pos;
    private int depth;

    Parser(String text, boolean exactNumbers) {
      this.text = text;
      this.exactNumbers = exactNumbers;
    }

    JsonValue parseDocument() {
      skipWhitespace();
      JsonValue value = parseValue();
      skipWhitespace();
      if (pos != text.length()) {
        throw error("unexpected text after the JSON value");
      }
      return value;
    }

    private JsonValue parseValue() {
      if (pos >= text.length()) {
        throw error("unexpected end of input");
      }
      char c = text.charAt(pos);
      return switch (c) {
        case '{' -> parseObject();
        case '[' -> parseArray();
        case '"' -> new JsonValue.JsonString(parseString());
        case 't' -> literal("true", JsonValue.TRUE);
        case 'f' -> literal("false", JsonValue.FALSE);
        case 'n' -> literal("null", JsonValue.NULL);
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            yield parseNumber();
          }
          throw error("unexpected character '" + c + "'");
        }
      };
    }

    private JsonValue literal(String word, JsonValue value) {
      if (!text.startsWith(word, pos)) {
        throw error("invalid literal, expected " + word);
      }
      pos += word.length();
      return value;
    }

    private JsonValue parseObject() {
      enter();
      pos++; // '{'
      TreeMap<String, JsonValue> members = new TreeMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        depth--;
        return new JsonValue.JsonObject(members);
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a member name");
        }
        int nameOffset = pos;
        String name = parseString();
        skipWhitespace();
        expect(':');
        skipWhitespace();
        JsonValue value = parseValue();
        if (members.putIfAbsent(name, value) != null) {
          pos = nameOffset;
          throw error("duplicate member name \"" + name + "\"");
        }
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == '}') {
          depth--;
          return new JsonValue.JsonObject(members);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private JsonValue parseArray() {
      enter();
      pos++; // '['
      List<JsonValue> elements = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        depth--;
        return new JsonValue.JsonArray(elements);
      }
      while (true) {
        skipWhitespace();
        elements.add(parseValue());
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == ']') {
          depth--;
          return new JsonValue.JsonArray(elements);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private String parseString() {
      int start = pos;
      pos++; // opening quote
      StringBuilder out = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(pos++);
        if (c == '"') {
          break;
        }
        if (c < 0x20) {
          pos--;
          throw error("unescaped control character U+" + String.format("%04X", (int) c));
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= text.length()) {
          throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
          case '"' -> out.append('"');
          case '\\' -> out.append('\\');
          case '/' -> out.append('/');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> out.append(parseHex4());
          default -> {
            pos -= 2;
            throw error("invalid escape \\" + e);
          }
        }
      }
      String value = out.toString();
      int lone = JsonValue.JsonString.firstLoneSurrogate(value);
      if (lone >= 0) {
        pos = start;
        throw error("lone surrogate in string");
      }
      return value;
    }

    private char parseHex4() {
      if (pos + 4 > text.length()) {
        throw error("truncated \\u escape");
      }
      int value = 0;
      for (int i = 0; i < 4; i++) {
        int digit = Character.digit(text.charAt(pos + i), 16);
        if (digit < 0) {
          throw error("invalid hex digit in \\u escape");
        }
        value = value * 16 + digit;
      }
      pos += 4;
      return (char) value;
    }

    private JsonValue parseNumber() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (isDigit(peek())) {
        skipDigits();
      } else {
        throw error("invalid number");
      }
      if (peek() == '.') {
        pos++;
        if (!isDigit(peek())) {
          throw error("invalid number: digit expected after '.'");
        }
        skipDigits();
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw error("invalid number: digit expected in exponent");
        }
        skipDigits();
      }
      String token = text.substring(start, pos);
      double value = Double.parseDouble(token);
      if (!Double.isFinite(value)) {
        pos = start;
        throw error("number outside the IEEE 754 double range: " + token);
      }
      if (exactNumbers
          && new BigDecimal(token).compareTo(new BigDecimal(formatNumber(value))) != 0) {
        pos = start;
        throw error("number would lose precision as an IEEE 754 double: " + token);
      }
      return new JsonValue.JsonNumber(value);
    }

    private void skipDigits() {
      while (isDigit(peek())) {
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private void enter() {
      if (++depth > MAX_NESTING_DEPTH) {
        throw error("nesting deeper than " + MAX_NESTING_DEPTH);
      }
    }

    /** Returns the current character, or U+FFFF at the end of input (never valid JSON there). */
    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\uFFFF';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          pos++;
        } else {
          return;
        }
      }
    }

    private IllegalArgumentException error(String reason) {
      return new IllegalArgumentException("invalid JSON: " + reason + ": offset=" + pos);
    }
  }
}
