package kg.exam.client.audit;

/**
 * The first thing in a bundle that does not hold, and where.
 *
 * @param stream what was being checked: {@code manifest}, {@code registry}, {@code exam}, {@code
 *     session}, {@code sitting}, or {@code bundle}
 * @param streamId the stream's id (e.g. the sitting id), or null
 * @param sequence the event's sequence number (position in the stream), or null
 * @param field the field or part that does not hold (e.g. {@code hash}, {@code signature}, {@code
 *     rawTotal}, {@code proof.path})
 * @param message what does not hold, in words
 */
public record Failure(String stream, String streamId, Long sequence, String field, String message) {

  /** One line for people: {@code sitting s-1, event 7, field signature: ...}. */
  public String describe() {
    StringBuilder b = new StringBuilder(stream);
    if (streamId != null) {
      b.append(' ').append(streamId);
    }
    if (sequence != null) {
      b.append(", event ").append(sequence);
    }
    if (field != null) {
      b.append(", field ").append(field);
    }
    return b.append(": ").append(message).toString();
  }
}
