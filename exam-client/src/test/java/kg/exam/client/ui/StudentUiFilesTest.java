package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The student UI's files as shipped: within the size budget of a low-end phone on a slow link,
 * nothing fetched from elsewhere, and every language complete.
 */
class StudentUiFilesTest {
  /** JavaScript and CSS together, in bytes: the issue's budget of 150 KB. */
  static final long BUDGET_BYTES = 150_000;

  static final List<String> LANGUAGES = List.of("ky", "ru", "uz", "tg", "en");
  private static final Path UI = Path.of("src/main/ui");

  @Test
  void shouldKeepJavaScriptAndCssUnder150Kilobytes() throws IOException {
    long bytes;
    try (Stream<Path> files = Files.walk(UI)) {
      bytes =
          files
              .filter(p -> p.toString().endsWith(".js") || p.toString().endsWith(".css"))
              .mapToLong(StudentUiFilesTest::size)
              .sum();
    }
    assertThat(bytes).as("bytes of JavaScript and CSS in %s", UI).isPositive();
    assertThat(bytes).as("bytes of JavaScript and CSS in %s", UI).isLessThan(BUDGET_BYTES);
  }

  @Test
  void shouldLoadNothingFromAnotherHost() throws IOException {
    for (String file :
        List.of(
            "index.html",
            "app.js",
            "media.js",
            "app.css",
            "pages.js",
            "result.html",
            "result.js",
            "receipt.html",
            "receipt.js")) {
      String text = Files.readString(UI.resolve(file), StandardCharsets.UTF_8);
      assertThat(text).as(file).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//");
      assertThat(text).as(file).doesNotContainPattern("@import|url\\(\\s*[\"']?https?:");
      assertThat(text).as(file).doesNotContainPattern("fetch\\(\\s*['\"]https?:");
    }
  }

  @Test
  void shouldTranslateEveryTextTheUiUsesIntoEveryLanguage() throws IOException {
    ObjectMapper json = new ObjectMapper();
    Set<String> used = new TreeSet<>();
    for (String script : List.of("app.js", "result.js", "receipt.js")) {
      Matcher m =
          Pattern.compile("\\bt\\('([a-zA-Z0-9.-]+)'")
              .matcher(Files.readString(UI.resolve(script), StandardCharsets.UTF_8));
      while (m.find()) {
        used.add(m.group(1));
      }
    }
    for (String html : List.of("index.html", "result.html", "receipt.html")) {
      Matcher h =
          Pattern.compile("data-ta?=\"([a-zA-Z0-9.-]+)\"")
              .matcher(Files.readString(UI.resolve(html), StandardCharsets.UTF_8));
      while (h.find()) {
        used.add(h.group(1));
      }
    }
    // the result page looks up an appeal's decision as 'result.appeal.' + outcome
    List.of("UPHELD", "SCORE_CHANGED", "REJECTED").forEach(o -> used.add("result.appeal." + o));
    used.removeIf(k -> k.endsWith("."));
    // the save indicator's texts are looked up as 'save.' + state
    List.of("saved", "saving", "offline", "error").forEach(state -> used.add("save." + state));
    assertThat(used).hasSizeGreaterThan(50);
    Map<String, String> english = dictionary(json, "en");
    for (String lang : LANGUAGES) {
      Map<String, String> d = dictionary(json, lang);
      assertThat(d.keySet()).as(lang).containsAll(used);
      assertThat(d.keySet()).as(lang + " has the same keys as en").isEqualTo(english.keySet());
      for (Map.Entry<String, String> e : d.entrySet()) {
        assertThat(e.getValue()).as(lang + " " + e.getKey()).isNotBlank();
        assertThat(placeholders(e.getValue()))
            .as(lang + " " + e.getKey() + " keeps its placeholders")
            .isEqualTo(placeholders(english.get(e.getKey())));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> dictionary(ObjectMapper json, String lang) throws IOException {
    return json.readValue(UI.resolve("i18n/" + lang + ".json").toFile(), Map.class);
  }

  private static Set<String> placeholders(String text) {
    Set<String> set = new TreeSet<>();
    Matcher m = Pattern.compile("\\{(\\w+)}").matcher(text);
    while (m.find()) {
      set.add(m.group(1));
    }
    return set;
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
