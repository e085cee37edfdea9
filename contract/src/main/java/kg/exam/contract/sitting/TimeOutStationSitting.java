package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * A school exam station handed in a sitting it started because its deadline passed on the station's
 * clock. The server schedules no deadline of its own for such a sitting (the station may be offline
 * for the whole exam), so this is how it times out.
 *
 * @param deadline the deadline the station handed the sitting in at
 * @param stationTime the station's clock at the hand-in, at or after the deadline
 * @param receivedAt the server's clock when the station's entry arrived
 */
public record TimeOutStationSitting(
    String sittingId, Instant deadline, Instant stationTime, Instant receivedAt)
    implements SittingCommand {}
