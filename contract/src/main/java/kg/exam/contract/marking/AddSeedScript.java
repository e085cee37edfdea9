package kg.exam.contract.marking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.RubricCriterion;

/** Adds a seeded script to a session (a chief marker or the centre), with its definitive mark. */
public record AddSeedScript(
    String seedId,
    String sessionId,
    String itemId,
    List<String> response,
    Map<String, Double> definitiveScores,
    int keyVersion,
    List<RubricCriterion> rubric,
    double rubricMax,
    String addedBy,
    Instant now)
    implements SeedCommand {}
