package kg.exam.contract.sitting;

import java.util.List;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.marking.MarkingPlan;

/**
 * Scores a finished sitting against one key version of its exam version. A sitting already scored
 * against this or a newer key version is left as it is.
 *
 * @param items the form's items with the keys of {@code keyVersion}
 * @param reason why it is scored: SUBMITTED, TIMED_OUT, KEY_AMENDED, ITEM_EXCLUDED, MARKED (every
 *     script has its final mark) or APPEAL
 * @param markingPlan how answers found waiting for a human marker are opened for marking; null for
 *     {@link MarkingPlan#defaults()}
 */
public record ScoreSitting(
    String sittingId,
    String examId,
    int examVersion,
    int keyVersion,
    List<ItemDefinition> items,
    ScoringRules rules,
    String reason,
    MarkingPlan markingPlan)
    implements SittingCommand {}
