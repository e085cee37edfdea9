package kg.exam.contract.marking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.RubricCriterion;

/** A marker's mark of a seeded script they hold. */
public record MarkSeed(
    String seedId,
    String markerId,
    Map<String, Double> criterionScores,
    String comment,
    int keyVersion,
    List<RubricCriterion> rubric,
    Instant now)
    implements SeedCommand {}
