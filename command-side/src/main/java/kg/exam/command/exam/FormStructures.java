package kg.exam.command.exam;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.scoring.Item;
import org.springframework.stereotype.Component;

/**
 * The items of each published exam version as scoring-core sees them, for checking the shape of
 * responses on the answer path without reading and parsing the form from the database per answer.
 * Safe to keep for the life of the process, also with several instances: a version's items, types
 * and choices never change after publication; only keys do, and shape checks ignore keys.
 */
@Component
public class FormStructures {
  private final PublishedExams exams;
  private final Map<String, Map<String, Item>> byVersion = new ConcurrentHashMap<>();

  FormStructures(PublishedExams exams) {
    this.exams = exams;
  }

  /** The item, or empty when the version has no such item (or is not published). */
  public Optional<Item> item(String examId, int version, String itemId) {
    Map<String, Item> items =
        byVersion.computeIfAbsent(examId + "\u0000" + version, k -> load(examId, version));
    return Optional.ofNullable(items.get(itemId));
  }

  private Map<String, Item> load(String examId, int version) {
    return exams
        .find(examId, version)
        .map(
            exam ->
                exam.content().items().stream()
                    .collect(
                        Collectors.toUnmodifiableMap(ItemDefinition::itemId, ExamForms::toItem)))
        .orElseThrow(
            () ->
                new IllegalStateException("exam " + examId + " v" + version + " is not published"));
  }
}
