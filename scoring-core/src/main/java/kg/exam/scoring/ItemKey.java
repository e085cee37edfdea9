package kg.exam.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scoring key of one item: a QTI 2.1 response declaration (correct response, mapping with default
 * and bounds) plus the options of its response-processing template. Immutable: collections are
 * copied.
 *
 * <p>Templates. With an empty {@code mapping} the item is scored by <em>match_correct</em>: a
 * response equal to the correct response earns the item's {@code maxScore}, anything else 0. With a
 * non-empty mapping (for {@link ItemType#MULTIPLE_RESPONSE} only together with {@code
 * partialCredit}) it is scored by <em>map_response</em>: each distinct response value earns {@code
 * mapping.get(value)}, or {@code mappingDefault} when absent; the sum is clamped to {@code
 * [lowerBound, upperBound]} where set. Whatever the template, an item's score is finally clamped to
 * {@code [0, maxScore]}: the engine does not carry negative marks across items. Example, QTI {@code
 * choice_multiple.xml}: correct H, O; mapping H=1, O=1, Cl=-1, default -2, bounds [0, 2]: response
 * {H, O} scores 2, {H, Cl} scores 0, {H, O, N} scores 0 (1 + 1 - 2).
 *
 * @param correct correct values, encoded as responses are (see {@link ItemScorer}); for NUMERIC and
 *     SHORT_TEXT several values are accepted alternatives, for GAP several "gapId=value" per gap
 *     are alternatives; empty for EXTENDED_TEXT
 * @param mapping map_response table, value to points (may be negative); empty selects match_correct
 * @param mappingDefault points for a response value absent from {@code mapping}, finite
 * @param lowerBound floor of the mapped sum, or null for none
 * @param upperBound cap of the mapped sum, or null for none
 * @param partialCredit MULTIPLE_RESPONSE: score by {@code mapping}; ORDERING: credit per adjacent
 *     pair of the correct order that the response keeps in the right relative order
 * @param absoluteTolerance NUMERIC: accept {@code |response - correct| <= absoluteTolerance},
 *     {@code >= 0}
 * @param relativeTolerance NUMERIC: accept {@code |response - correct| <= relativeTolerance *
 *     |correct|}, a fraction (0.01 = 1 %), {@code >= 0}
 * @param caseSensitive SHORT_TEXT and GAP: compare case-sensitively
 * @param kyrgyzLetterFolding SHORT_TEXT and GAP: accept н о у typed for ң ө ү
 * @param maxAssociations MATCHING: the most pairs a response may hold; 0 = unlimited
 * @param rubric EXTENDED_TEXT: criteria for the human marker; empty for other types
 */
public record ItemKey(
    List<String> correct,
    Map<String, Double> mapping,
    double mappingDefault,
    Double lowerBound,
    Double upperBound,
    boolean partialCredit,
    double absoluteTolerance,
    double relativeTolerance,
    boolean caseSensitive,
    boolean kyrgyzLetterFolding,
    int maxAssociations,
    List<RubricCriterion> rubric) {

  /**
   * Checks and copies the arguments; throws {@link IllegalArgumentException} or {@link
   * NullPointerException} naming the bad value.
   */
  public ItemKey {
    correct = List.copyOf(Objects.requireNonNull(correct, "correct"));
    Objects.requireNonNull(mapping, "mapping");
    LinkedHashMap<String, Double> mappingCopy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> entry : mapping.entrySet()) {
      String value = Objects.requireNonNull(entry.getKey(), "mapping key");
      Double points = entry.getValue();
      if (points == null || !Double.isFinite(points)) {
        throw new IllegalArgumentException(
            "mapping['" + value + "']=" + points + " must be finite");
      }
      mappingCopy.put(value, points);
    }
    mapping = Collections.unmodifiableMap(mappingCopy);
    requireFinite("mappingDefault", mappingDefault);
    if (lowerBound != null) {
      requireFinite("lowerBound", lowerBound);
    }
    if (upperBound != null) {
      requireFinite("upperBound", upperBound);
    }
    if (lowerBound != null && upperBound != null && lowerBound > upperBound) {
      throw new IllegalArgumentException(
          "lowerBound=" + lowerBound + " must be <= upperBound=" + upperBound);
    }
    requireNonNegative("absoluteTolerance", absoluteTolerance);
    requireNonNegative("relativeTolerance", relativeTolerance);
    if (maxAssociations < 0) {
      throw new IllegalArgumentException("maxAssociations=" + maxAssociations + " must be >= 0");
    }
    rubric = List.copyOf(Objects.requireNonNull(rubric, "rubric"));
  }

  /**
   * A match_correct key: no mapping, no tolerance, case-insensitive, no Kyrgyz letter folding.
   *
   * @param correct the correct values, e.g. {@code "B"} or {@code "A", "C"}
   * @return the key
   */
  public static ItemKey matchCorrect(String... correct) {
    return matchCorrect(List.of(correct));
  }

  /**
   * A match_correct key: no mapping, no tolerance, case-insensitive, no Kyrgyz letter folding.
   *
   * @param correct the correct values
   * @return the key
   */
  public static ItemKey matchCorrect(List<String> correct) {
    return new ItemKey(
        correct, Map.of(), 0.0, null, null, false, 0.0, 0.0, false, false, 0, List.of());
  }

  /**
   * The key of an extended-text item: nothing to match, a rubric for the marker.
   *
   * @param rubric the marking criteria
   * @return the key
   */
  public static ItemKey humanMarked(List<RubricCriterion> rubric) {
    return new ItemKey(
        List.of(), Map.of(), 0.0, null, null, false, 0.0, 0.0, false, false, 0, rubric);
  }

  /**
   * This key scored by map_response.
   *
   * @param newMapping value to points
   * @param newMappingDefault points for values absent from the mapping
   * @param newLowerBound floor of the mapped sum, or null
   * @param newUpperBound cap of the mapped sum, or null
   * @return a copy with the mapping replaced
   */
  public ItemKey withMapping(
      Map<String, Double> newMapping,
      double newMappingDefault,
      Double newLowerBound,
      Double newUpperBound) {
    return new ItemKey(
        correct,
        newMapping,
        newMappingDefault,
        newLowerBound,
        newUpperBound,
        partialCredit,
        absoluteTolerance,
        relativeTolerance,
        caseSensitive,
        kyrgyzLetterFolding,
        maxAssociations,
        rubric);
  }

  /**
   * @param newPartialCredit see {@link #partialCredit()}
   * @return a copy with partial credit set
   */
  public ItemKey withPartialCredit(boolean newPartialCredit) {
    return new ItemKey(
        correct,
        mapping,
        mappingDefault,
        lowerBound,
        upperBound,
        newPartialCredit,
        absoluteTolerance,
        relativeTolerance,
        caseSensitive,
        kyrgyzLetterFolding,
        maxAssociations,
        rubric);
  }

  /**
   * @param newAbsoluteTolerance see {@link #absoluteTolerance()}
   * @param newRelativeTolerance see {@link #relativeTolerance()}
   * @return a copy with the numeric tolerances set
   */
  public ItemKey withTolerance(double newAbsoluteTolerance, double newRelativeTolerance) {
    return new ItemKey(
        correct,
        mapping,
        mappingDefault,
        lowerBound,
        upperBound,
        partialCredit,
        newAbsoluteTolerance,
        newRelativeTolerance,
        caseSensitive,
        kyrgyzLetterFolding,
        maxAssociations,
        rubric);
  }

  /**
   * @param newCaseSensitive see {@link #caseSensitive()}
   * @param newKyrgyzLetterFolding see {@link #kyrgyzLetterFolding()}
   * @return a copy with the text comparison options set
   */
  public ItemKey withTextOptions(boolean newCaseSensitive, boolean newKyrgyzLetterFolding) {
    return new ItemKey(
        correct,
        mapping,
        mappingDefault,
        lowerBound,
        upperBound,
        partialCredit,
        absoluteTolerance,
        relativeTolerance,
        newCaseSensitive,
        newKyrgyzLetterFolding,
        maxAssociations,
        rubric);
  }

  /**
   * @param newMaxAssociations see {@link #maxAssociations()}
   * @return a copy with the association limit set
   */
  public ItemKey withMaxAssociations(int newMaxAssociations) {
    return new ItemKey(
        correct,
        mapping,
        mappingDefault,
        lowerBound,
        upperBound,
        partialCredit,
        absoluteTolerance,
        relativeTolerance,
        caseSensitive,
        kyrgyzLetterFolding,
        newMaxAssociations,
        rubric);
  }

  private static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite");
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + "=" + value + " must be finite and >= 0");
    }
  }
}
