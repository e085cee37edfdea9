package kg.exam.scoring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Authoring validation behind {@link ItemScorer#checkItem(Item)}. */
final class ItemChecks {

  private ItemChecks() {}

  static List<String> check(Item item) {
    List<String> problems = new ArrayList<>();
    ItemKey key = item.key();
    ItemType type = item.type();
    Set<String> choices = distinct(item.choiceIds(), "choiceIds", problems);
    Set<String> targets = distinct(item.targetIds(), "targetIds", problems);
    if (type != ItemType.MATCHING && !targets.isEmpty()) {
      problems.add("targetIds apply only to MATCHING");
    }
    if (type != ItemType.EXTENDED_TEXT && !key.rubric().isEmpty()) {
      problems.add("rubric applies only to EXTENDED_TEXT");
    }
    if (key.partialCredit() && type != ItemType.MULTIPLE_RESPONSE && type != ItemType.ORDERING) {
      problems.add("partialCredit applies only to MULTIPLE_RESPONSE and ORDERING");
    }
    if (!key.mapping().isEmpty()
        && (type == ItemType.NUMERIC
            || type == ItemType.ORDERING
            || type == ItemType.EXTENDED_TEXT)) {
      problems.add("mapping is not used by " + type);
    }
    if (key.maxAssociations() > 0 && type != ItemType.MATCHING) {
      problems.add("maxAssociations applies only to MATCHING");
    }
    if (key.lowerBound() != null && key.lowerBound() < 0) {
      problems.add(
          "lowerBound=" + key.lowerBound() + " has no effect: item scores are floored at 0");
    }
    if (key.upperBound() != null && key.upperBound() > item.maxScore()) {
      problems.add(
          "upperBound="
              + key.upperBound()
              + " exceeds maxScore="
              + item.maxScore()
              + ": scores are capped at maxScore");
    }
    switch (type) {
      case SINGLE_CHOICE -> {
        requireChoices(choices, problems);
        requireCount(key.correct(), 1, problems);
        requireKnown(key.correct(), choices, "correct", problems);
        requireKnown(key.mapping().keySet(), choices, "mapping", problems);
      }
      case MULTIPLE_RESPONSE -> {
        requireChoices(choices, problems);
        if (key.correct().isEmpty()) {
          problems.add("correct must name at least one choice");
        }
        distinct(key.correct(), "correct", problems);
        requireKnown(key.correct(), choices, "correct", problems);
        requireKnown(key.mapping().keySet(), choices, "mapping", problems);
        if (key.partialCredit() && key.mapping().isEmpty()) {
          problems.add("partialCredit needs a mapping of choice to points");
        }
        if (!key.partialCredit() && !key.mapping().isEmpty()) {
          problems.add("mapping is ignored unless partialCredit is set");
        }
      }
      case TRUE_FALSE -> {
        if (!choices.isEmpty() && !choices.equals(Set.of("true", "false"))) {
          problems.add("choiceIds must be empty or exactly true, false");
        }
        requireCount(key.correct(), 1, problems);
        for (String value : key.correct()) {
          String lower = value.strip().toLowerCase(Locale.ROOT);
          if (!lower.equals("true") && !lower.equals("false")) {
            problems.add("correct value '" + value + "' must be true or false");
          }
        }
      }
      case NUMERIC -> {
        if (key.correct().isEmpty()) {
          problems.add("correct must hold at least one number");
        }
        for (String value : key.correct()) {
          if (Double.isNaN(NumericValues.parse(value))) {
            problems.add("correct value '" + value + "' is not a number");
          }
        }
      }
      case SHORT_TEXT -> {
        if (key.correct().isEmpty() && key.mapping().isEmpty()) {
          problems.add("correct or mapping must hold at least one accepted answer");
        }
        for (String value : key.correct()) {
          if (value.isBlank()) {
            problems.add("correct holds a blank answer");
          }
        }
      }
      case ORDERING -> {
        if (key.correct().size() < 2) {
          problems.add("correct must order at least 2 elements, has " + key.correct().size());
        }
        distinct(key.correct(), "correct", problems);
        requireKnown(key.correct(), choices, "correct", problems);
      }
      case MATCHING -> {
        if (key.correct().isEmpty() && key.mapping().isEmpty()) {
          problems.add("correct or mapping must hold at least one pair");
        }
        checkPairs(key.correct(), "correct", choices, targets, problems);
        checkPairs(key.mapping().keySet(), "mapping", choices, targets, problems);
        if (key.maxAssociations() > 0 && key.correct().size() > key.maxAssociations()) {
          problems.add(
              "correct has "
                  + key.correct().size()
                  + " pairs, more than maxAssociations="
                  + key.maxAssociations());
        }
      }
      case GAP -> {
        requireChoices(choices, problems);
        Set<String> answeredGaps = new HashSet<>();
        checkGapEntries(key.correct(), "correct", choices, answeredGaps, problems);
        checkGapEntries(key.mapping().keySet(), "mapping", choices, answeredGaps, problems);
        for (String gap : choices) {
          if (!answeredGaps.contains(gap)) {
            problems.add("gap '" + gap + "' has no accepted value");
          }
        }
      }
      case EXTENDED_TEXT -> {
        if (!key.correct().isEmpty()) {
          problems.add("correct must be empty: extended text is marked by a human");
        }
        if (key.rubric().isEmpty()) {
          problems.add("rubric must hold at least one criterion");
        } else {
          Set<String> ids = new HashSet<>();
          double rubricMax = 0;
          for (RubricCriterion criterion : key.rubric()) {
            if (!ids.add(criterion.criterionId())) {
              problems.add("rubric criterionId '" + criterion.criterionId() + "' occurs twice");
            }
            rubricMax += criterion.maxPoints();
          }
          if (Math.abs(rubricMax - item.maxScore()) > 1e-9) {
            problems.add(
                "rubric maxPoints sum to " + rubricMax + ", not maxScore=" + item.maxScore());
          }
        }
      }
    }
    return List.copyOf(problems);
  }

  private static Set<String> distinct(Iterable<String> values, String name, List<String> problems) {
    Set<String> seen = new java.util.LinkedHashSet<>();
    for (String value : values) {
      if (!seen.add(value.strip())) {
        problems.add(name + " holds '" + value.strip() + "' twice");
      }
    }
    return seen;
  }

  private static void requireChoices(Set<String> choices, List<String> problems) {
    if (choices.isEmpty()) {
      problems.add("choiceIds must not be empty");
    }
  }

  private static void requireCount(List<String> values, int expected, List<String> problems) {
    if (values.size() != expected) {
      problems.add("correct must hold " + expected + " value, has " + values.size());
    }
  }

  private static void requireKnown(
      Iterable<String> values, Set<String> choices, String name, List<String> problems) {
    if (choices.isEmpty()) {
      return;
    }
    for (String value : values) {
      if (!choices.contains(value.strip())) {
        problems.add(name + " names unknown choice '" + value.strip() + "'");
      }
    }
  }

  private static void checkPairs(
      Iterable<String> pairs,
      String name,
      Set<String> choices,
      Set<String> targets,
      List<String> problems) {
    for (String pair : pairs) {
      String[] parts = pair.strip().split("\\s+");
      if (parts.length != 2) {
        problems.add(name + " pair '" + pair + "' must be 'source target'");
        continue;
      }
      if (!choices.isEmpty() && !choices.contains(parts[0])) {
        problems.add(name + " pair '" + pair + "' names unknown source '" + parts[0] + "'");
      }
      Set<String> ends = targets.isEmpty() ? choices : targets;
      if (!ends.isEmpty() && !ends.contains(parts[1])) {
        problems.add(name + " pair '" + pair + "' names unknown target '" + parts[1] + "'");
      }
    }
  }

  private static void checkGapEntries(
      Iterable<String> entries,
      String name,
      Set<String> gaps,
      Set<String> answeredGaps,
      List<String> problems) {
    for (String entry : entries) {
      int separator = entry.indexOf('=');
      if (separator <= 0) {
        problems.add(name + " entry '" + entry + "' must be 'gapId=value'");
        continue;
      }
      String gap = entry.substring(0, separator).strip();
      if (!gaps.contains(gap)) {
        problems.add(name + " entry '" + entry + "' names unknown gap '" + gap + "'");
      } else if (!entry.substring(separator + 1).isBlank()) {
        answeredGaps.add(gap);
      }
    }
  }
}
