package kg.exam.contract.appeal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.sitting.SittingCommand;

/**
 * A chief marker's decision on an appeal.
 *
 * @param outcome UPHELD (the result stands after review), SCORE_CHANGED (re-marks change it) or
 *     REJECTED (no grounds; not reviewed)
 * @param remarks SCORE_CHANGED only: the re-mark of each script re-marked, points per criterion
 * @param rubrics the rubric of each re-marked item at {@code keyVersion}
 */
public record DecideAppeal(
    String sittingId,
    String appealId,
    String outcome,
    String reason,
    String decidedBy,
    Map<String, Map<String, Double>> remarks,
    int keyVersion,
    Map<String, List<RubricCriterion>> rubrics,
    Instant now)
    implements SittingCommand {}
