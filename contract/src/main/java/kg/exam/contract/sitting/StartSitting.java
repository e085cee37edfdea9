package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * Starts a sitting. The server fills in the session window and the form from its own records;
 * {@code now} is the server's clock.
 *
 * @param itemIds the items of the exam form, in order
 */
public record StartSitting(
    String sittingId,
    Instant now,
    Instant opensAt,
    Instant closesAt,
    boolean sessionClosed,
    int durationMinutes,
    List<String> itemIds)
    implements SittingCommand {}
