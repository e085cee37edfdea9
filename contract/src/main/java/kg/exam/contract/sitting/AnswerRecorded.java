package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * A response to one item was recorded. A changed answer is a new event; the candidate's answer to
 * an item is the one with the highest {@code clientSeq}.
 *
 * @param recordedAt the server's clock when the answer arrived
 * @param keyId the id of the device key (the sitting's bound device key or a station key) that
 *     signed the answer; null only for an answer recorded unsigned
 * @param signature the device's Ed25519 signature of the answer's {@code answer/1} form ({@link
 *     kg.exam.contract.trust.AnswerSignatures}), base64url; null only for an unsigned answer
 * @param stationTime the station's clock when a school exam station captured the answer (equal to
 *     the signed {@code clientTimestamp}); null for an answer sent to the server directly
 */
public record AnswerRecorded(
    String sittingId,
    String itemId,
    List<String> response,
    long clientSeq,
    Instant clientTimestamp,
    Instant recordedAt,
    String keyId,
    String signature,
    Instant stationTime) {

  /** An answer sent to the server directly by the device that signed it. */
  public AnswerRecorded(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp,
      Instant recordedAt,
      String keyId,
      String signature) {
    this(
        sittingId,
        itemId,
        response,
        clientSeq,
        clientTimestamp,
        recordedAt,
        keyId,
        signature,
        null);
  }

  /** An unsigned answer (recorded with {@code exam.trust.require-answer-signatures=false}). */
  public AnswerRecorded(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp,
      Instant recordedAt) {
    this(sittingId, itemId, response, clientSeq, clientTimestamp, recordedAt, null, null, null);
  }
}
