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
 */
public record ExamContent(
    String title,
    String subject,
    int grade,
    String language,
    int durationMinutes,
    List<SectionDefinition> sections,
    List<ItemDefinition> items,
    ScoringRules scoring) {

  public ExamContent {
    sections = sections == null ? List.of() : List.copyOf(sections);
    items = items == null ? List.of() : List.copyOf(items);
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
        scoring);
  }
}
