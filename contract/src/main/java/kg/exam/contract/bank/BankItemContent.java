package kg.exam.contract.bank;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;

/**
 * One version of a bank item: the item in its source language with its key, its linked language
 * versions, and what the bank knows it by.
 *
 * @param subject subject code, e.g. MATH or ICT
 * @param grade school grade 1..12, or null for an item not tied to a grade (e.g. teachers' ICT)
 * @param language the source language of {@code item}: ky, ru, uz, tg or en
 * @param competencies the framework codes the item measures (at least one)
 * @param cognitiveLevel REMEMBER, UNDERSTAND, APPLY, ANALYSE, EVALUATE or CREATE (revised Bloom)
 * @param item the item in the source language; its id is the bank item's id, its section and weight
 *     are given by the exam that takes it
 * @param translations the item in other languages, one per language, never the source language
 * @param media SHA-256 (lower-case hex) of the images and audio the item uses, stored in the bank
 * @param enemies bank items that must never be on one form with this one (they cue each other)
 * @param expectedSeconds the time a candidate is expected to spend on it, for blueprints' total
 *     time; null for the default of its type ({@link #expectedSecondsOrDefault()})
 */
public record BankItemContent(
    String subject,
    Integer grade,
    String language,
    List<CompetencyRef> competencies,
    String cognitiveLevel,
    ItemDefinition item,
    List<LanguageVersion> translations,
    List<String> media,
    List<String> enemies,
    Integer expectedSeconds) {

  public BankItemContent {
    competencies = competencies == null ? List.of() : List.copyOf(competencies);
    translations = translations == null ? List.of() : List.copyOf(translations);
    media = media == null ? List.of() : List.copyOf(media);
    enemies = enemies == null ? List.of() : List.copyOf(enemies);
  }

  /**
   * The expected time, or by type: 60 s for a choice or true/false, 90 s for multiple response,
   * numeric or short text, 120 s for ordering, matching or gaps, 600 s for an extended text.
   */
  public int expectedSecondsOrDefault() {
    if (expectedSeconds != null) {
      return expectedSeconds;
    }
    return switch (item == null ? "" : String.valueOf(item.type())) {
      case "SINGLE_CHOICE", "TRUE_FALSE" -> 60;
      case "ORDERING", "MATCHING", "GAP" -> 120;
      case "EXTENDED_TEXT" -> 600;
      default -> 90;
    };
  }

  /** The languages the item can be given in: the source language first. */
  public List<String> languages() {
    return Stream.concat(Stream.of(language), translations.stream().map(LanguageVersion::language))
        .toList();
  }

  /**
   * The item as an exam form in {@code language} holds it, in section {@code sectionId} with weight
   * 1; empty when the item has no version in that language.
   */
  public Optional<ItemDefinition> in(String language, String sectionId) {
    if (this.language.equals(language)) {
      return Optional.of(
          new ItemDefinition(
              item.itemId(),
              sectionId,
              item.type(),
              item.maxScore(),
              1,
              item.prompt(),
              item.choices(),
              item.targets(),
              item.key()));
    }
    return translations.stream()
        .filter(t -> t.language().equals(language))
        .findFirst()
        .map(
            t ->
                new ItemDefinition(
                    item.itemId(),
                    sectionId,
                    item.type(),
                    item.maxScore(),
                    1,
                    t.prompt(),
                    t.choices(),
                    t.targets(),
                    t.acceptedAnswers().isEmpty() ? item.key() : withCorrect(item.key(), t)));
  }

  /** The source key with the language's own answers and their points. */
  private static ItemKey withCorrect(ItemKey key, LanguageVersion t) {
    return new ItemKey(
        t.acceptedAnswers(),
        t.mapping().isEmpty() ? key.mapping() : t.mapping(),
        key.mappingDefault(),
        key.lowerBound(),
        key.upperBound(),
        key.partialCredit(),
        key.absoluteTolerance(),
        key.relativeTolerance(),
        key.caseSensitive(),
        key.kyrgyzLetterFolding(),
        key.maxAssociations(),
        key.rubric());
  }
}
