package kg.exam.client.station;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An exam session as a station needs it to run offline, decrypted: the window, the duration, the
 * paper without keys and the sittings of the candidates who sit it here.
 *
 * @param opensAt first instant a sitting may start
 * @param closesAt instant the session closes: no start at or after it, and no deadline past it
 * @param durationMinutes the time allowed before extra time
 * @param translations the paper in the other languages the exam offers (each candidate names the
 *     one they sit in)
 * @param media the images and audio the paper shows in any language, by SHA-256, each checked
 */
public record SessionPackage(
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String schoolId,
    Instant opensAt,
    Instant closesAt,
    int durationMinutes,
    String title,
    String subject,
    String language,
    List<PackageItem> items,
    List<PackageCandidate> candidates,
    List<Translation> translations,
    Map<String, Medium> media) {

  public SessionPackage {
    items = List.copyOf(items);
    candidates = List.copyOf(candidates);
    translations = translations == null ? List.of() : List.copyOf(translations);
    media = media == null ? Map.of() : Map.copyOf(media);
  }

  /** The media the item's prompt and choices name, in order, each once. */
  public static List<String> mediaOf(PackageItem item) {
    StringBuilder all = new StringBuilder(item.prompt() == null ? "" : item.prompt());
    item.choices().forEach(c -> all.append('\n').append(c.text()));
    item.targets().forEach(c -> all.append('\n').append(c.text()));
    return kg.exam.contract.exam.PromptMedia.hashes(all.toString());
  }

  /** The media the papers name, in every language, that the package does not carry. */
  public List<String> missingMedia() {
    java.util.LinkedHashSet<String> named = new java.util.LinkedHashSet<>();
    items.forEach(i -> named.addAll(mediaOf(i)));
    translations.forEach(t -> t.items().forEach(i -> named.addAll(mediaOf(i))));
    named.removeAll(media.keySet());
    return List.copyOf(named);
  }

  /** An image or audio file the paper shows, by the SHA-256 its texts name it with. */
  public record Medium(String mediaType, byte[] bytes) {}

  /** A package of an exam in several languages, without media. */
  public SessionPackage(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      int durationMinutes,
      String title,
      String subject,
      String language,
      List<PackageItem> items,
      List<PackageCandidate> candidates,
      List<Translation> translations) {
    this(
        sessionId,
        examId,
        examVersion,
        centreId,
        schoolId,
        opensAt,
        closesAt,
        durationMinutes,
        title,
        subject,
        language,
        items,
        candidates,
        translations,
        Map.of());
  }

  /** A package of an exam in one language. */
  public SessionPackage(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      int durationMinutes,
      String title,
      String subject,
      String language,
      List<PackageItem> items,
      List<PackageCandidate> candidates) {
    this(
        sessionId,
        examId,
        examVersion,
        centreId,
        schoolId,
        opensAt,
        closesAt,
        durationMinutes,
        title,
        subject,
        language,
        items,
        candidates,
        List.of(),
        Map.of());
  }

  /** The paper in one more language: its title and items (same ids, other words). */
  public record Translation(String language, String title, List<PackageItem> items) {
    public Translation {
      items = List.copyOf(items);
    }
  }

  /**
   * The title, language and items a candidate sits: their language's when the package has it, else
   * the package's own.
   */
  public Translation paperIn(String language) {
    return translations.stream()
        .filter(t -> t.language().equals(language))
        .findFirst()
        .orElse(new Translation(this.language, title, items));
  }
}
