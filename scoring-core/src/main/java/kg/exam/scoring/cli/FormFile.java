package kg.exam.scoring.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemScorer;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.RubricCriterion;

/**
 * Reads the form definition CSV documented in the module README: one item per row, columns named by
 * the header. Every item must pass {@link ItemScorer#checkItem(Item)}.
 */
final class FormFile {

  static final String ITEM_ID = "item_id";
  private static final Set<String> COLUMNS =
      Set.of(
          ITEM_ID,
          "section_id",
          "type",
          "max_score",
          "weight",
          "choices",
          "targets",
          "correct",
          "mapping",
          "options");
  private static final Set<String> REQUIRED = Set.of(ITEM_ID, "type", "max_score");

  private FormFile() {}

  static List<Item> read(Reader input, String fileName) throws IOException, InputException {
    CsvReader csv = new CsvReader(input, fileName);
    Map<String, Integer> column = csv.header(COLUMNS, REQUIRED);
    int width = column.size();
    List<Item> items = new ArrayList<>();
    Map<String, Long> seen = new HashMap<>();
    List<String> row;
    while ((row = csv.next()) != null) {
      long line = csv.recordLine();
      if (row.isEmpty() || (row.size() == 1 && row.get(0).isBlank())) {
        continue;
      }
      if (row.size() != width) {
        throw new InputException(
            fileName, line, "expected " + width + " columns, found " + row.size());
      }
      Item item;
      try {
        item = parseItem(row, column);
      } catch (IllegalArgumentException e) {
        throw new InputException(fileName, line, e.getMessage());
      }
      Long earlier = seen.putIfAbsent(item.itemId(), line);
      if (earlier != null) {
        throw new InputException(
            fileName, line, "item_id '" + item.itemId() + "' already defined on line " + earlier);
      }
      List<String> problems = ItemScorer.checkItem(item);
      if (!problems.isEmpty()) {
        throw new InputException(
            fileName, line, "item '" + item.itemId() + "': " + String.join("; ", problems));
      }
      items.add(item);
    }
    if (items.isEmpty()) {
      throw new InputException(fileName, csv.recordLine(), "no items");
    }
    return items;
  }

  private static Item parseItem(List<String> row, Map<String, Integer> column) {
    String itemId = cell(row, column, ITEM_ID);
    if (itemId.isEmpty()) {
      throw new IllegalArgumentException("item_id is empty");
    }
    String sectionId = cell(row, column, "section_id");
    ItemType type = parseType(cell(row, column, "type"));
    double maxScore = parseNumber("max_score", cell(row, column, "max_score"));
    String weightText = cell(row, column, "weight");
    double weight = weightText.isEmpty() ? 1.0 : parseNumber("weight", weightText);
    List<String> choices = list(cell(row, column, "choices"));
    List<String> targets = list(cell(row, column, "targets"));
    String correctText = cell(row, column, "correct");
    List<String> correct = list(correctText);
    if (type == ItemType.EXTENDED_TEXT && !correctText.isEmpty()) {
      throw new IllegalArgumentException("correct must be empty for EXTENDED_TEXT");
    }
    Map<String, Double> mapping = parseMapping(cell(row, column, "mapping"));
    ItemKey key = parseOptions(cell(row, column, "options"), correct, mapping);
    return new Item(
        itemId,
        sectionId.isEmpty() ? "main" : sectionId,
        type,
        maxScore,
        weight,
        choices,
        targets,
        key);
  }

  private static ItemKey parseOptions(
      String text, List<String> correct, Map<String, Double> mapping) {
    double mappingDefault = 0;
    Double lower = null;
    Double upper = null;
    boolean partial = false;
    double absoluteTolerance = 0;
    double relativeTolerance = 0;
    boolean caseSensitive = false;
    boolean kyrgyzFolding = false;
    int maxAssociations = 0;
    List<RubricCriterion> rubric = new ArrayList<>();
    if (!text.isBlank()) {
      for (String option : text.split(";")) {
        int equals = option.indexOf('=');
        if (equals < 0) {
          throw new IllegalArgumentException("option '" + option.strip() + "' must be name=value");
        }
        String name = option.substring(0, equals).strip().toLowerCase(Locale.ROOT);
        String value = option.substring(equals + 1).strip();
        switch (name) {
          case "default" -> mappingDefault = parseNumber(name, value);
          case "lower" -> lower = parseNumber(name, value);
          case "upper" -> upper = parseNumber(name, value);
          case "partial" -> partial = parseBoolean(name, value);
          case "abs_tol" -> absoluteTolerance = parseNumber(name, value);
          case "rel_tol" -> relativeTolerance = parseNumber(name, value);
          case "case_sensitive" -> caseSensitive = parseBoolean(name, value);
          case "kyrgyz_folding" -> kyrgyzFolding = parseBoolean(name, value);
          case "max_associations" -> maxAssociations = (int) parseNumber(name, value);
          case "rubric" -> {
            for (String criterion : list(value)) {
              int colon = criterion.lastIndexOf(':');
              if (colon <= 0) {
                throw new IllegalArgumentException(
                    "rubric criterion '" + criterion + "' must be id:points");
              }
              String id = criterion.substring(0, colon).strip();
              rubric.add(
                  new RubricCriterion(
                      id, id, parseNumber("rubric points", criterion.substring(colon + 1))));
            }
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown option '"
                      + name
                      + "'; known: default, lower, upper, partial, abs_tol, rel_tol, case_sensitive, kyrgyz_folding, max_associations, rubric");
        }
      }
    }
    return new ItemKey(
        correct,
        mapping,
        mappingDefault,
        lower,
        upper,
        partial,
        absoluteTolerance,
        relativeTolerance,
        caseSensitive,
        kyrgyzFolding,
        maxAssociations,
        rubric);
  }

  private static Map<String, Double> parseMapping(String text) {
    Map<String, Double> mapping = new LinkedHashMap<>();
    for (String entry : list(text)) {
      int equals = entry.lastIndexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("mapping entry '" + entry + "' must be value=points");
      }
      mapping.put(
          entry.substring(0, equals).strip(),
          parseNumber("mapping points", entry.substring(equals + 1)));
    }
    return mapping;
  }

  private static ItemType parseType(String text) {
    try {
      return ItemType.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "type '" + text + "' is not one of " + java.util.Arrays.toString(ItemType.values()));
    }
  }

  static double parseNumber(String name, String text) {
    try {
      double value = Double.parseDouble(text.strip());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " '" + text.strip() + "' is not a number");
    }
  }

  private static boolean parseBoolean(String name, String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException(name + " '" + text + "' must be true or false");
    };
  }

  /** Splits a cell on {@code |}; an empty cell is an empty list. */
  static List<String> list(String text) {
    if (text.isBlank()) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (String value : text.split("\\|", -1)) {
      values.add(value.strip());
    }
    return values;
  }

  private static String cell(List<String> row, Map<String, Integer> column, String name) {
    Integer index = column.get(name);
    return index == null ? "" : row.get(index).strip();
  }
}
