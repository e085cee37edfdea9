package kg.exam.contract.marking;

import java.time.Instant;
import java.util.Map;

/**
 * A marker's mark of a seeded script, and how far it is from the definitive mark.
 *
 * @param difference {@code total − definitiveTotal}
 */
public record SeedMarked(
    String seedId,
    String markerId,
    Map<String, Double> criterionScores,
    double total,
    double definitiveTotal,
    double difference,
    Instant markedAt) {

  public SeedMarked {
    criterionScores = criterionScores == null ? Map.of() : Map.copyOf(criterionScores);
  }
}
