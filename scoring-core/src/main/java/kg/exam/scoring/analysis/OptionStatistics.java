package kg.exam.scoring.analysis;

/**
 * Distractor analysis of one option of a choice item.
 *
 * @param optionId the choice id, or {@value ItemAnalysis#UNANSWERED_OPTION} / {@value
 *     ItemAnalysis#MALFORMED_OPTION}
 * @param key whether this is the correct option
 * @param count candidates who chose it
 * @param share {@code count / candidates}
 * @param meanTotal mean test total of those who chose it; NaN when nobody did
 * @param upperGroupShare share of the upper group (top 27 % by total) who chose it; NaN without
 *     groups
 * @param lowerGroupShare share of the lower group (bottom 27 %) who chose it; NaN without groups
 * @param flagged a distractor (not the key, a real choice) chosen more by the upper group than by
 *     the lower: a sign of a miskey or an ambiguous item
 */
public record OptionStatistics(
    String optionId,
    boolean key,
    long count,
    double share,
    double meanTotal,
    double upperGroupShare,
    double lowerGroupShare,
    boolean flagged) {}
