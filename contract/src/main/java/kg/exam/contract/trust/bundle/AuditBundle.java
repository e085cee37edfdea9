package kg.exam.contract.trust.bundle;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.InclusionProof;
import kg.exam.contract.trust.JsonValue;
import kg.exam.contract.trust.JsonValue.JsonArray;
import kg.exam.contract.trust.JsonValue.JsonNumber;
import kg.exam.contract.trust.JsonValue.JsonObject;
import kg.exam.contract.trust.JsonValue.JsonString;

/**
 * The audit bundle format {@value #FORMAT}: a ZIP archive whose entries are RFC 8785 JSON texts.
 *
 * <pre>
 * manifest.json            {@link BundleManifest}: format, scope, session, exam, tree head, count
 * streams/registry.json    the key registry stream
 * streams/exam.json        the exam stream (published versions, key amendments)
 * streams/session.json     the session stream (opening, closing, tree heads)
 * sittings/&lt;id&gt;.json      one per sitting (id URL-encoded), in sitting id order
 * media/&lt;sha256&gt;          the bytes (not JSON) of each image or audio file the exam version shows
 * </pre>
 *
 * <p>A stream entry is {@code {"kind", "streamId", "events": [{"seq", "type", "payload", "hash"}],
 * "proof"?}}: {@code payload} is a JSON string holding the event's canonical payload text (its
 * UTF-8 bytes are what {@code sha256-chain/1} hashes), {@code hash} the recorded chain hash in hex;
 * a sitting's {@code proof} is {@code {"treeHeadSequence", "sealSequence", "leafIndex", "treeSize",
 * "path": [hex…]}}. Later versions may add entries (e.g. device keys) and members; readers of this
 * version ignore members they do not know.
 */
public final class AuditBundle {
  /** Name and version of the bundle format. */
  public static final String FORMAT = "exam-audit-bundle/1";

  /** The manifest entry. */
  public static final String MANIFEST = "manifest.json";

  /** The key registry stream entry. */
  public static final String REGISTRY = "streams/registry.json";

  /** The exam stream entry. */
  public static final String EXAM = "streams/exam.json";

  /** The session stream entry. */
  public static final String SESSION = "streams/session.json";

  /** The folder of the sitting entries. */
  public static final String SITTINGS_PREFIX = "sittings/";

  /** The folder of the media entries, each named by the SHA-256 of its bytes. */
  public static final String MEDIA_PREFIX = "media/";

  private AuditBundle() {}

  /** The entry name of a sitting. */
  public static String sittingEntry(String sittingId) {
    return SITTINGS_PREFIX + URLEncoder.encode(sittingId, StandardCharsets.UTF_8) + ".json";
  }

  /** The entry name of a medium. */
  public static String mediumEntry(String sha256) {
    return MEDIA_PREFIX + URLEncoder.encode(sha256, StandardCharsets.UTF_8);
  }

  static byte[] encodeManifest(BundleManifest m) {
    Map<String, JsonValue> o = new LinkedHashMap<>();
    o.put("format", JsonValue.of(m.format()));
    o.put("scope", JsonValue.of(m.scope()));
    o.put("sessionId", JsonValue.of(m.sessionId()));
    if (m.sittingId() != null) {
      o.put("sittingId", JsonValue.of(m.sittingId()));
    }
    o.put("examId", JsonValue.of(m.examId()));
    o.put("examVersion", JsonValue.of(m.examVersion()));
    o.put("treeHeadSequence", JsonValue.of(m.treeHeadSequence()));
    o.put("sittingCount", JsonValue.of(m.sittingCount()));
    o.put("createdAt", JsonValue.of(m.createdAt().toString()));
    return CanonicalJson.canonicalBytes(JsonObject.of(o));
  }

  static BundleManifest decodeManifest(String entry, byte[] bytes) {
    JsonObject o = object(entry, bytes);
    try {
      return new BundleManifest(
          string(entry, o, "format"),
          string(entry, o, "scope"),
          string(entry, o, "sessionId"),
          o.members().containsKey("sittingId") ? string(entry, o, "sittingId") : null,
          string(entry, o, "examId"),
          (int) number(entry, o, "examVersion"),
          number(entry, o, "treeHeadSequence"),
          number(entry, o, "sittingCount"),
          Instant.parse(string(entry, o, "createdAt")));
    } catch (DateTimeParseException e) {
      throw new BundleFormatException(entry, "createdAt is not an ISO-8601 instant", e);
    }
  }

  static byte[] encodeStream(BundleStream s) {
    HexFormat hex = HexFormat.of();
    List<JsonValue> events = new ArrayList<>(s.events().size());
    for (BundleEvent e : s.events()) {
      Map<String, JsonValue> ev = new LinkedHashMap<>();
      ev.put("seq", JsonValue.of(e.sequenceNumber()));
      ev.put("type", JsonValue.of(e.type()));
      ev.put("payload", JsonValue.of(e.payloadText()));
      ev.put("hash", JsonValue.of(hex.formatHex(e.hash())));
      events.add(JsonObject.of(ev));
    }
    Map<String, JsonValue> o = new LinkedHashMap<>();
    o.put("kind", JsonValue.of(s.kind().name()));
    o.put("streamId", JsonValue.of(s.streamId()));
    o.put("events", new JsonArray(events));
    if (s.proof() != null) {
      SittingProof p = s.proof();
      Map<String, JsonValue> po = new LinkedHashMap<>();
      po.put("treeHeadSequence", JsonValue.of(p.treeHeadSequence()));
      po.put("sealSequence", JsonValue.of(p.sealSequence()));
      po.put("leafIndex", JsonValue.of(p.inclusion().leafIndex()));
      po.put("treeSize", JsonValue.of(p.inclusion().treeSize()));
      po.put(
          "path",
          new JsonArray(
              p.inclusion().path().stream()
                  .map(h -> (JsonValue) JsonValue.of(hex.formatHex(h)))
                  .toList()));
      o.put("proof", JsonObject.of(po));
    }
    return CanonicalJson.canonicalBytes(JsonObject.of(o));
  }

  static BundleStream decodeStream(String entry, byte[] bytes) {
    JsonObject o = object(entry, bytes);
    BundleStream.Kind kind;
    try {
      kind = BundleStream.Kind.valueOf(string(entry, o, "kind"));
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException(entry, "unknown stream kind " + string(entry, o, "kind"), e);
    }
    String streamId = string(entry, o, "streamId");
    if (!(o.members().get("events") instanceof JsonArray array)) {
      throw new BundleFormatException(entry, "events is not an array");
    }
    List<BundleEvent> events = new ArrayList<>(array.elements().size());
    for (int i = 0; i < array.elements().size(); i++) {
      String where = entry + " events[" + i + "]";
      if (!(array.elements().get(i) instanceof JsonObject ev)) {
        throw new BundleFormatException(where, "not an object");
      }
      events.add(
          new BundleEvent(
              number(where, ev, "seq"),
              string(where, ev, "type"),
              string(where, ev, "payload").getBytes(StandardCharsets.UTF_8),
              hash(where, ev, "hash")));
    }
    SittingProof proof = null;
    if (o.members().get("proof") instanceof JsonObject p) {
      String where = entry + " proof";
      if (!(p.members().get("path") instanceof JsonArray path)) {
        throw new BundleFormatException(where, "path is not an array");
      }
      List<byte[]> hashes = new ArrayList<>();
      for (JsonValue h : path.elements()) {
        if (!(h instanceof JsonString s) || !isLowerHexHash(s.value())) {
          throw new BundleFormatException(where, "path element is not a 32-byte hex hash");
        }
        hashes.add(HexFormat.of().parseHex(s.value()));
      }
      try {
        proof =
            new SittingProof(
                number(where, p, "treeHeadSequence"),
                number(where, p, "sealSequence"),
                new InclusionProof(
                    number(where, p, "leafIndex"), number(where, p, "treeSize"), hashes));
      } catch (IllegalArgumentException e) {
        throw new BundleFormatException(where, e.getMessage(), e);
      }
    }
    return new BundleStream(kind, streamId, events, proof);
  }

  private static JsonObject object(String entry, byte[] bytes) {
    JsonValue value;
    try {
      value = CanonicalJson.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw new BundleFormatException(entry, "not JSON: " + e.getMessage(), e);
    }
    if (!(value instanceof JsonObject o)) {
      throw new BundleFormatException(entry, "not a JSON object");
    }
    return o;
  }

  private static String string(String where, JsonObject o, String name) {
    if (!(o.members().get(name) instanceof JsonString s)) {
      throw new BundleFormatException(where, name + " is missing or not a string");
    }
    return s.value();
  }

  private static long number(String where, JsonObject o, String name) {
    if (!(o.members().get(name) instanceof JsonNumber n)
        || n.value() != Math.rint(n.value())
        || Math.abs(n.value()) > (1L << 53)) {
      throw new BundleFormatException(where, name + " is missing or not an integer");
    }
    return (long) n.value();
  }

  /**
   * Whether {@code text} is 64 lower-case hex digits. Checked by hand: {@code String.matches}
   * compiles its pattern on every call, once per event and path element of a bundle.
   */
  static boolean isLowerHexHash(String text) {
    if (text.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = text.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static byte[] hash(String where, JsonObject o, String name) {
    String text = string(where, o, name);
    if (!isLowerHexHash(text)) {
      throw new BundleFormatException(where, name + " is not a 32-byte lower-case hex hash");
    }
    return HexFormat.of().parseHex(text);
  }
}
