package kg.exam.contract.trust.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence of an integrity flag, format {@value #FORMAT} (contract/README.md §8): the signed
 * events a lead rests on, cited by sitting and sequence number with the fields the analysis read,
 * so that {@code exam-client/verify --evidence} can check them against the sitting's verified audit
 * bundle offline. The query side writes it; the verifier reads it (strictly, ignoring unknown
 * members).
 *
 * @param format always {@value #FORMAT}
 * @param flagId the flag, e.g. {@code SIMILARITY:sit-a:sit-b}
 * @param kind SIMILARITY, RESPONSE_TIME, SPEED, ANSWER_CHANGES or CLUSTER
 * @param detail the numbers behind the flag, named
 * @param verify the command that checks it
 */
public record IntegrityEvidence(
    String format,
    String sessionId,
    String flagId,
    String kind,
    String severity,
    Double statistic,
    Double pValue,
    Map<String, Object> detail,
    String verify,
    List<Sitting> sittings) {

  public static final String FORMAT = "exam-integrity-evidence/1";

  public IntegrityEvidence {
    // the numbers in their order, a value left null where it is not a number
    detail = detail == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    sittings = sittings == null ? List.of() : List.copyOf(sittings);
  }

  /**
   * One cited sitting.
   *
   * @param bundle where its audit bundle is, on the command side
   */
  public record Sitting(String sittingId, String bundle, List<Event> events) {
    public Sitting {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /**
   * One cited event, with the payload fields the analysis read, exactly as signed (times as the
   * payload's {@code Instant} text; null where the payload has none).
   *
   * @param sequence its sequence number in the sitting's stream
   * @param type the event's simple type name, e.g. {@code AnswerRecorded}
   */
  public record Event(
      long sequence,
      String eventId,
      String type,
      String itemId,
      List<String> response,
      String clientTimestamp,
      String recordedAt) {}
}
