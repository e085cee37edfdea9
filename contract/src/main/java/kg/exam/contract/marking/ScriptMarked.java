package kg.exam.contract.marking;

import java.time.Instant;
import java.util.Map;

/**
 * A marker marked a script: who (a staff account id), when, against which key version's rubric, and
 * the points per criterion.
 *
 * @param round 1 or 2 for an independent mark, {@value ScriptAllocated#ADJUDICATION} for the
 *     adjudication
 * @param total the sum of the criterion points
 */
public record ScriptMarked(
    String sittingId,
    String scriptId,
    String itemId,
    String markerId,
    int round,
    Map<String, Double> criterionScores,
    double total,
    String comment,
    int keyVersion,
    Instant markedAt) {

  public ScriptMarked {
    criterionScores = criterionScores == null ? Map.of() : Map.copyOf(criterionScores);
  }
}
