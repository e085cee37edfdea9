package kg.exam.contract.marking;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A seeded script of a session: an answer with a definitive mark, mixed unseen into markers'
 * allocations to check their marking. It is its own stream (the seed's id, random like a script's).
 *
 * @param definitiveScores the definitive points per rubric criterion
 * @param definitiveTotal their sum
 * @param rubricMax the points the item's rubric adds up to
 */
public record SeedScriptAdded(
    String seedId,
    String sessionId,
    String itemId,
    List<String> response,
    Map<String, Double> definitiveScores,
    double definitiveTotal,
    double rubricMax,
    int keyVersion,
    String addedBy,
    Instant addedAt) {

  public SeedScriptAdded {
    response = response == null ? List.of() : List.copyOf(response);
    definitiveScores = definitiveScores == null ? Map.of() : Map.copyOf(definitiveScores);
  }
}
