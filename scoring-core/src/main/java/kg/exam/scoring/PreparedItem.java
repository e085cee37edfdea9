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

    private final Item item;
    private final ItemKey key;
    private final double maxScore;
    private final boolean mapped;

    /** Choice-like identifiers (choices, ordering elements, matching sources, gap ids) to their index. */
    private final Map<String, Integer> choiceIndex;
    /** Whether an identifier outside {@link #choiceIndex} makes a response malformed. */
    private final boolean choicesRestricted;
    private final Set<String> targets;

    /** SINGLE_CHOICE, TRUE_FALSE: final points per choice. MULTIPLE_RESPONSE mapped: raw mapped points per choice. */
    private final double[] pointsByChoice;
    /** SINGLE_CHOICE, TRUE_FALSE, MULTIPLE_RESPONSE: points for an identifier outside an unrestricted choice list. */
    private final double otherChoicePoints;
    private final boolean[] correctChoice;
    private final int correctChoiceCount;
    /** MULTIPLE_RESPONSE: distinct correct values, which exceeds {@link #correctChoiceCount} when the key names an unknown choice. */
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

    /** GAP: per gap index, normalised value to points. */
    private final List<Map<String, Double>> pointsByGapValue;
    private final double unlistedGapPoints;

    PreparedItem(Item item) {
        this.item = Objects.requireNonNull(item, "item");
        this.key = item.key();
        this.maxScore = item.maxScore();
        ItemType type = item.type();
        this.mapped = type == ItemType.MULTIPLE_RESPONSE ? key.partialCredit() && !key.mapping().isEmpty()
                : !key.mapping().isEmpty() && type != ItemType.NUMERIC && type != ItemType.ORDERING && type != ItemType.EXTENDED_TEXT;

        List<String> choices = distinctStripped(switch (type) {
            case TRUE_FALSE -> TRUE_FALSE_CHOICES;
            case GAP -> item.choiceIds().isEmpty() ? gapIdsFromKey(key) : item.choiceIds();
            case ORDERING -> item.choiceIds().isEmpty() ? key.correct() : item.choiceIds();
            default -> item.choiceIds();
        });
        this.choicesRestricted = !choices.isEmpty();
        this.choiceIndex = indexOf(choices);
        this.targets = Set.copyOf(item.targetIds());
        this.directedPairs = !item.targetIds().isEmpty();

        double[] choicePoints = null;
        double otherPoints = 0;
        boolean[] correctMask = null;
        int correctCount = 0;
        if (type == ItemType.SINGLE_CHOICE || type == ItemType.TRUE_FALSE || type == ItemType.MULTIPLE_RESPONSE) {
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
                otherPoints = type == ItemType.MULTIPLE_RESPONSE ? key.mappingDefault() : clampToItem(bound(key.mappingDefault()));
            }
        }
        this.pointsByChoice = choicePoints;
        this.otherChoicePoints = otherPoints;
        this.correctChoice = correctMask;
        this.correctChoiceCount = correctCount;
        this.correctValueCount = type == ItemType.MULTIPLE_RESPONSE ? (int) key.correct().stream().map(String::strip).distinct().count() : 0;

        this.correctNumbers = type == ItemType.NUMERIC
                ? key.correct().stream().mapToDouble(NumericValues::parse).filter(Double::isFinite).toArray()
                : null;

        if (type == ItemType.SHORT_TEXT) {
            Map<String, Double> table = new HashMap<>();
            for (String answer : key.correct()) {
                table.put(normalize(answer), maxScore);
            }
            Map<String, Double> mappedTable = new HashMap<>();
            key.mapping().forEach((answer, points) -> mappedTable.merge(normalize(answer), points, Math::max));
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
            key.mapping().forEach((pair, points) -> {
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
            this.unlistedGapPoints = mapped ? key.mappingDefault() : 0.0;
        } else {
            this.pointsByGapValue = null;
            this.unlistedGapPoints = 0;
        }
    }

    /** @return the item this was prepared from */
    public Item item() {
        return item;
    }

    /**
     * Scores one response. Never throws on a bad response.
     *
     * @param response the response values, encoded as documented on {@link ItemScorer}; null, empty or
     *                 only blank values means unanswered
     * @return the item score, {@code 0 <= score <= maxScore}
     */
    public ItemScore score(List<String> response) {
        if (response == null || response.isEmpty()) {
            return unanswered();
        }
        int blanks = 0;
        for (int i = 0; i < response.size(); i++) {
            String value = response.get(i);
            if (value == null) {
                return malformed("null value at position " + (i + 1));
            }
            if (value.isBlank()) {
                blanks++;
            }
        }
        if (blanks == response.size()) {
            return unanswered();
        }
        List<String> values = blanks == 0 ? response : response.stream().filter(v -> !v.isBlank()).toList();
        return switch (item.type()) {
            case SINGLE_CHOICE, TRUE_FALSE -> scoreSingleChoice(values);
            case MULTIPLE_RESPONSE -> scoreMultipleResponse(values);
            case NUMERIC -> scoreNumeric(values);
            case SHORT_TEXT -> scoreShortText(values);
            case ORDERING -> scoreOrdering(values);
            case MATCHING -> scoreMatching(values);
            case GAP -> scoreGap(values);
            case EXTENDED_TEXT -> scoreExtendedText(values);
        };
    }

    /**
     * @param response the response values
     * @return empty if the response has an acceptable shape (an unanswered response does), else the reason
     */
    public Optional<String> checkResponse(List<String> response) {
        ItemScore score = score(response);
        return score.outcome() == ItemOutcome.MALFORMED ? Optional.of(score.detail()) : Optional.empty();
    }

    private ItemScore scoreSingleChoice(List<String> values) {
        if (values.size() != 1) {
            return malformed("expected 1 value, got " + values.size());
        }
        String value = choiceValue(item.type(), values.get(0));
        Integer index = choiceIndex.get(value);
        if (index == null) {
            return choicesRestricted ? malformed("unknown choice '" + value + "'") : scored(otherChoicePoints);
        }
        return scored(pointsByChoice[index]);
    }

    private ItemScore scoreMultipleResponse(List<String> values) {
        boolean[] chosen = new boolean[pointsByChoice.length];
        Set<String> others = null;
        int correctHits = 0;
        double mappedSum = 0;
        for (String raw : values) {
            String value = raw.strip();
            Integer index = choiceIndex.get(value);
            if (index == null) {
                if (choicesRestricted) {
                    return malformed("unknown choice '" + value + "'");
                }
                if (others == null) {
                    others = new HashSet<>();
                }
                if (!others.add(value)) {
                    return malformed("choice '" + value + "' given twice");
                }
                mappedSum += otherChoicePoints;
                continue;
            }
            if (chosen[index]) {
                return malformed("choice '" + value + "' given twice");
            }
            chosen[index] = true;
            mappedSum += pointsByChoice[index];
            if (correctChoice[index]) {
                correctHits++;
            }
        }
        if (mapped) {
            return scored(clampToItem(bound(mappedSum)));
        }
        boolean exact = others == null && correctHits == correctChoiceCount && values.size() == correctChoiceCount
                && correctValueCount == correctChoiceCount;
        return scored(exact ? maxScore : 0.0);
    }

    private ItemScore scoreNumeric(List<String> values) {
        if (values.size() != 1) {
            return malformed("expected 1 value, got " + values.size());
        }
        double value = NumericValues.parse(values.get(0));
        if (Double.isNaN(value)) {
            return malformed("'" + values.get(0).strip() + "' is not a number");
        }
        for (double correct : correctNumbers) {
            if (NumericValues.matches(value, correct, key.absoluteTolerance(), key.relativeTolerance())) {
                return scored(maxScore);
            }
        }
        return scored(0.0);
    }

    private ItemScore scoreShortText(List<String> values) {
        if (values.size() != 1) {
            return malformed("expected 1 value, got " + values.size());
        }
        Double points = pointsByText.get(normalize(values.get(0)));
        double raw = points != null ? points : unlistedTextPoints;
        return scored(clampToItem(mapped ? bound(raw) : raw));
    }

    private ItemScore scoreOrdering(List<String> values) {
        int[] position = new int[choiceIndex.size()];
        java.util.Arrays.fill(position, -1);
        int[] given = new int[values.size()];
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i).strip();
            Integer index = choiceIndex.get(value);
            if (index == null) {
                return malformed("unknown element '" + value + "'");
            }
            if (position[index] >= 0) {
                return malformed("element '" + value + "' given twice");
            }
            position[index] = i;
            given[i] = index;
        }
        boolean exact = java.util.Arrays.equals(given, correctOrder);
        if (exact || !key.partialCredit() || correctOrder.length < 2) {
            return scored(exact ? maxScore : 0.0);
        }
        int pairsInOrder = 0;
        for (int k = 0; k + 1 < correctOrder.length; k++) {
            int first = correctOrder[k];
            int second = correctOrder[k + 1];
            if (first >= 0 && second >= 0 && position[first] >= 0 && position[second] > position[first]) {
                pairsInOrder++;
            }
        }
        return scored(maxScore * pairsInOrder / (correctOrder.length - 1));
    }

    private ItemScore scoreMatching(List<String> values) {
        if (key.maxAssociations() > 0 && values.size() > key.maxAssociations()) {
            return malformed(values.size() + " pairs exceed maxAssociations=" + key.maxAssociations());
        }
        Set<String> pairs = new HashSet<>();
        double mappedSum = 0;
        for (String value : values) {
            String[] parts = splitPair(value);
            if (parts == null) {
                return malformed("pair '" + value.strip() + "' must be 'source target'");
            }
            String problem = pairProblem(parts[0], parts[1]);
            if (problem != null) {
                return malformed(problem);
            }
            String canonical = canonicalPair(parts[0], parts[1]);
            if (!pairs.add(canonical)) {
                return malformed("pair '" + canonical + "' given twice");
            }
            mappedSum += pointsByPair.getOrDefault(canonical, key.mappingDefault());
        }
        if (mapped) {
            return scored(clampToItem(bound(mappedSum)));
        }
        return scored(pairs.equals(correctPairs) ? maxScore : 0.0);
    }

    private ItemScore scoreGap(List<String> values) {
        boolean[] answered = new boolean[pointsByGapValue.size()];
        double sum = 0;
        int correctGaps = 0;
        for (String entry : values) {
            int separator = entry.indexOf('=');
            if (separator < 0) {
                return malformed("gap response '" + entry.strip() + "' must be 'gapId=value'");
            }
            String gapId = entry.substring(0, separator).strip();
            Integer gap = choiceIndex.get(gapId);
            if (gap == null) {
                return malformed("unknown gap '" + gapId + "'");
            }
            if (answered[gap]) {
                return malformed("gap '" + gapId + "' given twice");
            }
            answered[gap] = true;
            String value = entry.substring(separator + 1);
            if (value.isBlank()) {
                continue;
            }
            Double points = pointsByGapValue.get(gap).get(normalize(value));
            if (mapped) {
                sum += points != null ? points : unlistedGapPoints;
            } else if (points != null) {
                correctGaps++;
            }
        }
        if (mapped) {
            return scored(clampToItem(bound(sum)));
        }
        return scored(maxScore * correctGaps / pointsByGapValue.size());
    }

    private ItemScore scoreExtendedText(List<String> values) {
        if (values.size() != 1) {
            return malformed("expected 1 value, got " + values.size());
        }
        return new ItemScore(item.itemId(), 0.0, maxScore, ItemOutcome.NEEDS_HUMAN_MARKING,
                "awaits marking against " + key.rubric().size() + " rubric criteria");
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
        return source.equals(target) ? "pair '" + source + " " + target + "' associates a choice with itself" : null;
    }

    private String canonicalPairOrNull(String pair) {
        String[] parts = splitPair(pair);
        return parts != null ? canonicalPair(parts[0], parts[1]) : null;
    }

    /** Splits "source target" on whitespace without a regular expression; null unless exactly two tokens. */
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

    private void addGapEntry(List<Map<String, Double>> perGap, String entry, double points, boolean overrides) {
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

    private ItemScore scored(double points) {
        ItemOutcome outcome = points >= maxScore ? ItemOutcome.CORRECT : points > 0 ? ItemOutcome.PARTIAL : ItemOutcome.INCORRECT;
        return new ItemScore(item.itemId(), points, maxScore, outcome, null);
    }

    private ItemScore unanswered() {
        return new ItemScore(item.itemId(), 0.0, maxScore, ItemOutcome.UNANSWERED, null);
    }

    private ItemScore malformed(String detail) {
        return new ItemScore(item.itemId(), 0.0, maxScore, ItemOutcome.MALFORMED, detail);
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
