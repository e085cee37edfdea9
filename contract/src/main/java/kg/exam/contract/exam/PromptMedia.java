package kg.exam.contract.exam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Images and audio inside an item's prompt and choices, written where they stand in the text as
 * {@code ![alt](media:<sha256>)}: the alternative text (no {@code ]}, no line break) and the lower-
 * case hex SHA-256 of the bytes, kept in the bank's media store. The hash is signed with the text
 * that holds it, so what a candidate was shown cannot change under the signature; whether it is an
 * image or audio is the stored medium's type.
 */
public final class PromptMedia {
  /** One medium in a text: group 1 the alternative text, group 2 the hash. */
  public static final Pattern TOKEN =
      Pattern.compile("!\\[([^\\]\\n\\r]*)\\]\\(media:([0-9a-f]{64})\\)");

  private PromptMedia() {}

  /** The token for a medium with its alternative text (brackets and line breaks made spaces). */
  public static String token(String sha256, String alt) {
    String text = alt == null ? "" : alt.replaceAll("[\\]\\[\\n\\r]+", " ").strip();
    return "![" + text + "](media:" + sha256 + ")";
  }

  /** The hashes a text names, in order, each once. */
  public static List<String> hashes(String text) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    if (text != null) {
      Matcher m = TOKEN.matcher(text);
      while (m.find()) {
        out.add(m.group(2));
      }
    }
    return new ArrayList<>(out);
  }

  /** The hashes an item names in its prompt and choices, in order, each once. */
  public static List<String> hashes(ItemDefinition item) {
    LinkedHashSet<String> out = new LinkedHashSet<>(hashes(item.prompt()));
    for (Choice c : item.choices()) {
      out.addAll(hashes(c.text()));
    }
    for (Choice c : item.targets()) {
      out.addAll(hashes(c.text()));
    }
    return new ArrayList<>(out);
  }

  /** The hashes every item of the content names, in every language, each once. */
  public static List<String> hashes(ExamContent content) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String language : content.languages()) {
      for (ItemDefinition item : content.in(language).items()) {
        out.addAll(hashes(item));
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The text as words only, each medium as its alternative text in brackets ({@code [alt]}), or
   * {@code [∗]} without one: for reading aloud and for pages that show no media.
   */
  public static String plain(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String alt = m.group(1).strip();
      m.appendReplacement(out, Matcher.quoteReplacement("[" + (alt.isEmpty() ? "∗" : alt) + "]"));
    }
    m.appendTail(out);
    return out.toString();
  }
}
