package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * Records a response to one item. Idempotent on {@code clientSeq}: the same sequence number with
 * the same content is acknowledged again without a new event.
 *
 * @param response the response values (empty clears the answer)
 * @param clientSeq the capturing device's sequence number, 1 or more, increasing
 * @param clientTimestamp the capturing device's clock, kept as evidence, never trusted for time
 * @param receivedAt the server's clock when the answer arrived
 * @param keyId the id of the key that signed the answer, or null when unsigned
 * @param signature the device's signature of the {@code answer/1} form, base64url, or null
 * @param stationTime for an answer a school exam station captured in a sitting it started: the
 *     station's clock at capture, which the station signed as {@code clientTimestamp} (so it must
 *     equal it) and against which the station's deadline is judged; null otherwise
 */
public record RecordAnswer(
    String sittingId,
    String itemId,
    List<String> response,
    long clientSeq,
    Instant clientTimestamp,
    Instant receivedAt,
    String keyId,
    String signature,
    Instant stationTime)
    implements SittingCommand {

  /** An answer sent to the server by the capturing device, judged by the server's clock. */
  public RecordAnswer(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp,
      Instant receivedAt,
      String keyId,
      String signature) {
    this(
        sittingId,
        itemId,
        response,
        clientSeq,
        clientTimestamp,
        receivedAt,
        keyId,
        signature,
        null);
  }
}
