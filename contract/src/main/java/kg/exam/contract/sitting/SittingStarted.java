package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * A sitting started. The deadline is fixed at the start: start + duration × (1 + extra time).
 *
 * <p>For a sitting started on a school exam station ({@code stationKeyId} set), {@code startedAt}
 * and {@code deadline} are the station's clock (the station is the time authority of the sittings
 * it starts; it never sets a deadline past the session window), and {@code receivedAt} is the
 * server's clock when the station's journal entry arrived, possibly hours later.
 *
 * @param allowedMs time allowed including the accommodation, in milliseconds
 * @param receivedAt the server's clock when a station-started sitting was synced; null otherwise
 * @param stationKeyId the key id of the station that started the sitting; null when started on the
 *     server
 */
public record SittingStarted(
    String sittingId,
    Instant startedAt,
    Instant deadline,
    long allowedMs,
    List<String> itemIds,
    Instant receivedAt,
    String stationKeyId) {

  /** A sitting started on the server. */
  public SittingStarted(
      String sittingId, Instant startedAt, Instant deadline, long allowedMs, List<String> itemIds) {
    this(sittingId, startedAt, deadline, allowedMs, itemIds, null, null);
  }
}
