package kg.exam.contract.exam;

import java.util.List;
import java.util.Map;

/**
 * An exam form in one more language, linked to the form's own: the same sections and items under
 * other words, so that every language version is scored alike and results pool per item.
 *
 * @param language ky, ru, uz, tg or en, not the form's own
 * @param title the exam's title in that language
 * @param sectionTitles each section's title in that language, by section id
 * @param items every item of the form, once, in that language
 */
public record ExamTranslation(
    String language, String title, Map<String, String> sectionTitles, List<ItemText> items) {

  public ExamTranslation {
    sectionTitles = sectionTitles == null ? Map.of() : Map.copyOf(sectionTitles);
    items = items == null ? List.of() : List.copyOf(items);
  }

  /**
   * One item's words in the translation's language: the same choices and targets (ids, order) and
   * the same key, except for a short text or gap item, whose answers are words of a language.
   *
   * @param acceptedAnswers short text and gap items only, and required for them: the answers
   *     accepted in this language, encoded as the key's {@code correct}
   * @param mapping short text and gap items whose key maps answers to points: this language's
   *     answers' points; empty otherwise
   */
  public record ItemText(
      String itemId,
      String prompt,
      List<Choice> choices,
      List<Choice> targets,
      List<String> acceptedAnswers,
      Map<String, Double> mapping) {

    public ItemText {
      choices = choices == null ? List.of() : List.copyOf(choices);
      targets = targets == null ? List.of() : List.copyOf(targets);
      acceptedAnswers = acceptedAnswers == null ? List.of() : List.copyOf(acceptedAnswers);
      mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }
  }
}
