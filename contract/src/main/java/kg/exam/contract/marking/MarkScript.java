package kg.exam.contract.marking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.sitting.SittingCommand;

/**
 * A marker's mark of a script allocated to them: points per rubric criterion.
 *
 * @param criterionScores points by criterion id, each within the criterion's maximum; an item
 *     without rubric is marked with the single criterion {@value #TOTAL}
 * @param comment optional, at most {@value #MAX_COMMENT} characters, no names
 * @param keyVersion the key version whose rubric the mark follows
 * @param rubric that rubric
 */
public record MarkScript(
    String sittingId,
    String scriptId,
    String markerId,
    Map<String, Double> criterionScores,
    String comment,
    int keyVersion,
    List<RubricCriterion> rubric,
    Instant now)
    implements SittingCommand {

  /** The criterion id of a mark of an item without rubric. */
  public static final String TOTAL = "total";

  /** The longest comment a mark may carry. */
  public static final int MAX_COMMENT = 280;
}
