package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * Starts a sitting. The server fills in the session window and the form from its own records;
 * {@code now} is the server's clock, or, for a sitting a school exam station started ({@code
 * stationKeyId} set), the station's clock at the start, with the station's deadline.
 *
 * @param itemIds the items of the exam form, in order
 * @param devicePublicKey the Ed25519 public key (base64url, raw 32 bytes) the candidate's device
 *     generated for this sitting, bound at the start; null when answers are signed by a station
 * @param stationDeadline the deadline the station fixed; null unless station-started
 * @param receivedAt the server's clock when the station's entry arrived; null unless
 *     station-started
 * @param stationKeyId the key id of the authenticated station; null when started on the server
 */
public record StartSitting(
    String sittingId,
    Instant now,
    Instant opensAt,
    Instant closesAt,
    boolean sessionClosed,
    int durationMinutes,
    List<String> itemIds,
    String devicePublicKey,
    Instant stationDeadline,
    Instant receivedAt,
    String stationKeyId)
    implements SittingCommand {

  /** A start on the server, by the server's clock. */
  public StartSitting(
      String sittingId,
      Instant now,
      Instant opensAt,
      Instant closesAt,
      boolean sessionClosed,
      int durationMinutes,
      List<String> itemIds,
      String devicePublicKey) {
    this(
        sittingId,
        now,
        opensAt,
        closesAt,
        sessionClosed,
        durationMinutes,
        itemIds,
        devicePublicKey,
        null,
        null,
        null);
  }
}
