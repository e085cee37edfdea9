package kg.exam.scoring;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Normalises short-text answers and keys before comparison, so that what a pupil meant matches what
 * the author wrote. Both sides go through the same function; it is idempotent ({@code
 * normalize(normalize(s)) == normalize(s)}). Thread-safe.
 *
 * <p>Steps, in order:
 *
 * <ol>
 *   <li>Unicode NFC, so that "й" typed as "и" + combining breve equals the precomposed letter;
 *   <li>format characters (zero-width space, soft hyphen, BOM, bidi marks) removed;
 *   <li>unless case-sensitive: lower case ({@link Locale#ROOT});
 *   <li>Latin letters that look like Cyrillic ones folded to the Cyrillic letter, since phone
 *       keyboards mix scripts: case-sensitive {@code A B C E H K M O P T X Y a c e o p x y},
 *       case-insensitive (after lower-casing) {@code a b c e h k m o p t x y}. Latin answers are
 *       folded identically on both sides, so "cat" still equals "cat" and also equals "саt" typed
 *       with Cyrillic с and а;
 *   <li>only with Kyrgyz letter folding: ң ө ү (and capitals) folded to н о у;
 *   <li>every run of whitespace (including no-break spaces) collapsed to one space, then trimmed;
 *   <li>NFC again.
 * </ol>
 *
 * Example: {@code normalize(" Кыргызстан\u00A0 ", false, false)} is {@code "кыргызстан"}; {@code
 * normalize("Көл", false, true)} is {@code "кол"}.
 */
public final class TextNormalizer {

  private static final char[] CASE_SENSITIVE_FOLD =
      buildFold("ABCEHKMOPTXYaceopxy", "АВСЕНКМОРТХУасеорху");
  private static final char[] CASE_INSENSITIVE_FOLD = buildFold("abcehkmoptxy", "авсенкмортху");

  private TextNormalizer() {}

  /**
   * @param text the text, not null
   * @param caseSensitive keep case
   * @param kyrgyzLetterFolding fold ң ө ү to н о у
   * @return the normalised text
   */
  public static String normalize(String text, boolean caseSensitive, boolean kyrgyzLetterFolding) {
    return isAlreadyComposed(text)
        ? normalizeComposed(text, caseSensitive, kyrgyzLetterFolding)
        : normalizeAnyText(text, caseSensitive, kyrgyzLetterFolding);
  }

  /**
   * Whether every char lies below the combining diacritics (U+0300) or among the Cyrillic letters
   * (U+0400..U+0482, U+048A..U+04FF), except U+0130 whose lower case is two chars. Such text is
   * already NFC and lower-cases char by char, so {@link #normalizeComposed} gives the same result
   * as {@link #normalizeAnyText} without the cost of {@link Normalizer}.
   */
  static boolean isAlreadyComposed(String text) {
    return isAlreadyComposed(text, 0, text.length());
  }

  /**
   * Region form of {@link #normalize(String, boolean, boolean)}: normalises {@code text[from, to)}
   * without copying it first.
   */
  static String normalize(
      String text, int from, int to, boolean caseSensitive, boolean kyrgyzLetterFolding) {
    return isAlreadyComposed(text, from, to)
        ? normalizeComposed(text, from, to, caseSensitive, kyrgyzLetterFolding)
        : normalizeAnyText(text.substring(from, to), caseSensitive, kyrgyzLetterFolding);
  }

  private static boolean isAlreadyComposed(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < 0x300 ? c == '\u0130' : c < 0x400 || c >= 0x500 || (c >= 0x483 && c < 0x48A)) {
        return false;
      }
    }
    return true;
  }

  static String normalizeComposed(String text, boolean caseSensitive, boolean kyrgyzLetterFolding) {
    return normalizeComposed(text, 0, text.length(), caseSensitive, kyrgyzLetterFolding);
  }

  private static String normalizeComposed(
      String text, int from, int to, boolean caseSensitive, boolean kyrgyzLetterFolding) {
    char[] fold = caseSensitive ? CASE_SENSITIVE_FOLD : CASE_INSENSITIVE_FOLD;
    StringBuilder out = new StringBuilder(to - from);
    boolean pendingSpace = false;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.getType(c) == Character.FORMAT) {
        continue;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      if (!caseSensitive) {
        c = Character.toLowerCase(c);
      }
      if (c < fold.length) {
        c = fold[c];
      } else if (kyrgyzLetterFolding) {
        c = foldKyrgyz(c);
      }
      out.append(c);
    }
    return out.toString();
  }

  static String normalizeAnyText(String text, boolean caseSensitive, boolean kyrgyzLetterFolding) {
    String composed = Normalizer.normalize(text, Normalizer.Form.NFC);
    if (!caseSensitive) {
      composed = composed.toLowerCase(Locale.ROOT);
    }
    char[] fold = caseSensitive ? CASE_SENSITIVE_FOLD : CASE_INSENSITIVE_FOLD;
    StringBuilder out = new StringBuilder(composed.length());
    boolean pendingSpace = false;
    for (int i = 0; i < composed.length(); i++) {
      char c = composed.charAt(i);
      if (Character.getType(c) == Character.FORMAT) {
        continue;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      if (c < fold.length) {
        c = fold[c];
      } else if (kyrgyzLetterFolding) {
        c = foldKyrgyz(c);
      }
      out.append(c);
    }
    String folded = out.toString();
    return Normalizer.isNormalized(folded, Normalizer.Form.NFC)
        ? folded
        : Normalizer.normalize(folded, Normalizer.Form.NFC);
  }

  private static char foldKyrgyz(char c) {
    return switch (c) {
      case 'ң' -> 'н';
      case 'Ң' -> 'Н';
      case 'ө' -> 'о';
      case 'Ө' -> 'О';
      case 'ү' -> 'у';
      case 'Ү' -> 'У';
      default -> c;
    };
  }

  private static char[] buildFold(String latin, String cyrillic) {
    char[] table = new char[128];
    for (char c = 0; c < table.length; c++) {
      table[c] = c;
    }
    for (int i = 0; i < latin.length(); i++) {
      table[latin.charAt(i)] = cyrillic.charAt(i);
    }
    return table;
  }
}
