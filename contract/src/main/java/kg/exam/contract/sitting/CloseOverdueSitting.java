package kg.exam.contract.sitting;

import java.time.Duration;
import java.time.Instant;

/**
 * A centre administrator hands in a sitting a school exam station started whose hand-in never
 * arrived: the station was lost, broken or never synced again. Allowed only once the sitting is
 * overdue: {@code grace} past its deadline (or, paused, past its session's end) and {@code grace}
 * past the last time its station synced anything. What the station journaled and did not sync
 * before this is refused when it arrives, and shown as refused; the sitting is scored on what the
 * server holds.
 *
 * @param now the server's clock
 * @param sessionClosesAt the end of the sitting's session window
 * @param stationLastHeard when the station that started the sitting last synced anything; null if
 *     unknown
 * @param grace how long after the deadline (or the window's end, when paused), and after the
 *     station was last heard, its sync is waited for
 * @param reason why, in the administrator's words (no names)
 * @param by the administrator's pseudonymous id
 */
public record CloseOverdueSitting(
    String sittingId,
    Instant now,
    Instant sessionClosesAt,
    Instant stationLastHeard,
    Duration grace,
    String reason,
    String by)
    implements SittingCommand {}
