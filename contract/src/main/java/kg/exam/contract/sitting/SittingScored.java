package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A sitting was scored by scoring-core. A re-score after a key amendment is a new event with a
 * higher {@code keyVersion}; earlier ones stay.
 *
 * @param scoringVersion version of scoring-core that computed the score
 * @param rawTotal weighted total of the item scores
 * @param percentage rawTotal / maxTotal × 100
 * @param gradeWithheld the grade is kept but not released to the e-journal by policy
 * @param needsHumanMarking some items (extended text) wait for a marker
 */
public record SittingScored(
    String sittingId,
    String examId,
    int examVersion,
    int keyVersion,
    String scoringVersion,
    List<ItemScoreRecord> itemScores,
    Map<String, Double> sectionTotals,
    double rawTotal,
    double maxTotal,
    double percentage,
    boolean passed,
    int grade,
    boolean gradeWithheld,
    boolean needsHumanMarking,
    String reason,
    Instant scoredAt) {}
