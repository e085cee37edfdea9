package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.JsonValue;

/**
 * Signs journal entries with the station's Ed25519 key (the key {@code enrol} made and the centre
 * registered). Answers are signed in the command side's {@code answer/1} form, so the command side
 * and the offline verifier check them as station-signed answers; every other entry is signed in the
 * form {@value #ENTRY_SCHEME}: RFC 8785 JSON of {@code {"scheme", "sittingId", "kind",
 * "stationTime", "payload"}}. Thread-safe.
 */
public final class StationSigning {
  /** Scheme of the signature over a non-answer journal entry. */
  public static final String ENTRY_SCHEME = "station-entry/1";

  private final StationSigner signer;

  public StationSigning(StationSigner signer) {
    this.signer = signer;
  }

  /** The id of the station key that signatures name. */
  public String keyId() {
    return signer.keyId();
  }

  /** {@code answer/1} signature, base64url. */
  public String signAnswer(
      String sittingId, String itemId, List<String> response, long clientSeq, Instant stamp) {
    return signer.signAnswer(sittingId, itemId, response, clientSeq, stamp);
  }

  /** {@value #ENTRY_SCHEME} signature, base64url. */
  public String signEntry(
      String sittingId, JournalEntry.Kind kind, Instant stationTime, JsonNode payload) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(signer.sign(entryBytes(sittingId, kind, stationTime, payload)));
  }

  /** The canonical bytes a {@value #ENTRY_SCHEME} signature covers. */
  public static byte[] entryBytes(
      String sittingId, JournalEntry.Kind kind, Instant stationTime, JsonNode payload) {
    TreeMap<String, JsonValue> m = new TreeMap<>();
    m.put("scheme", new JsonValue.JsonString(ENTRY_SCHEME));
    m.put("sittingId", new JsonValue.JsonString(sittingId));
    m.put("kind", new JsonValue.JsonString(kind.json()));
    m.put("stationTime", new JsonValue.JsonString(stationTime.toString()));
    m.put("payload", toValue(payload));
    return CanonicalJson.canonicalBytes(new JsonValue.JsonObject(m));
  }

  private static JsonValue toValue(JsonNode n) {
    if (n == null || n.isNull()) {
      return JsonValue.NULL;
    }
    if (n.isObject()) {
      TreeMap<String, JsonValue> m = new TreeMap<>();
      n.properties().forEach(e -> m.put(e.getKey(), toValue(e.getValue())));
      return new JsonValue.JsonObject(m);
    }
    if (n.isArray()) {
      List<JsonValue> values = new java.util.ArrayList<>();
      n.forEach(v -> values.add(toValue(v)));
      return new JsonValue.JsonArray(values);
    }
    if (n.isBoolean()) {
      return JsonValue.of(n.booleanValue());
    }
    if (n.isIntegralNumber()) {
      return new JsonValue.JsonNumber((double) n.longValue());
    }
    if (n.isNumber()) {
      return new JsonValue.JsonNumber(n.doubleValue());
    }
    return new JsonValue.JsonString(n.asText());
  }
}
