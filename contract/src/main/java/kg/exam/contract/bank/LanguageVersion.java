package kg.exam.contract.bank;

import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.Choice;

/**
 * An item's text in one more language, linked to its source version: the same choices, targets and
 * key under other words, so that results in every language pool per item.
 *
 * @param language ky, ru, uz, tg or en
 * @param prompt the question in that language
 * @param choices the source's choices with the same ids in the same order, in that language
 * @param targets the source's matching targets likewise
 * @param acceptedAnswers short text items only: the answers accepted in that language (they are
 *     words, so they differ between languages); null or empty for every other type, whose key names
 *     choice ids, numbers or orders that every language shares
 */
public record LanguageVersion(
    String language,
    String prompt,
    List<Choice> choices,
    List<Choice> targets,
    List<String> acceptedAnswers,
    Map<String, Double> mapping) {

  public LanguageVersion {
    choices = choices == null ? List.of() : List.copyOf(choices);
    targets = targets == null ? List.of() : List.copyOf(targets);
    acceptedAnswers = acceptedAnswers == null ? List.of() : List.copyOf(acceptedAnswers);
    mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
  }
}
