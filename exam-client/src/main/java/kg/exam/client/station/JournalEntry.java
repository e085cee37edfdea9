package kg.exam.client.station;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Locale;

/**
 * One durable fact of the station's journal.
 *
 * @param seq the station sequence number: 1, 2, 3, ... in append order, never reused
 * @param sittingId the sitting it is about
 * @param kind what happened
 * @param stationTime the station's clock when it happened (the station is the time authority of the
 *     sittings it starts)
 * @param payload the kind's fields (exam-client/README.md, "Journal format")
 * @param keyId the id of the station key that signed the entry
 * @param signature base64url Ed25519: for an answer the {@code answer/1} signature of the answer,
 *     otherwise the {@code station-entry/1} signature ({@link StationSigning})
 */
public record JournalEntry(
    long seq,
    String sittingId,
    Kind kind,
    Instant stationTime,
    JsonNode payload,
    String keyId,
    String signature) {

  /** What an entry records. Serialised in lower case ({@code "answer"}). */
  public enum Kind {
    START,
    ANSWER,
    FLAG,
    SUBMIT,
    /** The station handed the sitting in at its deadline. */
    TIMEOUT,
    PAUSE,
    RESUME,
    EXTEND,
    INCIDENT;

    @JsonValue
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Kind fromJson(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }
}
