package kg.exam.command.bank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import kg.exam.command.exam.ExamRules;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.Ids;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.Blueprint;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.FrameworkDefinition;
import kg.exam.contract.bank.FrameworkNode;
import kg.exam.contract.bank.LanguageVersion;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;

/**
 * The rules a bank item version and a competency framework satisfy on their own, before they are
 * recorded. What needs the bank's other records (that a framework code, a medium or an enemy item
 * exists) is checked by {@link BankController} against the read tables.
 */
public final class BankRules {
  /** Revised Bloom's taxonomy: the cognitive level an item asks for. */
  public static final List<String> COGNITIVE_LEVELS =
      List.of("REMEMBER", "UNDERSTAND", "APPLY", "ANALYSE", "EVALUATE", "CREATE");

  static final String SUBJECT_PATTERN = "[A-Za-z0-9][A-Za-z0-9_-]{0,31}";
  static final Pattern SUBJECT = Pattern.compile(SUBJECT_PATTERN);

  /** Item types whose key holds typed words, so each language version has its own answers. */
  static final Set<String> TYPED_KEYS = Set.of("SHORT_TEXT", "GAP");

  static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final Pattern NODE_KIND = Pattern.compile("[A-Z][A-Z_]{0,31}");
  static final int MAX_COMPETENCIES = 20;
  static final int MAX_MEDIA = 20;
  static final int MAX_ENEMIES = 100;
  static final int MAX_NODES = 5_000;
  static final int MAX_TITLE = 1_000;

  private BankRules() {}

  /**
   * Checks one version of item {@code itemId}: its metadata, its key by the exam rules, and that
   * every language version is the same item in other words.
   */
  public static void check(String itemId, BankItemContent content) {
    List<String> problems;
    try {
      problems = problems(itemId, content);
    } catch (RuleViolation e) {
      problems = List.of(e.getMessage());
    } catch (RuntimeException e) {
      // null entries and other shapes no rule anticipates: refused, never a server error
      problems = List.of("the item is incomplete or malformed");
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_BANK_ITEM, String.join("; ", problems));
    }
  }

  private static List<String> problems(String itemId, BankItemContent content) {
    List<String> problems = new ArrayList<>();
    if (content == null) {
      return List.of("the item has no content");
    }
    if (content.subject() == null || !SUBJECT.matcher(content.subject()).matches()) {
      problems.add("subject=" + content.subject() + " is not a subject code");
    }
    if (content.grade() != null && (content.grade() < 1 || content.grade() > 12)) {
      problems.add("grade=" + content.grade() + " is not 1..12");
    }
    if (content.language() == null || !ExamRules.FORM_LANGUAGES.contains(content.language())) {
      problems.add(
          "language=" + content.language() + " is not one of " + sorted(ExamRules.FORM_LANGUAGES));
    }
    if (content.cognitiveLevel() == null || !COGNITIVE_LEVELS.contains(content.cognitiveLevel())) {
      problems.add(
          "cognitiveLevel=" + content.cognitiveLevel() + " is not one of " + COGNITIVE_LEVELS);
    }
    if (content.competencies().isEmpty()) {
      problems.add("at least one competency code is required");
    } else if (content.competencies().size() > MAX_COMPETENCIES) {
      problems.add("more than " + MAX_COMPETENCIES + " competency codes");
    }
    Set<CompetencyRef> competencies = new HashSet<>();
    for (CompetencyRef c : content.competencies()) {
      if (c == null) {
        problems.add("a competency is null");
      } else if (!Ids.valid(c.frameworkId()) || !Ids.valid(c.code())) {
        problems.add("competency " + c + " is not framework and code");
      } else if (!competencies.add(c)) {
        problems.add("competency " + c + " is named twice");
      }
    }
    if (content.expectedSeconds() != null
        && (content.expectedSeconds() < 5 || content.expectedSeconds() > 3_600)) {
      problems.add("expectedSeconds=" + content.expectedSeconds() + " is not 5..3600");
    }
    if (content.item() == null) {
      problems.add("the item is required");
      return problems;
    }
    if (!itemId.equals(content.item().itemId())) {
      problems.add(
          "item.itemId=" + content.item().itemId() + " is not the bank item's id " + itemId);
    }
    if (content.item().prompt() == null || content.item().prompt().isBlank()) {
      problems.add("item.prompt is required");
    }
    problems.addAll(itemProblems(content.item()));
    problems.addAll(translationProblems(content));
    if (content.media().size() > MAX_MEDIA) {
      problems.add("more than " + MAX_MEDIA + " media");
    }
    for (String hash : content.media()) {
      if (hash == null || !SHA256.matcher(hash).matches()) {
        problems.add("media " + hash + " is not a lower-case hex SHA-256");
      }
    }
    if (new HashSet<>(content.media()).size() != content.media().size()) {
      problems.add("a medium is named twice");
    }
    if (content.enemies().size() > MAX_ENEMIES) {
      problems.add("more than " + MAX_ENEMIES + " enemies");
    }
    for (String enemy : content.enemies()) {
      if (!Ids.valid(enemy)) {
        problems.add("enemy " + enemy + " is not an item id");
      } else if (enemy.equals(itemId)) {
        problems.add("an item is not its own enemy");
      }
    }
    if (new HashSet<>(content.enemies()).size() != content.enemies().size()) {
      problems.add("an enemy is named twice");
    }
    return problems;
  }

  private static List<String> translationProblems(BankItemContent content) {
    List<String> problems = new ArrayList<>();
    ItemDefinition item = content.item();
    Set<String> languages = new HashSet<>(Set.of(String.valueOf(content.language())));
    for (LanguageVersion t : content.translations()) {
      if (t == null) {
        problems.add("a language version is null");
        continue;
      }
      String prefix = "language version " + t.language() + ": ";
      if (t.language() == null || !ExamRules.FORM_LANGUAGES.contains(t.language())) {
        problems.add(prefix + "not one of " + sorted(ExamRules.FORM_LANGUAGES));
        continue;
      }
      if (!languages.add(t.language())) {
        problems.add(prefix + "the item has this language already");
        continue;
      }
      if (t.prompt() == null || t.prompt().isBlank()) {
        problems.add(prefix + "prompt is required");
      }
      if (!ids(t.choices()).equals(ids(item.choices()))) {
        problems.add(prefix + "choices must have the ids " + ids(item.choices()) + " in order");
      }
      if (!ids(t.targets()).equals(ids(item.targets()))) {
        problems.add(prefix + "targets must have the ids " + ids(item.targets()) + " in order");
      }
      boolean typed = TYPED_KEYS.contains(item.type());
      if (typed && t.acceptedAnswers().isEmpty()) {
        problems.add(
            prefix
                + "a "
                + item.type()
                + " item's answers are words of a language: give acceptedAnswers in "
                + t.language());
      } else if (!typed && !t.acceptedAnswers().isEmpty()) {
        problems.add(
            prefix
                + "acceptedAnswers are for short text and gap items only; a "
                + item.type()
                + " item's key holds in every language");
      }
      boolean mapped = item.key() != null && !item.key().mapping().isEmpty();
      if (typed && mapped && t.mapping().isEmpty()) {
        problems.add(
            prefix
                + "the key maps answers to points (map_response): give the mapping of the "
                + t.language()
                + " answers");
      } else if ((!typed || !mapped) && !t.mapping().isEmpty()) {
        problems.add(prefix + "a mapping is only for a mapped short text or gap item");
      }
      if (problems.isEmpty()) {
        content.in(t.language(), "bank").map(BankRules::itemProblems).ifPresent(problems::addAll);
      }
    }
    return problems;
  }

  /** The item's problems under the exam rules, as a form in section "bank" would hold it. */
  private static List<String> itemProblems(ItemDefinition item) {
    try {
      ExamRules.checkItem(
          new ItemDefinition(
              item.itemId(),
              "bank",
              item.type(),
              item.maxScore(),
              1,
              item.prompt(),
              item.choices(),
              item.targets(),
              item.key()));
      return List.of();
    } catch (RuleViolation e) {
      return List.of(e.getMessage());
    }
  }

  /**
   * Checks a framework on its own: ids, kinds, titles, unique codes, every parent named before its
   * children; and, against the version before it ({@code previous}, may be null), that no code is
   * dropped.
   */
  public static void check(FrameworkDefinition definition, FrameworkDefinition previous) {
    List<String> problems = new ArrayList<>();
    try {
      problems.addAll(frameworkProblems(definition));
      if (problems.isEmpty() && previous != null) {
        Set<String> codes = new HashSet<>();
        definition.nodes().forEach(n -> codes.add(n.code()));
        for (FrameworkNode old : previous.nodes()) {
          if (!codes.contains(old.code())) {
            problems.add(
                "code "
                    + old.code()
                    + " of the previous version is missing: items may name it, so a new version"
                    + " keeps every code");
            break;
          }
        }
      }
    } catch (RuntimeException e) {
      problems = List.of("the framework is incomplete or malformed");
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_FRAMEWORK, String.join("; ", problems));
    }
  }

  private static List<String> frameworkProblems(FrameworkDefinition definition) {
    List<String> problems = new ArrayList<>();
    if (definition == null) {
      return List.of("the framework has no definition");
    }
    problems.addAll(titleProblems("framework", definition.titles()));
    if (definition.source() != null && definition.source().length() > MAX_TITLE) {
      problems.add("source is longer than " + MAX_TITLE + " characters");
    } else if (definition.source() != null
        && definition.source().chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
      problems.add("source holds a control character");
    }
    if (definition.nodes().isEmpty()) {
      problems.add("a framework needs at least one node");
    } else if (definition.nodes().size() > MAX_NODES) {
      problems.add("more than " + MAX_NODES + " nodes");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < definition.nodes().size() && problems.size() < 10; i++) {
      FrameworkNode node = definition.nodes().get(i);
      if (node == null) {
        problems.add("node " + (i + 1) + " is null");
        continue;
      }
      String prefix = "node " + (i + 1) + " (" + node.code() + "): ";
      if (!Ids.valid(node.code())) {
        problems.add(prefix + "code is not 1..64 of A-Z a-z 0-9 . _ -");
        continue;
      }
      if (node.kind() == null || !NODE_KIND.matcher(node.kind()).matches()) {
        problems.add(prefix + "kind=" + node.kind() + " is not an upper-case word");
      }
      if (node.parent() != null && !seen.contains(node.parent())) {
        problems.add(prefix + "parent " + node.parent() + " is not a node before it");
      }
      if (!seen.add(node.code())) {
        problems.add(prefix + "the code is used twice");
      }
      titleProblems(prefix + "title", node.titles()).forEach(problems::add);
    }
    return problems;
  }

  private static List<String> titleProblems(String what, Map<String, String> titles) {
    List<String> problems = new ArrayList<>();
    if (titles.isEmpty()) {
      problems.add(what + " needs a title in at least one language");
    }
    for (Map.Entry<String, String> t : titles.entrySet()) {
      if (!ExamRules.FORM_LANGUAGES.contains(t.getKey())) {
        problems.add(
            what + " in " + t.getKey() + ": not one of " + sorted(ExamRules.FORM_LANGUAGES));
      } else if (t.getValue() == null || t.getValue().isBlank()) {
        problems.add(what + " in " + t.getKey() + " is blank");
      } else if (t.getValue().length() > MAX_TITLE) {
        problems.add(what + " in " + t.getKey() + " is longer than " + MAX_TITLE + " characters");
      } else if (t.getValue().chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
        problems.add(what + " in " + t.getKey() + " holds a control character");
      }
    }
    return problems;
  }

  /** Checks a blueprint on its own; that its codes exist is checked against the read tables. */
  public static void check(Blueprint blueprint) {
    List<String> problems;
    try {
      problems = blueprintProblems(blueprint);
    } catch (RuntimeException e) {
      problems = List.of("the blueprint is incomplete or malformed");
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_BLUEPRINT, String.join("; ", problems));
    }
  }

  private static List<String> blueprintProblems(Blueprint b) {
    List<String> problems = new ArrayList<>();
    if (b == null) {
      return List.of("a blueprint is required");
    }
    if (b.subject() == null || !SUBJECT.matcher(b.subject()).matches()) {
      problems.add("subject=" + b.subject() + " is not a subject code");
    }
    if (b.grade() != null && (b.grade() < 1 || b.grade() > 12)) {
      problems.add("grade=" + b.grade() + " is not 1..12");
    }
    if (b.languages().isEmpty()
        || !ExamRules.FORM_LANGUAGES.containsAll(b.languages())
        || new HashSet<>(b.languages()).size() != b.languages().size()) {
      problems.add(
          "languages must be distinct, at least one, of " + sorted(ExamRules.FORM_LANGUAGES));
    }
    if (b.forms() < 1 || b.forms() > 10) {
      problems.add("forms=" + b.forms() + " is not 1..10");
    }
    if (b.itemsPerForm() < 1 || b.itemsPerForm() > 500) {
      problems.add("itemsPerForm=" + b.itemsPerForm() + " is not 1..500");
    }
    if (b.content().isEmpty() || b.content().size() > 200) {
      problems.add("content needs 1..200 rows");
    }
    for (Blueprint.BlueprintRow row : b.content()) {
      String name = "row " + row.frameworkId() + ":" + row.code();
      if (!Ids.valid(row.frameworkId()) || !Ids.valid(row.code())) {
        problems.add(name + " is not framework and code");
      }
      if (row.cognitiveLevel() != null && !COGNITIVE_LEVELS.contains(row.cognitiveLevel())) {
        problems.add(
            name
                + ": cognitiveLevel="
                + row.cognitiveLevel()
                + " is not one of "
                + COGNITIVE_LEVELS);
      }
      if (row.min() < 0 || row.min() > row.max() || row.max() > b.itemsPerForm()) {
        problems.add(
            name + ": " + row.min() + ".." + row.max() + " is not a range within 0..itemsPerForm");
      }
    }
    if (b.types().size() > 20) {
      problems.add("at most 20 type ranges");
    }
    if (b.types().stream().map(Blueprint.TypeRange::type).distinct().count() != b.types().size()) {
      problems.add("a type is named twice");
    }
    if (b.content().stream()
            .map(r -> r.frameworkId() + ":" + r.code() + ":" + r.cognitiveLevel())
            .distinct()
            .count()
        != b.content().size()) {
      problems.add("a row is named twice");
    }
    for (Blueprint.TypeRange type : b.types()) {
      if (type.type() == null || !type.type().matches("[A-Z_]{1,32}")) {
        problems.add("type " + type.type() + " is not an item type");
      }
      if (type.min() < 0 || type.min() > type.max() || type.max() > b.itemsPerForm()) {
        problems.add(
            "type "
                + type.type()
                + ": "
                + type.min()
                + ".."
                + type.max()
                + " is not a range within 0..itemsPerForm");
      }
    }
    if (b.maxMinutes() != null && (b.maxMinutes() < 1 || b.maxMinutes() > 600)) {
      problems.add("maxMinutes=" + b.maxMinutes() + " is not 1..600");
    }
    Double low = b.minDifficulty();
    Double high = b.maxDifficulty();
    if ((low != null && !(Math.abs(low) <= 10)) || (high != null && !(Math.abs(high) <= 10))) {
      problems.add("difficulties must be within -10..10");
    } else if (low != null && high != null && low > high) {
      problems.add("minDifficulty is above maxDifficulty");
    }
    if (b.information().size() > 21) {
      problems.add("at most 21 information targets");
    }
    for (Blueprint.InformationTarget t : b.information()) {
      if (!(Math.abs(t.theta()) <= 6) || !(t.information() >= 0 && t.information() <= 1000)) {
        problems.add(
            "information target ("
                + t.theta()
                + ", "
                + t.information()
                + ") is not θ in -6..6 and information in 0..1000");
      }
    }
    if (b.maxSharedItems() < 0 || b.maxSharedItems() > b.itemsPerForm()) {
      problems.add("maxSharedItems=" + b.maxSharedItems() + " is not 0..itemsPerForm");
    }
    if (b.maxExposure() != null && b.maxExposure() < 0) {
      problems.add("maxExposure is negative");
    }
    if (b.timeLimitSeconds() < 0 || b.timeLimitSeconds() > 120) {
      problems.add("timeLimitSeconds=" + b.timeLimitSeconds() + " is not 0..120");
    }
    return problems;
  }

  private static List<String> ids(List<Choice> choices) {
    return choices.stream().map(Choice::id).toList();
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }
}
