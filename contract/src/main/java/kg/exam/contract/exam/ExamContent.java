package kg.exam.contract.exam;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything an exam form holds. Published versions of it are immutable.
 *
 * @param title the exam's title (no personal data)
 * @param subject subject code, e.g. MATH
 * @param grade school grade the exam is for, 1..12
 * @param language language of the form: ky, ru, uz, tg or en
 * @param durationMinutes time allowed before accommodations
 * @param sections the form's sections, in order
 * @param items the form's items, in order
 * @param scoring pass threshold and grade scale
 * @param translations the same form in other languages (empty for a form in one language); a
 *     candidate sits it in their language of instruction when the form offers it ({@link
 *     #languageFor}), else in the form's own language
 */
public record ExamContent(
    String title,
    String subject,
    int grade,
    String language,
    int durationMinutes,
    List<SectionDefinition> sections,
    List<ItemDefinition> items,
    ScoringRules scoring,
    List<ExamTranslation> translations) {

  public ExamContent {
    sections = sections == null ? List.of() : List.copyOf(sections);
    items = items == null ? List.of() : List.copyOf(items);
    translations = translations == null ? List.of() : List.copyOf(translations);
  }

  /** A form in one language. */
  public ExamContent(
      String title,
      String subject,
      int grade,
      String language,
      int durationMinutes,
      List<SectionDefinition> sections,
      List<ItemDefinition> items,
      ScoringRules scoring) {
    this(title, subject, grade, language, durationMinutes, sections, items, scoring, List.of());
  }

  /** The languages the form can be sat in: its own first. */
  public List<String> languages() {
    List<String> languages = new java.util.ArrayList<>();
    languages.add(language);
    translations.forEach(t -> languages.add(t.language()));
    return languages;
  }

  /**
   * The language a candidate with this language of instruction sits the form in: that language when
   * the form offers it, else the form's own.
   */
  public String languageFor(String instructionLanguage) {
    return instructionLanguage != null && languages().contains(instructionLanguage)
        ? instructionLanguage
        : language;
  }

  /**
   * The form as a candidate sits it in {@code language} (one the form offers, else its own): that
   * language's title, section titles and item texts, the key of a short text or gap item with that
   * language's answers; no translations. The same sections, items, maxima, weights and keys
   * otherwise, so every language version scores alike.
   */
  public ExamContent in(String language) {
    ExamTranslation t =
        translations.stream().filter(x -> x.language().equals(language)).findFirst().orElse(null);
    if (t == null) {
      return translations.isEmpty()
          ? this
          : new ExamContent(
              title, subject, grade, this.language, durationMinutes, sections, items, scoring);
    }
    java.util.Map<String, ExamTranslation.ItemText> texts = new java.util.HashMap<>();
    t.items().forEach(i -> texts.put(i.itemId(), i));
    List<ItemDefinition> translated =
        items.stream()
            .map(
                i -> {
                  ExamTranslation.ItemText x = texts.get(i.itemId());
                  if (x == null) {
                    return i;
                  }
                  ItemKey key = i.key();
                  if (key != null && !x.acceptedAnswers().isEmpty()) {
                    key =
                        new ItemKey(
                            x.acceptedAnswers(),
                            x.mapping().isEmpty() ? key.mapping() : x.mapping(),
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
                  return new ItemDefinition(
                      i.itemId(),
                      i.sectionId(),
                      i.type(),
                      i.maxScore(),
                      i.weight(),
                      x.prompt(),
                      x.choices(),
                      x.targets(),
                      key);
                })
            .toList();
    List<SectionDefinition> titled =
        sections.stream()
            .map(
                s ->
                    new SectionDefinition(
                        s.sectionId(), t.sectionTitles().getOrDefault(s.sectionId(), s.title())))
            .toList();
    return new ExamContent(
        t.title() == null ? title : t.title(),
        subject,
        grade,
        language,
        durationMinutes,
        titled,
        translated,
        scoring);
  }

  /** The content with one item's key replaced (a key amendment). */
  public ExamContent withKey(String itemId, ItemKey key) {
    return withItem(itemId, i -> i.withKey(key));
  }

  /** The content with one item excluded from scoring: its weight 0, everything else kept. */
  public ExamContent withItemExcluded(String itemId) {
    return withItem(itemId, ItemDefinition::excludedFromScoring);
  }

  private ExamContent withItem(String itemId, UnaryOperator<ItemDefinition> change) {
    return new ExamContent(
        title,
        subject,
        grade,
        language,
        durationMinutes,
        sections,
        items.stream().map(i -> i.itemId().equals(itemId) ? change.apply(i) : i).toList(),
        scoring,
        translations);
  }
}
