package kg.exam.contract.marking;

import java.time.Instant;
import java.util.List;

/**
 * A scored sitting's answers to human-marked items became scripts to mark, in the same unit of work
 * as the score that found them waiting.
 *
 * @param keyVersion the key version (and so the rubrics) of the score
 */
public record ScriptsOpenedForMarking(
    String sittingId, int keyVersion, List<MarkingScript> scripts, Instant openedAt) {

  public ScriptsOpenedForMarking {
    scripts = scripts == null ? List.of() : List.copyOf(scripts);
  }
}
