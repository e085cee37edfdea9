package kg.exam.client.simulate;

import java.time.Instant;

/**
 * Hears of every answer the server acknowledged during a simulation, on the candidate's thread
 * right after the 2xx arrived (keep it short: the candidate waits). The projection benchmark uses
 * it to time each answer's way to the read side.
 */
@FunctionalInterface
public interface AnswerListener {
  /**
   * @param recordedAt the server's time of recording from the receipt; null for a resent answer the
   *     server had stored before
   * @param ackNanos {@link System#nanoTime()} when the acknowledgement arrived
   */
  void acknowledged(
      String sittingId, String itemId, long clientSeq, Instant recordedAt, long ackNanos);
}
