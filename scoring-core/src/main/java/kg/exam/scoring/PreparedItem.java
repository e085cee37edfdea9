package kg.exam.scoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An item with its key compiled for repeated scoring: lookup tables built once, so that scoring a
 * response allocates little beyond its {@link ItemScore}. Immutable and thread-safe; build one per
 * item and share it across threads. {@link ItemScorer#score(Item, List)} is the one-off equivalent.
 *
 * <p>Preparation never throws for an item that passes its record checks: an inconsistent key (which
 * {@link ItemScorer#checkItem(Item)} reports) simply never matches.
 */
public final class PreparedItem {

  private static final List<String> TRUE_FALSE_CHOICES = List.of("true", "false");
  private static final double MALFORMED_CODE = -1;
  private static final double UNANSWERED_CODE = -2;
  private static final double HUMAN_MARKING_CODE = -3;

  private final Item item;
  private final ItemKey key;
  private final double maxScore;
  private final boolean mapped;
  private final String humanMarkingDetail;

  /**
   * Choice-like identifiers (choices, ordering elements, matching sources, gap ids) to their index.
   */
  private final Map<String, Integer> choiceIndex;

  /** Whether an identifier outside {@link #choiceIndex} makes a response malformed. */
  private final boolean choicesRestricted;

  private final Set<String> targets;

  /**
   * SINGLE_CHOICE, TRUE_FALSE: final points per choice. MULTIPLE_RESPONSE mapped: raw mapped points
   * per choice.
   */
  private final double[] pointsByChoice;

  /**
   * SINGLE_CHOICE, TRUE_FALSE, MULTIPLE_RESPONSE: points for an identifier outside an unrestricted
   * choice list.
   */
  private final double otherChoicePoints;

  private final boolean[] correctChoice;
  private final int correctChoiceCount;

  /**
   * MULTIPLE_RESPONSE: distinct correct values, which exceeds {@link #correctChoiceCount} when the
   * key names an unknown choice.
   */
  private final int correctValueCount;

  private final double[] correctNumbers;

  /** SHORT_TEXT: normalised answer to points. */
  private final Map<String, Double> pointsByText;

  private final double unlistedTextPoints;

  /** ORDERING: the correct order as indices into {@link #choiceIndex}. */
  private final int[] correctOrder;

  /** MATCHING: canonical pair to mapped points, or the canonical correct pairs. */
  private final Map<String, Double> pointsByPair;

  private final Set<String> correctPairs;
  private final boolean directedPairs;

  /**
   * MATCHING with known ids and at most 64 possible pairs: pair index = source * pairEnds.length +
   * target.
   */
  private final String[] pairSources;

  private final String[] pairEnds;
  private final double[] pairPointsTable;
  private final boolean[] correctPairTable;
  private final int correctPairCount;
  private final boolean allCorrectPairsKnown;

  /** GAP: per gap index, normalised value to points. */
  private final List<Map<String, Double>> pointsByGapValue;

  private final double unlistedGapPoints;
  private final String[] gapIds;

  PreparedItem(Item item) {
    this.item = Objects.requireNonNull(item, "item");
    this.key = item.key();
    this.maxScore = item.maxScore();
    this.humanMarkingDetail = "awaits marking against " + key.rubric().size() + " rubric criteria";
    ItemType type = item.type();
    this.mapped =
        type == ItemType.MULTIPLE_RESPONSE
            ? key.partialCredit() && !key.mapping().isEmpty()
            : !key.mapping().isEmpty()
                && type != ItemType.NUMERIC
                && type != ItemType.ORDERING
                && type != ItemType.EXTENDED_TEXT;

    List<String> choices =
        distinctStripped(
            switch (type) {
              case TRUE_FALSE -> TRUE_FALSE_CHOICES;
              case GAP -> item.choiceIds().isEmpty() ? gapIdsFromKey(key) : item.choiceIds();
              case ORDERING -> item.choiceIds().isEmpty() ? key.correct() : item.choiceIds();
              default -> item.choiceIds();
            });
    this.choicesRestricted = !choices.isEmpty();
    this.choiceIndex = indexOf(choices);
    this.targets = Set.copyOf(distinctStripped(item.targetIds()));
    this.directedPairs = !item.targetIds().isEmpty();

    double[] choicePoints = null;
    double otherPoints = 0;
    boolean[] correctMask = null;
    int correctCount = 0;
    if (type == ItemType.SINGLE_CHOICE
        || type == ItemType.TRUE_FALSE
        || type == ItemType.MULTIPLE_RESPONSE) {
      Set<String> correctValues = new HashSet<>();
      for (String value : key.correct()) {
        correctValues.add(choiceValue(type, value));
      }
      Map<String, Double> mapping = new HashMap<>();
      key.mapping().forEach((value, points) -> mapping.put(choiceValue(type, value), points));
      choicePoints = new double[choices.size()];
      correctMask = new boolean[choices.size()];
      for (int i = 0; i < choices.size(); i++) {
        String choice = choices.get(i);
        correctMask[i] = correctValues.contains(choice);
        if (correctMask[i]) {
          correctCount++;
        }
        if (type == ItemType.MULTIPLE_RESPONSE) {
          choicePoints[i] = mapping.getOrDefault(choice, key.mappingDefault());
        } else if (mapped) {
          choicePoints[i] = clampToItem(bound(mapping.getOrDefault(choice, key.mappingDefault())));
        } else {
          choicePoints[i] = correctMask[i] ? maxScore : 0.0;
        }
      }
      if (mapped) {
        otherPoints =
            type == ItemType.MULTIPLE_RESPONSE
                ? key.mappingDefault()
                : clampToItem(bound(key.mappingDefault()));
      }
    }
    this.pointsByChoice = choicePoints;
    this.otherChoicePoints = otherPoints;
    this.correctChoice = correctMask;
    this.correctChoiceCount = correctCount;
    this.correctValueCount =
        type == ItemType.MULTIPLE_RESPONSE
            ? (int) key.correct().stream().map(String::strip).distinct().count()
            : 0;

    this.correctNumbers =
        type == ItemType.NUMERIC
            ? key.correct().stream()
                .mapToDouble(NumericValues::parse)
                .filter(Double::isFinite)
                .toArray()
            : null;

    if (type == ItemType.SHORT_TEXT) {
      Map<String, Double> table = new HashMap<>();
      for (String answer : key.correct()) {
        table.put(normalize(answer), maxScore);
      }
      Map<String, Double> mappedTable = new HashMap<>();
      key.mapping()
          .forEach((answer, points) -> mappedTable.merge(normalize(answer), points, Math::max));
      table.putAll(mappedTable);
      this.pointsByText = Map.copyOf(table);
      this.unlistedTextPoints = mapped ? key.mappingDefault() : 0.0;
    } else {
      this.pointsByText = null;
      this.unlistedTextPoints = 0;
    }

    if (type == ItemType.ORDERING) {
      int[] order = new int[key.correct().size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = choiceIndex.getOrDefault(key.correct().get(i).strip(), -1);
      }
      this.correctOrder = order;
    } else {
      this.correctOrder = null;
    }

    if (type == ItemType.MATCHING) {
      Set<String> pairs = new HashSet<>();
      for (String pair : key.correct()) {
        String canonical = canonicalPairOrNull(pair);
        if (canonical != null) {
          pairs.add(canonical);
        }
      }
      Map<String, Double> pairPoints = new HashMap<>();
      key.mapping()
          .forEach(
              (pair, points) -> {
                String canonical = canonicalPairOrNull(pair);
                if (canonical != null) {
                  pairPoints.merge(canonical, points, Math::max);
                }
              });
      this.correctPairs = Set.copyOf(pairs);
      this.pointsByPair = Map.copyOf(pairPoints);
    } else {
      this.correctPairs = null;
      this.pointsByPair = null;
    }
    List<String> ends = directedPairs ? distinctStripped(item.targetIds()) : choices;
    if (type == ItemType.MATCHING
        && choicesRestricted
        && (long) choices.size() * ends.size() <= Long.SIZE) {
      this.pairSources = choices.toArray(String[]::new);
      this.pairEnds = ends.toArray(String[]::new);
      this.pairPointsTable = new double[pairSources.length * pairEnds.length];
      this.correctPairTable = new boolean[pairPointsTable.length];
      int count = 0;
      boolean known = true;
      for (int source = 0; source < pairSources.length; source++) {
        for (int target = 0; target < pairEnds.length; target++) {
          String canonical = canonicalPair(pairSources[source], pairEnds[target]);
          int pair = source * pairEnds.length + target;
          pairPointsTable[pair] = pointsByPair.getOrDefault(canonical, key.mappingDefault());
          boolean correct = correctPairs.contains(canonical) && (directedPairs || source < target);
          correctPairTable[pair] = correct;
          count += correct ? 1 : 0;
        }
      }
      for (String pair : correctPairs) {
        String[] parts = splitPair(pair);
        known &= parts != null && pairProblem(parts[0], parts[1]) == null;
      }
      this.correctPairCount = count;
      this.allCorrectPairsKnown = known;
    } else {
      this.pairSources = null;
      this.pairEnds = null;
      this.pairPointsTable = null;
      this.correctPairTable = null;
      this.correctPairCount = 0;
      this.allCorrectPairsKnown = false;
    }

    if (type == ItemType.GAP) {
      int gaps = Math.max(1, choices.size());
      List<Map<String, Double>> perGap = new ArrayList<>();
      for (int i = 0; i < choices.size(); i++) {
        perGap.add(new HashMap<>());
      }
      double perGapMax = maxScore / gaps;
      for (String entry : key.correct()) {
        addGapEntry(perGap, entry, perGapMax, false);
      }
      key.mapping().forEach((entry, points) -> addGapEntry(perGap, entry, points, true));
      this.pointsByGapValue = perGap.stream().map(Map::copyOf).toList();
      this.gapIds = choices.toArray(String[]::new);
      this.unlistedGapPoints = mapped ? key.mappingDefault() : 0.0;
    } else {
      this.pointsByGapValue = null;
      this.unlistedGapPoints = 0;
      this.gapIds = null;
    }
  }

  /**
   * @return the item this was prepared from
   */
  public Item item() {
    return item;
  }

  /**
   * Scores one response. Never throws on a bad response.
   *
   * @param response the response values, encoded as documented on {@link ItemScorer}; null, empty
   *     or only blank values means unanswered
   * @return the item score, {@code 0 <= score <= maxScore}
   */
  public ItemScore score(List<String> response) {
    String[] detail = new String[1];
    double code = scoreCode(response, detail);
    ItemOutcome outcome = outcomeOf(code);
    return new ItemScore(
        item.itemId(),
        code < 0 ? 0.0 : code,
        maxScore,
        outcome,
        outcome == ItemOutcome.MALFORMED
            ? detail[0]
            : outcome == ItemOutcome.NEEDS_HUMAN_MARKING ? humanMarkingDetail : null);
  }

  /**
   * The batch form of {@link #score(List)}: the same score and outcome without allocating an {@link
   * ItemScore}. For a MALFORMED outcome, {@link #score(List)} gives the detail.
   *
   * @param response the response values
   * @param outcomes receives the outcome's {@link ItemOutcome#ordinal()} at {@code index}
   * @param index where to write the outcome
   * @return the score, {@code 0 <= score <= maxScore}
   */
  public double score(List<String> response, byte[] outcomes, int index) {
    double code = scoreCode(response, null);
    outcomes[index] = (byte) outcomeOf(code).ordinal();
    return code < 0 ? 0.0 : code;
  }

  /**
   * Score {@code >= 0}, or one of the negative outcome codes; a MALFORMED reason goes to {@code
   * detail[0]} when given.
   */
  private double scoreCode(List<String> response, String[] detail) {
    if (response == null || response.isEmpty()) {
      return UNANSWERED_CODE;
    }
    int blanks = 0;
    for (int i = 0; i < response.size(); i++) {
      String value = response.get(i);
      if (value == null) {
        return malformed(detail, "null value at position " + (i + 1));
      }
      if (value.isBlank()) {
        blanks++;
      }
    }
    if (blanks == response.size()) {
      return UNANSWERED_CODE;
    }
    List<String> values =
        blanks == 0 ? response : response.stream().filter(v -> !v.isBlank()).toList();
    return switch (item.type()) {
      case SINGLE_CHOICE, TRUE_FALSE -> scoreSingleChoice(values, detail);
      case MULTIPLE_RESPONSE -> scoreMultipleResponse(values, detail);
      case NUMERIC -> scoreNumeric(values, detail);
      case SHORT_TEXT -> scoreShortText(values, detail);
      case ORDERING -> scoreOrdering(values, detail);
      case MATCHING -> scoreMatching(values, detail);
      case GAP -> scoreGap(values, detail);
      case EXTENDED_TEXT ->
          values.size() == 1
              ? HUMAN_MARKING_CODE
              : malformed(detail, "expected 1 value, got " + values.size());
    };
  }

  private ItemOutcome outcomeOf(double code) {
    if (code >= 0) {
      return code >= maxScore
          ? ItemOutcome.CORRECT
          : code > 0 ? ItemOutcome.PARTIAL : ItemOutcome.INCORRECT;
    }
    return code == UNANSWERED_CODE
        ? ItemOutcome.UNANSWERED
        : code == MALFORMED_CODE ? ItemOutcome.MALFORMED : ItemOutcome.NEEDS_HUMAN_MARKING;
  }

  private static double malformed(String[] detail, String reason) {
    if (detail != null) {
      detail[0] = reason;
    }
    return MALFORMED_CODE;
  }

  /**
   * @param response the response values
   * @return empty if the response has an acceptable shape (an unanswered response does), else the
   *     reason
   */
  public Optional<String> checkResponse(List<String> response) {
    ItemScore score = score(response);
    return score.outcome() == ItemOutcome.MALFORMED
        ? Optional.of(score.detail())
        : Optional.empty();
  }

  private double scoreSingleChoice(List<String> values, String[] detail) {
    if (values.size() != 1) {
      return malformed(detail, "expected 1 value, got " + values.size());
    }
    String value = choiceValue(item.type(), values.get(0));
    Integer index = choiceIndex.get(value);
    if (index == null) {
      return choicesRestricted
          ? malformed(detail, "unknown choice '" + value + "'")
          : otherChoicePoints;
    }
    return pointsByChoice[index];
  }

  private double scoreMultipleResponse(List<String> values, String[] detail) {
    if (!choicesRestricted || pointsByChoice.length > Long.SIZE) {
      return scoreMultipleResponseAnyChoices(values, detail);
    }
    long chosen = 0;
    int correctHits = 0;
    double mappedSum = 0;
    for (String raw : values) {
      String value = raw.strip();
      Integer index = choiceIndex.get(value);
      if (index == null) {
        return malformed(detail, "unknown choice '" + value + "'");
      }
      long bit = 1L << index;
      if ((chosen & bit) != 0) {
        return malformed(detail, "choice '" + value + "' given twice");
      }
      chosen |= bit;
      mappedSum += pointsByChoice[index];
      if (correctChoice[index]) {
        correctHits++;
      }
    }
    if (mapped) {
      return clampToItem(bound(mappedSum));
    }
    boolean exact =
        correctHits == correctChoiceCount
            && values.size() == correctChoiceCount
            && correctValueCount == correctChoiceCount;
    return exact ? maxScore : 0.0;
  }

  private double scoreMultipleResponseAnyChoices(List<String> values, String[] detail) {
    boolean[] chosen = new boolean[pointsByChoice.length];
    Set<String> others = null;
    int correctHits = 0;
    double mappedSum = 0;
    for (String raw : values) {
      String value = raw.strip();
      Integer index = choiceIndex.get(value);
      if (index == null) {
        if (choicesRestricted) {
          return malformed(detail, "unknown choice '" + value + "'");
        }
        if (others == null) {
          others = new HashSet<>();
        }
        if (!others.add(value)) {
          return malformed(detail, "choice '" + value + "' given twice");
        }
        mappedSum += otherChoicePoints;
        continue;
      }
      if (chosen[index]) {
        return malformed(detail, "choice '" + value + "' given twice");
      }
      chosen[index] = true;
      mappedSum += pointsByChoice[index];
      if (correctChoice[index]) {
        correctHits++;
      }
    }
    if (mapped) {
      return clampToItem(bound(mappedSum));
    }
    boolean exact =
        others == null
            && correctHits == correctChoiceCount
            && values.size() == correctChoiceCount
            && correctValueCount == correctChoiceCount;
    return exact ? maxScore : 0.0;
  }

  private double scoreNumeric(List<String> values, String[] detail) {
    if (values.size() != 1) {
      return malformed(detail, "expected 1 value, got " + values.size());
    }
    double value = NumericValues.parse(values.get(0));
    if (Double.isNaN(value)) {
      return malformed(detail, "'" + values.get(0).strip() + "' is not a number");
    }
    for (double correct : correctNumbers) {
      if (NumericValues.matches(value, correct, key.absoluteTolerance(), key.relativeTolerance())) {
        return maxScore;
      }
    }
    return 0.0;
  }

  private double scoreShortText(List<String> values, String[] detail) {
    if (values.size() != 1) {
      return malformed(detail, "expected 1 value, got " + values.size());
    }
    Double points = pointsByText.get(normalize(values.get(0)));
    double raw = points != null ? points : unlistedTextPoints;
    return clampToItem(mapped ? bound(raw) : raw);
  }

  private double scoreOrdering(List<String> values, String[] detail) {
    boolean exact = values.size() == correctOrder.length;
    long seen = 0;
    boolean[] seenWide = choiceIndex.size() > Long.SIZE ? new boolean[choiceIndex.size()] : null;
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i).strip();
      Integer index = choiceIndex.get(value);
      if (index == null) {
        return malformed(detail, "unknown element '" + value + "'");
      }
      boolean repeated;
      if (seenWide == null) {
        repeated = (seen & (1L << index)) != 0;
        seen |= 1L << index;
      } else {
        repeated = seenWide[index];
        seenWide[index] = true;
      }
      if (repeated) {
        return malformed(detail, "element '" + value + "' given twice");
      }
      // a response longer than the key's order is not exact, and must not index past the key
      exact = exact && index == correctOrder[i];
    }
    if (exact || !key.partialCredit() || correctOrder.length < 2) {
      return exact ? maxScore : 0.0;
    }
    int[] position = new int[choiceIndex.size()];
    java.util.Arrays.fill(position, -1);
    for (int i = 0; i < values.size(); i++) {
      position[choiceIndex.get(values.get(i).strip())] = i;
    }
    int pairsInOrder = 0;
    for (int k = 0; k + 1 < correctOrder.length; k++) {
      int first = correctOrder[k];
      int second = correctOrder[k + 1];
      if (first >= 0 && second >= 0 && position[first] >= 0 && position[second] > position[first]) {
        pairsInOrder++;
      }
    }
    return maxScore * pairsInOrder / (correctOrder.length - 1);
  }

  private double scoreMatching(List<String> values, String[] detail) {
    if (key.maxAssociations() > 0 && values.size() > key.maxAssociations()) {
      return malformed(
          detail, values.size() + " pairs exceed maxAssociations=" + key.maxAssociations());
    }
    if (pairPointsTable == null) {
      return scoreMatchingAnyIds(values, detail);
    }
    long seen = 0;
    int correctHits = 0;
    double mappedSum = 0;
    int width = pairEnds.length;
    for (String value : values) {
      int length = value.length();
      int start = skipWhitespace(value, 0);
      int firstEnd = skipToken(value, start);
      int second = skipWhitespace(value, firstEnd);
      int secondEnd = skipToken(value, second);
      if (firstEnd == start || secondEnd == second || skipWhitespace(value, secondEnd) != length) {
        return malformed(detail, "pair '" + value.strip() + "' must be 'source target'");
      }
      int source = find(pairSources, value, start, firstEnd);
      int target = find(pairEnds, value, second, secondEnd);
      if (source < 0 || target < 0 || (!directedPairs && source == target)) {
        return malformed(
            detail,
            pairProblem(value.substring(start, firstEnd), value.substring(second, secondEnd)));
      }
      int pair =
          directedPairs
              ? source * width + target
              : Math.min(source, target) * width + Math.max(source, target);
      long bit = 1L << pair;
      if ((seen & bit) != 0) {
        return malformed(
            detail,
            "pair '"
                + canonicalPair(
                    value.substring(start, firstEnd), value.substring(second, secondEnd))
                + "' given twice");
      }
      seen |= bit;
      mappedSum += pairPointsTable[pair];
      if (correctPairTable[pair]) {
        correctHits++;
      }
    }
    if (mapped) {
      return clampToItem(bound(mappedSum));
    }
    return allCorrectPairsKnown
            && correctHits == correctPairCount
            && values.size() == correctPairCount
        ? maxScore
        : 0.0;
  }

  private static int skipWhitespace(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int skipToken(String text, int from) {
    int i = from;
    while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int find(String[] ids, String text, int from, int to) {
    for (int k = 0; k < ids.length; k++) {
      if (ids[k].length() == to - from && text.regionMatches(from, ids[k], 0, to - from)) {
        return k;
      }
    }
    return -1;
  }

  private double scoreMatchingAnyIds(List<String> values, String[] detail) {
    Set<String> pairs = new HashSet<>();
    double mappedSum = 0;
    for (String value : values) {
      String[] parts = splitPair(value);
      if (parts == null) {
        return malformed(detail, "pair '" + value.strip() + "' must be 'source target'");
      }
      String problem = pairProblem(parts[0], parts[1]);
      if (problem != null) {
        return malformed(detail, problem);
      }
      String canonical = canonicalPair(parts[0], parts[1]);
      if (!pairs.add(canonical)) {
        return malformed(detail, "pair '" + canonical + "' given twice");
      }
      mappedSum += pointsByPair.getOrDefault(canonical, key.mappingDefault());
    }
    if (mapped) {
      return clampToItem(bound(mappedSum));
    }
    return pairs.equals(correctPairs) ? maxScore : 0.0;
  }

  private double scoreGap(List<String> values, String[] detail) {
    boolean[] answered = new boolean[pointsByGapValue.size()];
    double sum = 0;
    int correctGaps = 0;
    for (String entry : values) {
      int separator = entry.indexOf('=');
      if (separator < 0) {
        return malformed(detail, "gap response '" + entry.strip() + "' must be 'gapId=value'");
      }
      int idFrom = skipWhitespace(entry, 0);
      int idTo = separator;
      while (idTo > idFrom && Character.isWhitespace(entry.charAt(idTo - 1))) {
        idTo--;
      }
      int gap = find(gapIds, entry, idFrom, idTo);
      if (gap < 0) {
        return malformed(detail, "unknown gap '" + entry.substring(idFrom, idTo) + "'");
      }
      if (answered[gap]) {
        return malformed(detail, "gap '" + gapIds[gap] + "' given twice");
      }
      answered[gap] = true;
      if (skipWhitespace(entry, separator + 1) == entry.length()) {
        continue;
      }
      Double points =
          pointsByGapValue
              .get(gap)
              .get(
                  TextNormalizer.normalize(
                      entry,
                      separator + 1,
                      entry.length(),
                      key.caseSensitive(),
                      key.kyrgyzLetterFolding()));
      if (mapped) {
        sum += points != null ? points : unlistedGapPoints;
      } else if (points != null) {
        correctGaps++;
      }
    }
    if (mapped) {
      return clampToItem(bound(sum));
    }
    return maxScore * correctGaps / pointsByGapValue.size();
  }

  private String pairProblem(String source, String target) {
    if (directedPairs) {
      if (choicesRestricted && !choiceIndex.containsKey(source)) {
        return "unknown source '" + source + "'";
      }
      if (!targets.contains(target)) {
        return "unknown target '" + target + "'";
      }
      return null;
    }
    for (String end : new String[] {source, target}) {
      if (choicesRestricted && !choiceIndex.containsKey(end)) {
        return "unknown choice '" + end + "'";
      }
    }
    return source.equals(target)
        ? "pair '" + source + " " + target + "' associates a choice with itself"
        : null;
  }

  private String canonicalPairOrNull(String pair) {
    String[] parts = splitPair(pair);
    return parts != null ? canonicalPair(parts[0], parts[1]) : null;
  }

  /**
   * Splits "source target" on whitespace without a regular expression; null unless exactly two
   * tokens.
   */
  static String[] splitPair(String pair) {
    int length = pair.length();
    int start = 0;
    while (start < length && Character.isWhitespace(pair.charAt(start))) {
      start++;
    }
    int firstEnd = start;
    while (firstEnd < length && !Character.isWhitespace(pair.charAt(firstEnd))) {
      firstEnd++;
    }
    int second = firstEnd;
    while (second < length && Character.isWhitespace(pair.charAt(second))) {
      second++;
    }
    int secondEnd = second;
    while (secondEnd < length && !Character.isWhitespace(pair.charAt(secondEnd))) {
      secondEnd++;
    }
    int rest = secondEnd;
    while (rest < length && Character.isWhitespace(pair.charAt(rest))) {
      rest++;
    }
    if (firstEnd == start || secondEnd == second || rest != length) {
      return null;
    }
    return new String[] {pair.substring(start, firstEnd), pair.substring(second, secondEnd)};
  }

  private String canonicalPair(String source, String target) {
    if (!directedPairs && source.compareTo(target) > 0) {
      return target + " " + source;
    }
    return source + " " + target;
  }

  private void addGapEntry(
      List<Map<String, Double>> perGap, String entry, double points, boolean overrides) {
    int separator = entry.indexOf('=');
    if (separator < 0) {
      return;
    }
    Integer gap = choiceIndex.get(entry.substring(0, separator).strip());
    if (gap == null) {
      return;
    }
    String value = normalize(entry.substring(separator + 1));
    if (overrides) {
      perGap.get(gap).put(value, points);
    } else {
      perGap.get(gap).putIfAbsent(value, points);
    }
  }

  private String normalize(String text) {
    return TextNormalizer.normalize(text, key.caseSensitive(), key.kyrgyzLetterFolding());
  }

  private double bound(double mappedPoints) {
    double bounded = mappedPoints;
    if (key.lowerBound() != null) {
      bounded = Math.max(bounded, key.lowerBound());
    }
    if (key.upperBound() != null) {
      bounded = Math.min(bounded, key.upperBound());
    }
    return bounded;
  }

  private double clampToItem(double points) {
    return Math.min(Math.max(points, 0.0), maxScore);
  }

  private static String choiceValue(ItemType type, String value) {
    String stripped = value.strip();
    return type == ItemType.TRUE_FALSE ? stripped.toLowerCase(Locale.ROOT) : stripped;
  }

  private static Map<String, Integer> indexOf(List<String> distinctIds) {
    Map<String, Integer> index = new HashMap<>();
    for (String id : distinctIds) {
      index.put(id, index.size());
    }
    return Map.copyOf(index);
  }

  private static List<String> distinctStripped(List<String> ids) {
    Set<String> distinct = new java.util.LinkedHashSet<>();
    for (String id : ids) {
      distinct.add(id.strip());
    }
    return List.copyOf(distinct);
  }

  private static List<String> gapIdsFromKey(ItemKey key) {
    Set<String> ids = new java.util.LinkedHashSet<>();
    for (String entry : key.correct()) {
      int separator = entry.indexOf('=');
      if (separator > 0) {
        ids.add(entry.substring(0, separator).strip());
      }
    }
    for (String entry : key.mapping().keySet()) {
      int separator = entry.indexOf('=');
      if (separator > 0) {
        ids.add(entry.substring(0, separator).strip());
      }
    }
    return List.copyOf(ids);
  }
}
