package kg.exam.scoring.batch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kg.exam.scoring.Form;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemType;

/**
 * A keyed dichotomous form compiled for the columnar path: every item is single choice or
 * true/false, scored by match_correct, so one response is one byte (the chosen choice's index) and
 * the key is one byte per item. Immutable and thread-safe.
 *
 * <p>Cell encoding: {@code 0 .. choiceCount-1} the chosen choice in the item's {@code choiceIds}
 * order (true/false: 0 = true, 1 = false); {@link #UNANSWERED} (0xFF); anything else, canonically
 * {@link #MALFORMED} (0xFE), is malformed.
 */
public final class KeyedForm {

  /** Cell value of an unanswered item. */
  public static final byte UNANSWERED = (byte) 0xFF;

  /**
   * Canonical cell value of a malformed response (any value outside the item's choices and not
   * UNANSWERED is malformed).
   */
  public static final byte MALFORMED = (byte) 0xFE;

  /**
   * The most choices an item may have on this path; the byte lanes of the kernel need the high bit
   * free.
   */
  public static final int MAX_CHOICES = 100;

  private static final List<String> TRUE_FALSE = List.of("true", "false");

  private final Form form;
  private final byte[] keyChoiceIndexes;
  private final byte[] choiceCounts;
  private final double[] weightedPoints;
  private final List<List<String>> choiceIds;
  private final List<Map<String, Integer>> choiceIndexes;

  private KeyedForm(Form form) {
    this.form = form;
    int items = form.items().size();
    this.keyChoiceIndexes = new byte[items];
    this.choiceCounts = new byte[items];
    this.weightedPoints = new double[items];
    List<List<String>> ids = new ArrayList<>(items);
    List<Map<String, Integer>> indexes = new ArrayList<>(items);
    for (int i = 0; i < items; i++) {
      Item item = form.items().get(i);
      List<String> choices =
          item.type() == ItemType.TRUE_FALSE
              ? TRUE_FALSE
              : item.choiceIds().stream().map(String::strip).toList();
      Map<String, Integer> index = new HashMap<>();
      for (String choice : choices) {
        index.put(choice, index.size());
      }
      ids.add(choices);
      indexes.add(Map.copyOf(index));
      keyChoiceIndexes[i] =
          (byte) (int) index.get(normalizeChoice(item.type(), item.key().correct().get(0)));
      choiceCounts[i] = (byte) choices.size();
      weightedPoints[i] = item.weightedMaxScore();
    }
    this.choiceIds = List.copyOf(ids);
    this.choiceIndexes = List.copyOf(indexes);
  }

  /**
   * @param form a form
   * @return empty if the form can use the columnar path, else why not
   */
  public static Optional<String> whyNotKeyed(Form form) {
    Objects.requireNonNull(form, "form");
    for (Item item : form.items()) {
      String id = "itemId=" + item.itemId() + ": ";
      if (item.type() != ItemType.SINGLE_CHOICE && item.type() != ItemType.TRUE_FALSE) {
        return Optional.of(id + "type " + item.type() + " is not single choice or true/false");
      }
      if (!item.key().mapping().isEmpty()) {
        return Optional.of(id + "scored by mapping, not match_correct");
      }
      if (item.key().correct().size() != 1) {
        return Optional.of(
            id + "needs exactly 1 correct value, has " + item.key().correct().size());
      }
      List<String> choices =
          item.type() == ItemType.TRUE_FALSE
              ? TRUE_FALSE
              : item.choiceIds().stream().map(String::strip).toList();
      if (choices.isEmpty()
          || choices.size() > MAX_CHOICES
          || choices.stream().distinct().count() != choices.size()) {
        return Optional.of(id + "needs 1.." + MAX_CHOICES + " distinct choiceIds, has " + choices);
      }
      if (!choices.contains(normalizeChoice(item.type(), item.key().correct().get(0)))) {
        return Optional.of(
            id + "correct value '" + item.key().correct().get(0) + "' is not a choice");
      }
    }
    return Optional.empty();
  }

  /**
   * @param form a keyed dichotomous form
   * @return the compiled form
   * @throws IllegalArgumentException with {@link #whyNotKeyed(Form)}'s reason if the form does not
   *     qualify
   */
  public static KeyedForm of(Form form) {
    Optional<String> problem = whyNotKeyed(form);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(
          "formId=" + form.formId() + " cannot use the keyed path: " + problem.get());
    }
    return new KeyedForm(form);
  }

  /**
   * @return the form
   */
  public Form form() {
    return form;
  }

  /**
   * @return the number of items, i.e. bytes per candidate row
   */
  public int itemCount() {
    return keyChoiceIndexes.length;
  }

  /**
   * @return the key, one correct choice index per item (a copy)
   */
  public byte[] keyChoiceIndexes() {
    return keyChoiceIndexes.clone();
  }

  /**
   * @return the number of choices per item (a copy)
   */
  public byte[] choiceCounts() {
    return choiceCounts.clone();
  }

  /**
   * @return {@code maxScore * weight} per item (a copy)
   */
  public double[] weightedPoints() {
    return weightedPoints.clone();
  }

  /**
   * @param itemIndex 0-based item position
   * @param choiceIndex 0-based choice position
   * @return the choice's id
   */
  public String choiceId(int itemIndex, int choiceIndex) {
    return choiceIds.get(itemIndex).get(choiceIndex);
  }

  /**
   * Encodes one response as a cell, with the same rules as {@link kg.exam.scoring.ItemScorer}:
   * null, empty or blank is unanswered; more than one value or an unknown choice is malformed.
   *
   * @param itemIndex 0-based item position
   * @param response the response values
   * @return the cell value
   */
  public byte encode(int itemIndex, List<String> response) {
    if (response == null) {
      return UNANSWERED;
    }
    String chosen = null;
    for (String value : response) {
      if (value == null) {
        return MALFORMED;
      }
      if (!value.isBlank()) {
        if (chosen != null) {
          return MALFORMED;
        }
        chosen = value;
      }
    }
    if (chosen == null) {
      return UNANSWERED;
    }
    Integer index =
        choiceIndexes
            .get(itemIndex)
            .get(normalizeChoice(form.items().get(itemIndex).type(), chosen));
    return index == null ? MALFORMED : (byte) (int) index;
  }

  private static String normalizeChoice(ItemType type, String value) {
    String stripped = value.strip();
    return type == ItemType.TRUE_FALSE ? stripped.toLowerCase(Locale.ROOT) : stripped;
  }
}
