package kg.exam.command.exam;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.GradeBoundary;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.scoring.ItemScorer;
import kg.exam.scoring.ItemType;

/** Authoring rules an exam must satisfy before it is stored. */
public final class ExamRules {
  public static final Set<String> FORM_LANGUAGES = Set.of("ky", "ru", "uz", "tg", "en");
  static final int MAX_DURATION_MINUTES = 600;
  static final int MAX_ITEMS = 500;

  /** The highest score an item may carry: with 500 items every total stays exact in a double. */
  static final double MAX_ITEM_SCORE = 1_000;

  /** The highest weight of an item in its section. */
  static final double MAX_WEIGHT = 100;

  /** The largest magnitude of a key's mapped value, bound or tolerance. */
  static final double MAX_KEY_NUMBER = 1e9;

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
    String control = controlCharacterIn(content);
    if (control != null) problems.add(control);
    if (content.items().isEmpty()) problems.add("an exam needs at least one item");
    if (content.items().size() > MAX_ITEMS) problems.add("at most " + MAX_ITEMS + " items");
    Set<String> sections = new HashSet<>();
    for (SectionDefinition s : content.sections()) {
      if (blank(s.sectionId()) || !sections.add(s.sectionId()))
        problems.add("section ids must be present and unique");
    }
    if (content.scoring() != null
        && !(content.scoring().passPercent() >= 0 && content.scoring().passPercent() <= 100)) {
      problems.add("scoring.passPercent=" + content.scoring().passPercent() + " is not 0..100");
    }
    if (content.scoring() != null) {
      for (GradeBoundary b : content.scoring().gradeBoundaries()) {
        if (b != null && !(b.minPercent() >= 0 && b.minPercent() <= 100)) {
          problems.add(
              "scoring: a grade boundary's minPercent=" + b.minPercent() + " is not 0..100");
        }
      }
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
    if (problems.isEmpty()) {
      problems.addAll(translationProblems(content));
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_EXAM, String.join("; ", problems));
    }
  }

  /** Item types whose key holds typed words, so each language version has its own answers. */
  public static final Set<String> TYPED_KEYS = Set.of("SHORT_TEXT", "GAP");

  /**
   * Every language version is the same form in other words: one per language, not the form's own,
   * every item once with the same choice and target ids in the same order, its own answers for a
   * short text or gap item (and its own mapping when the key maps answers), and, as the candidate
   * sits it, a form the rules accept.
   */
  private static List<String> translationProblems(ExamContent content) {
    List<String> problems = new ArrayList<>();
    Set<String> languages = new HashSet<>(Set.of(content.language()));
    Map<String, ItemDefinition> byId = new java.util.HashMap<>();
    content.items().forEach(i -> byId.put(i.itemId(), i));
    for (kg.exam.contract.exam.ExamTranslation t : content.translations()) {
      if (t == null) {
        problems.add("a language version is null");
        continue;
      }
      String at = "language version " + t.language() + ": ";
      if (t.language() == null || !FORM_LANGUAGES.contains(t.language())) {
        problems.add(at + "not one of " + FORM_LANGUAGES.stream().sorted().toList());
        continue;
      }
      if (!languages.add(t.language())) {
        problems.add(at + "the form has this language already");
        continue;
      }
      Set<String> seen = new HashSet<>();
      for (kg.exam.contract.exam.ExamTranslation.ItemText x : t.items()) {
        ItemDefinition item = x == null ? null : byId.get(x.itemId());
        if (item == null) {
          problems.add(at + "item " + (x == null ? null : x.itemId()) + " is not on the form");
          continue;
        }
        if (!seen.add(x.itemId())) {
          problems.add(at + "item " + x.itemId() + " twice");
          continue;
        }
        String it = at + "item " + x.itemId() + ": ";
        if (blank(x.prompt())) {
          problems.add(it + "prompt is required");
        }
        if (!ids(x.choices()).equals(ids(item.choices()))) {
          problems.add(it + "choices must have the ids " + ids(item.choices()) + " in order");
        }
        if (!ids(x.targets()).equals(ids(item.targets()))) {
          problems.add(it + "targets must have the ids " + ids(item.targets()) + " in order");
        }
        if (x.targets().stream().anyMatch(ExamRules::showsMedia)) {
          problems.add(it + TARGET_MEDIA);
        }
        boolean typed = TYPED_KEYS.contains(item.type());
        boolean mapped = item.key() != null && !item.key().mapping().isEmpty();
        if (typed && x.acceptedAnswers().isEmpty()) {
          problems.add(it + "its answers are words: give acceptedAnswers in " + t.language());
        } else if (!typed && !x.acceptedAnswers().isEmpty()) {
          problems.add(it + "acceptedAnswers are for short text and gap items only");
        }
        if (typed && mapped && x.mapping().isEmpty()) {
          problems.add(it + "the key maps answers to points: give the mapping in " + t.language());
        } else if ((!typed || !mapped) && !x.mapping().isEmpty()) {
          problems.add(it + "a mapping is only for a mapped short text or gap item");
        }
      }
      if (seen.size() != content.items().size()) {
        problems.add(
            at
                + "every item needs its text: "
                + content.items().stream()
                    .map(ItemDefinition::itemId)
                    .filter(id -> !seen.contains(id))
                    .toList()
                + " missing");
      }
      if (t.title() != null && t.title().isBlank()) {
        problems.add(at + "a title, when given, is not blank");
      }
      for (String section : t.sectionTitles().keySet()) {
        if (content.sections().stream().noneMatch(s -> section.equals(s.sectionId()))) {
          problems.add(at + "no section " + section);
        }
      }
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    for (kg.exam.contract.exam.ExamTranslation t : content.translations()) {
      ExamContent sat = content.in(t.language());
      String control = controlCharacterIn(sat);
      if (control != null) {
        problems.add("language version " + t.language() + ": " + control);
      }
      for (ItemDefinition item : sat.items()) {
        itemProblems(item)
            .forEach(p -> problems.add("language version " + t.language() + ": " + p));
      }
    }
    return problems;
  }

  private static List<String> ids(List<Choice> choices) {
    return choices.stream().map(c -> c == null ? null : c.id()).toList();
  }

  private static final String TARGET_MEDIA =
      "a matching target shows no picture or sound (candidates pick targets from a list of"
          + " words): show it in the prompt or a choice";

  private static boolean showsMedia(kg.exam.contract.exam.Choice c) {
    return c != null && !kg.exam.contract.exam.PromptMedia.hashes(c.text()).isEmpty();
  }

  /** The rules of one item alone (the item bank checks its items with them). */
  public static void checkItem(ItemDefinition item) {
    List<String> problems = itemProblems(item);
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_EXAM, String.join("; ", problems));
    }
  }

  private static List<String> itemProblems(ItemDefinition item) {
    String prefix = "item " + item.itemId() + ": ";
    String control = controlCharacterIn(item);
    if (control != null) {
      return List.of(control);
    }
    if (item.type() == null || !isItemType(item.type())) {
      return List.of(
          prefix + "type=" + item.type() + " is not one of " + List.of(ItemType.values()));
    }
    if (item.targets().stream().anyMatch(ExamRules::showsMedia)) {
      return List.of(prefix + TARGET_MEDIA);
    }
    if (item.key() == null) {
      return List.of(prefix + "a key is required");
    }
    if (!(item.maxScore() > 0 && item.maxScore() <= MAX_ITEM_SCORE)) {
      return List.of(
          prefix
              + "maxScore="
              + item.maxScore()
              + " is not a number in (0, "
              + MAX_ITEM_SCORE
              + "]");
    }
    if (!(item.weight() > 0 && item.weight() <= MAX_WEIGHT)) {
      return List.of(
          prefix + "weight=" + item.weight() + " is not a number in (0, " + MAX_WEIGHT + "]");
    }
    String keyNumbers = keyNumberProblem(item.key());
    if (keyNumbers != null) {
      return List.of(prefix + keyNumbers);
    }
    try {
      return ItemScorer.checkItem(ExamForms.toItem(item)).stream().map(p -> prefix + p).toList();
    } catch (RuntimeException e) {
      return List.of(prefix + (e.getMessage() == null ? "the key is malformed" : e.getMessage()));
    }
  }

  /**
   * Every number of a key must be finite and bounded: mapped values, the default, bounds and
   * tolerances within ±{@value #MAX_KEY_NUMBER} (tolerances not negative), rubric points within (0,
   * {@value #MAX_ITEM_SCORE}].
   *
   * @return what is wrong, or null
   */
  private static String keyNumberProblem(ItemKey key) {
    for (Map.Entry<String, Double> e : key.mapping().entrySet()) {
      if (e.getValue() == null || !(Math.abs(e.getValue()) <= MAX_KEY_NUMBER)) {
        return "key.mapping["
            + e.getKey()
            + "]="
            + e.getValue()
            + " is not within ±"
            + MAX_KEY_NUMBER;
      }
    }
    if (!(Math.abs(key.mappingDefault()) <= MAX_KEY_NUMBER)) {
      return "key.mappingDefault=" + key.mappingDefault() + " is not within ±" + MAX_KEY_NUMBER;
    }
    for (Double bound : java.util.Arrays.asList(key.lowerBound(), key.upperBound())) {
      if (bound != null && !(Math.abs(bound) <= MAX_KEY_NUMBER)) {
        return "key bound " + bound + " is not a number within ±" + MAX_KEY_NUMBER;
      }
    }
    for (double tolerance : new double[] {key.absoluteTolerance(), key.relativeTolerance()}) {
      if (!(tolerance >= 0 && tolerance <= MAX_KEY_NUMBER)) {
        return "key tolerance " + tolerance + " is not a number in [0, " + MAX_KEY_NUMBER + "]";
      }
    }
    for (RubricCriterion c : key.rubric()) {
      if (c != null && !(c.maxPoints() > 0 && c.maxPoints() <= MAX_ITEM_SCORE)) {
        return "rubric criterion "
            + c.criterionId()
            + ": maxPoints="
            + c.maxPoints()
            + " is not in (0, "
            + MAX_ITEM_SCORE
            + "]";
      }
    }
    return null;
  }

  /**
   * Staff-entered text may hold any well-formed Unicode but no control character other than tab,
   * line feed and carriage return: U+0000 in particular cannot be stored in PostgreSQL text, and a
   * stored exam that holds it could never be published.
   *
   * @return where the first one is, or null
   */
  static String controlCharacterIn(ExamContent content) {
    List<String[]> texts = new ArrayList<>();
    texts.add(new String[] {"title", content.title()});
    texts.add(new String[] {"subject", content.subject()});
    for (SectionDefinition s : content.sections()) {
      if (s != null) {
        texts.add(new String[] {"a section id", s.sectionId()});
        texts.add(new String[] {"section " + s.sectionId() + " title", s.title()});
      }
    }
    return firstControlCharacter(texts);
  }

  /** As {@link #controlCharacterIn(ExamContent)}, for an item's ids, prompt, choices and key. */
  static String controlCharacterIn(ItemDefinition item) {
    List<String[]> texts = new ArrayList<>();
    String at = "item " + item.itemId();
    texts.add(new String[] {"an item id", item.itemId()});
    texts.add(new String[] {at + " section", item.sectionId()});
    texts.add(new String[] {at + " prompt", item.prompt()});
    for (List<Choice> choices : List.of(item.choices(), item.targets())) {
      for (Choice c : choices) {
        if (c != null) {
          texts.add(new String[] {at + " choice id", c.id()});
          texts.add(new String[] {at + " choice " + c.id(), c.text()});
        }
      }
    }
    if (item.key() != null) {
      for (String correct : item.key().correct()) {
        texts.add(new String[] {at + " key", correct});
      }
      for (String mapped : item.key().mapping().keySet()) {
        texts.add(new String[] {at + " key mapping", mapped});
      }
      for (RubricCriterion r : item.key().rubric()) {
        if (r != null) {
          texts.add(new String[] {at + " rubric criterion", r.criterionId()});
          texts.add(new String[] {at + " rubric " + r.criterionId(), r.description()});
        }
      }
    }
    return firstControlCharacter(texts);
  }

  private static String firstControlCharacter(List<String[]> texts) {
    for (String[] text : texts) {
      String value = text[1];
      if (value == null) {
        continue;
      }
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        if (Character.isISOControl(ch) && ch != '\t' && ch != '\n' && ch != '\r') {
          return text[0]
              + " holds the control character U+"
              + String.format("%04X", (int) ch)
              + " at position "
              + i
              + " (only tab, line feed and carriage return are allowed)";
        }
      }
    }
    return null;
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
