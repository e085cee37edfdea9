package kg.exam.command.exam;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.scoring.ItemScorer;
import kg.exam.scoring.ItemType;

/** Authoring rules an exam must satisfy before it is stored. */
final class ExamRules {
  static final Set<String> FORM_LANGUAGES = Set.of("ky", "ru", "uz", "tg", "en");
  static final int MAX_DURATION_MINUTES = 600;
  static final int MAX_ITEMS = 500;

  private ExamRules() {}

  static void check(ExamContent content) {
    try {
      checkContent(content);
    } catch (RuleViolation e) {
      throw e;
    } catch (RuntimeException e) {
      // null entries and other shapes no rule above anticipates: refused, never a server error
      throw new RuleViolation(
          ProblemType.INVALID_EXAM, "The exam content is incomplete or malformed.");
    }
  }

  private static void checkContent(ExamContent content) {
    List<String> problems = new ArrayList<>();
    if (content == null) {
      throw new RuleViolation(ProblemType.INVALID_EXAM, "The exam has no content.");
    }
    if (blank(content.title())) problems.add("title is required");
    if (blank(content.subject())) problems.add("subject is required");
    if (content.grade() < 1 || content.grade() > 12)
      problems.add("grade=" + content.grade() + " is not 1..12");
    if (!FORM_LANGUAGES.contains(content.language())) {
      problems.add("language=" + content.language() + " is not one of " + FORM_LANGUAGES);
    }
    if (content.durationMinutes() < 1 || content.durationMinutes() > MAX_DURATION_MINUTES) {
      problems.add(
          "durationMinutes=" + content.durationMinutes() + " is not 1.." + MAX_DURATION_MINUTES);
    }
    if (content.items().isEmpty()) problems.add("an exam needs at least one item");
    if (content.items().size() > MAX_ITEMS) problems.add("at most " + MAX_ITEMS + " items");
    Set<String> sections = new HashSet<>();
    for (SectionDefinition s : content.sections()) {
      if (blank(s.sectionId()) || !sections.add(s.sectionId()))
        problems.add("section ids must be present and unique");
    }
    if (content.scoring() != null
        && (content.scoring().passPercent() < 0 || content.scoring().passPercent() > 100)) {
      problems.add("scoring.passPercent=" + content.scoring().passPercent() + " is not 0..100");
    }
    if (content.scoring() != null) {
      try {
        ExamForms.toPolicy(
            content.scoring()); // the grade scale scoring-core will use, checked now rather than at
        // scoring time
      } catch (IllegalArgumentException e) {
        problems.add("scoring: " + e.getMessage());
      }
    }
    Set<String> itemIds = new HashSet<>();
    for (ItemDefinition item : content.items()) {
      if (blank(item.itemId()) || !itemIds.add(item.itemId())) {
        problems.add("item ids must be present and unique (" + item.itemId() + ")");
        continue;
      }
      if (!sections.isEmpty() && !sections.contains(item.sectionId())) {
        problems.add("item " + item.itemId() + ": unknown section " + item.sectionId());
      }
      problems.addAll(itemProblems(item));
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_EXAM, String.join("; ", problems));
    }
  }

  static void checkItem(ItemDefinition item) {
    List<String> problems = itemProblems(item);
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_EXAM, String.join("; ", problems));
    }
  }

  private static List<String> itemProblems(ItemDefinition item) {
    String prefix = "item " + item.itemId() + ": ";
    if (item.type() == null || !isItemType(item.type())) {
      return List.of(
          prefix + "type=" + item.type() + " is not one of " + List.of(ItemType.values()));
    }
    if (item.key() == null) {
      return List.of(prefix + "a key is required");
    }
    if (!(item.maxScore() > 0) || !(item.weight() > 0)) {
      return List.of(prefix + "maxScore and weight must be positive");
    }
    try {
      return ItemScorer.checkItem(ExamForms.toItem(item)).stream().map(p -> prefix + p).toList();
    } catch (RuntimeException e) {
      return List.of(prefix + (e.getMessage() == null ? "the key is malformed" : e.getMessage()));
    }
  }

  private static boolean isItemType(String type) {
    for (ItemType t : ItemType.values()) {
      if (t.name().equals(type)) return true;
    }
    return false;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
