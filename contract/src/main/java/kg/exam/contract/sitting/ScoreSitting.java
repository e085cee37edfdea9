package kg.exam.contract.sitting;

import java.util.List;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ScoringRules;

/**
 * Scores a finished sitting against one key version of its exam version. A sitting already scored
 * against this or a newer key version is left as it is.
 *
 * @param items the form's items with the keys of {@code keyVersion}
 * @param reason why it is scored: SUBMITTED, TIMED_OUT or KEY_AMENDED
 */
public record ScoreSitting(
    String sittingId,
    String examId,
    int examVersion,
    int keyVersion,
    List<ItemDefinition> items,
    ScoringRules rules,
    String reason)
    implements SittingCommand {}
