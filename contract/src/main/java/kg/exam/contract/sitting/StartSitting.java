package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * Starts a sitting. The server fills in the session window and the form from its own records;
 * {@code now} is the server's clock.
 *
 * @param itemIds the items of the exam form, in order
 * @param devicePublicKey the Ed25519 public key (base64url, raw 32 bytes) the candidate's device
 *     generated for this sitting, bound at the start; null when answers are signed by a station
 */
public record StartSitting(
    String sittingId,
    Instant now,
    Instant opensAt,
    Instant closesAt,
    boolean sessionClosed,
    int durationMinutes,
    List<String> itemIds,
    String devicePublicKey)
    implements SittingCommand {}
