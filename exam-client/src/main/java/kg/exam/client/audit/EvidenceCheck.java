package kg.exam.client.audit;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import kg.exam.contract.trust.bundle.AuditBundle;
import kg.exam.contract.trust.bundle.AuditBundleReader;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleFormatException;
import kg.exam.contract.trust.bundle.BundleManifest;
import kg.exam.contract.trust.bundle.BundleStream;

/**
 * Checks the evidence of an integrity flag ({@value #FORMAT}, written by the query side's integrity
 * analytics) against an audit bundle that {@link BundleVerifier} has verified: every cited event of
 * every cited sitting the bundle holds must be there, at the cited sequence number, of the cited
 * type (compared on the simple class name, e.g. {@code AnswerRecorded}), and each field the
 * citation gives must equal the event's signed payload: {@code itemId} (string), {@code response}
 * (strings, in order), {@code clientTimestamp} and {@code recordedAt} (compared as instants, so
 * {@code 09:14:03.250Z} equals {@code 15:14:03.25+06:00}). A field cited as JSON null must be
 * absent or null in the payload; a field not cited is not compared.
 *
 * <p>The file is read strictly: {@code format} must be exactly {@value #FORMAT}; {@code sessionId},
 * {@code flagId} and {@code kind} strings; {@code statistic} and {@code pValue} numbers or null
 * when present; {@code sittings} a non-empty array of {@code {sittingId, bundle?, events}}, each
 * sitting once, with a non-empty {@code events} array of {@code {sequence, type, itemId?,
 * response?, clientTimestamp?, recordedAt?}} where {@code sequence} is a non-negative integer.
 * Unknown members are ignored.
 *
 * <p>A cited sitting the bundle does not hold (a sitting bundle of another sitting) cannot be
 * checked there and is reported as such ({@link Outcome#notInBundle}); it is not a mismatch. The
 * bundle is read again with {@link AuditBundleReader}; only the cited sittings' entries are decoded
 * unless a cited sitting is not under its usual entry name, when every entry is read once to find
 * it.
 */
public final class EvidenceCheck {
  /** The evidence format this class reads. */
  public static final String FORMAT = "exam-integrity-evidence/1";

  /** Largest evidence file read. */
  public static final long MAX_BYTES = 64L * 1024 * 1024;

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** The fields of a cited event that are compared with the payload, in the order checked. */
  private static final List<String> FIELDS =
      List.of("itemId", "response", "clientTimestamp", "recordedAt");

  private EvidenceCheck() {}

  /** An evidence file that does not have the documented form; the message is one line. */
  public static final class MalformedEvidence extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEvidence(String message) {
      super(message);
    }
  }

  /**
   * An evidence document.
   *
   * @param sessionId the session of the flagged sittings
   * @param flagId the flag's id, e.g. {@code SIMILARITY:sit-a:sit-b}
   * @param kind the flag's kind, e.g. {@code SIMILARITY}
   * @param sittings the cited sittings, in file order
   */
  public record Evidence(
      String sessionId, String flagId, String kind, List<CitedSitting> sittings) {
    /** Copies the list. */
    public Evidence {
      sittings = List.copyOf(sittings);
    }
  }

  /**
   * One cited sitting.
   *
   * @param sittingId the sitting
   * @param bundle where its audit bundle can be downloaded (e.g. {@code
   *     /api/audit/sittings/sit-a/bundle}), or null
   * @param events the cited events, in file order
   */
  public record CitedSitting(String sittingId, String bundle, List<CitedEvent> events) {
    /** Copies the list. */
    public CitedSitting {
      events = List.copyOf(events);
    }
  }

  /**
   * One cited event.
   *
   * @param sequence its sequence number in the sitting's stream
   * @param type its type as cited (a simple class name such as {@code AnswerRecorded})
   * @param fields the payload fields cited, in the order checked
   */
  public record CitedEvent(long sequence, String type, List<CitedField> fields) {
    /** Copies the list. */
    public CitedEvent {
      fields = List.copyOf(fields);
    }
  }

  /**
   * One cited payload field.
   *
   * @param name {@code itemId}, {@code response}, {@code clientTimestamp} or {@code recordedAt}
   * @param value a {@link String} (itemId), a {@code List<String>} (response), an {@link Instant}
   *     (the times), or null when cited as JSON null (the payload must have none)
   */
  public record CitedField(String name, Object value) {}

  /**
   * A cited event that does not hold.
   *
   * @param sittingId the sitting
   * @param sequence the cited sequence number
   * @param field {@code sessionId}, {@code sequence}, {@code type}, or the payload field
   * @param reason what does not hold, in words
   */
  public record Mismatch(String sittingId, long sequence, String field, String reason) {
    /** One line: {@code evidence, sitting s-1, event 12, field response: ...}. */
    public String describe() {
      return "evidence, sitting "
          + sittingId
          + ", event "
          + sequence
          + ", field "
          + field
          + ": "
          + reason;
    }
  }

  /**
   * The outcome of a check.
   *
   * @param mismatch the first cited event that does not hold, or null
   * @param eventsChecked cited events found to hold (before the mismatch, if any)
   * @param sittingsChecked the cited sittings the bundle holds, in file order (up to the mismatch)
   * @param notInBundle the cited sittings the bundle does not hold, in file order (up to the
   *     mismatch)
   * @param manifest the bundle's manifest
   */
  public record Outcome(
      Mismatch mismatch,
      int eventsChecked,
      List<String> sittingsChecked,
      List<CitedSitting> notInBundle,
      BundleManifest manifest) {
    /** Copies the lists. */
    public Outcome {
      sittingsChecked = List.copyOf(sittingsChecked);
      notInBundle = List.copyOf(notInBundle);
    }

    /** Whether every cited event of every sitting in the bundle holds (vacuously when none is). */
    public boolean ok() {
      return mismatch == null;
    }
  }

  /** Reads an evidence file. */
  public static Evidence read(Path file) throws IOException, MalformedEvidence {
    if (Files.size(file) > MAX_BYTES) {
      throw new MalformedEvidence("larger than " + MAX_BYTES + " bytes");
    }
    return parse(Files.readAllBytes(file));
  }

  /** Reads an evidence document from its JSON bytes. */
  public static Evidence parse(byte[] bytes) throws MalformedEvidence {
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new MalformedEvidence(
          "not well-formed JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + ": "
              + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new MalformedEvidence("not well-formed JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEvidence("not a JSON object");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isTextual() || !FORMAT.equals(format.textValue())) {
      throw new MalformedEvidence(
          "format is " + (format == null ? "missing" : show(format)) + ", not \"" + FORMAT + "\"");
    }
    String sessionId = requiredString(root, "sessionId", "sessionId");
    String flagId = requiredString(root, "flagId", "flagId");
    String kind = requiredString(root, "kind", "kind");
    optionalNumber(root, "statistic");
    optionalNumber(root, "pValue");
    JsonNode sittingsNode = root.get("sittings");
    if (sittingsNode == null || !sittingsNode.isArray() || sittingsNode.size() == 0) {
      throw new MalformedEvidence("sittings is not a non-empty array");
    }
    List<CitedSitting> sittings = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < sittingsNode.size(); i++) {
      String where = "sittings[" + i + "]";
      JsonNode s = sittingsNode.get(i);
      if (!s.isObject()) {
        throw new MalformedEvidence(where + " is not an object");
      }
      String sittingId = requiredString(s, "sittingId", where + ".sittingId");
      if (!seen.add(sittingId)) {
        throw new MalformedEvidence(
            where + ".sittingId: sitting " + sittingId + " is listed twice");
      }
      String bundle = optionalString(s, "bundle", where + ".bundle");
      JsonNode eventsNode = s.get("events");
      if (eventsNode == null || !eventsNode.isArray() || eventsNode.size() == 0) {
        throw new MalformedEvidence(where + ".events is not a non-empty array");
      }
      List<CitedEvent> events = new ArrayList<>();
      for (int j = 0; j < eventsNode.size(); j++) {
        events.add(event(eventsNode.get(j), where + ".events[" + j + "]"));
      }
      sittings.add(new CitedSitting(sittingId, bundle, events));
    }
    return new Evidence(sessionId, flagId, kind, sittings);
  }

  private static CitedEvent event(JsonNode e, String where) throws MalformedEvidence {
    if (!e.isObject()) {
      throw new MalformedEvidence(where + " is not an object");
    }
    JsonNode seq = e.get("sequence");
    if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
      throw new MalformedEvidence(
          where
              + ".sequence is "
              + (seq == null ? "missing" : show(seq))
              + ", not a non-negative integer");
    }
    String type = requiredString(e, "type", where + ".type");
    List<CitedField> fields = new ArrayList<>();
    for (String name : FIELDS) {
      JsonNode v = e.get(name);
      if (v == null) {
        continue;
      }
      String at = where + "." + name;
      if (v.isNull()) {
        fields.add(new CitedField(name, null));
        continue;
      }
      Object value =
          switch (name) {
            case "itemId" -> {
              if (!v.isTextual()) {
                throw new MalformedEvidence(at + " is " + show(v) + ", not a string");
              }
              yield v.textValue();
            }
            case "response" -> {
              List<String> strings = strings(v);
              if (strings == null) {
                throw new MalformedEvidence(at + " is " + show(v) + ", not an array of strings");
              }
              yield strings;
            }
            default -> {
              Instant t = v.isTextual() ? instant(v.textValue()) : null;
              if (t == null) {
                throw new MalformedEvidence(
                    at + " is " + show(v) + ", not an ISO-8601 time such as 2026-05-20T09:14:03Z");
              }
              yield t;
            }
          };
      fields.add(new CitedField(name, value));
    }
    return new CitedEvent(seq.longValue(), type, fields);
  }

  private static String requiredString(JsonNode o, String name, String where)
      throws MalformedEvidence {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
      throw new MalformedEvidence(
          where + " is " + (v == null ? "missing" : show(v)) + ", not a non-empty string");
    }
    return v.textValue();
  }

  private static String optionalString(JsonNode o, String name, String where)
      throws MalformedEvidence {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new MalformedEvidence(where + " is " + show(v) + ", not a string");
    }
    return v.textValue();
  }

  private static void optionalNumber(JsonNode o, String name) throws MalformedEvidence {
    JsonNode v = o.get(name);
    if (v != null && !v.isNull() && !v.isNumber()) {
      throw new MalformedEvidence(name + " is " + show(v) + ", not a number");
    }
  }

  /** The node as a list of strings, or null when it is not an array of strings. */
  private static List<String> strings(JsonNode v) {
    if (!v.isArray()) {
      return null;
    }
    List<String> out = new ArrayList<>(v.size());
    for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
      JsonNode x = it.next();
      if (!x.isTextual()) {
        return null;
      }
      out.add(x.textValue());
    }
    return out;
  }

  /** An ISO-8601 instant ({@code Z} or an offset), or null when the text is not one. */
  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeException e) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeException x) {
        return null;
      }
    }
  }

  /**
   * Checks the evidence against a bundle file that {@link BundleVerifier} found to hold.
   *
   * @throws IOException when the bundle cannot be read (as the verifier would have reported)
   */
  public static Outcome check(Evidence evidence, Path bundle) throws IOException {
    try (AuditBundleReader reader = AuditBundleReader.open(bundle)) {
      return check(evidence, reader);
    } catch (BundleFormatException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Checks the evidence against an open bundle that {@link BundleVerifier} found to hold. */
  public static Outcome check(Evidence evidence, AuditBundleReader reader) {
    BundleManifest manifest = reader.manifest();
    Sittings bundle = new Sittings(reader);
    int checked = 0;
    List<String> present = new ArrayList<>();
    List<CitedSitting> absent = new ArrayList<>();
    for (CitedSitting cited : evidence.sittings()) {
      BundleStream stream = bundle.find(cited.sittingId());
      if (stream == null) {
        absent.add(cited);
        continue;
      }
      present.add(cited.sittingId());
      // the verifier held the registration (event 0) of every sitting to the manifest's session
      if (!evidence.sessionId().equals(manifest.sessionId())) {
        Mismatch m =
            new Mismatch(
                cited.sittingId(),
                0,
                "sessionId",
                "the evidence names session "
                    + evidence.sessionId()
                    + ", the sitting's signed registration is in session "
                    + manifest.sessionId());
        return new Outcome(m, checked, present, absent, manifest);
      }
      for (CitedEvent event : cited.events()) {
        Mismatch m = compare(cited.sittingId(), event, stream.events());
        if (m != null) {
          return new Outcome(m, checked, present, absent, manifest);
        }
        checked++;
      }
    }
    return new Outcome(null, checked, present, absent, manifest);
  }

  private static Mismatch compare(String sittingId, CitedEvent cited, List<BundleEvent> events) {
    long seq = cited.sequence();
    if (seq >= events.size()) {
      return new Mismatch(
          sittingId,
          seq,
          "sequence",
          "the sitting's signed stream has "
              + events.size()
              + " events (sequence numbers 0 to "
              + (events.size() - 1)
              + ")");
    }
    // the verifier held every event's sequence number to its position
    BundleEvent event = events.get((int) seq);
    String type = event.simpleType();
    if (!simpleName(cited.type()).equals(type)) {
      return new Mismatch(
          sittingId, seq, "type", "cited " + cited.type() + ", the signed event is " + type);
    }
    JsonNode payload;
    try {
      payload = JSON.readTree(event.payload());
    } catch (IOException e) {
      return new Mismatch(
          sittingId,
          seq,
          "payload",
          "the signed payload does not read as JSON: " + firstLine(e.getMessage()));
    }
    for (CitedField field : cited.fields()) {
      String reason = differs(field, payload == null ? null : payload.get(field.name()));
      if (reason != null) {
        return new Mismatch(sittingId, seq, field.name(), reason);
      }
    }
    return null;
  }

  /** Why the payload's value differs from the cited one, or null when they are equal. */
  private static String differs(CitedField field, JsonNode actual) {
    boolean none = actual == null || actual.isNull();
    Object cited = field.value();
    if (cited == null) {
      return none ? null : "cited as absent, the signed event has " + show(actual);
    }
    if (none) {
      return "cited " + show(cited) + ", the signed event has none";
    }
    Object signed =
        switch (cited) {
          case String s -> actual.isTextual() ? actual.textValue() : null;
          case List<?> l -> strings(actual);
          case Instant t -> signedInstant(actual);
          default -> throw new IllegalStateException("cited value of field " + field.name());
        };
    if (signed == null) {
      return "cited " + show(cited) + ", the signed event has " + show(actual);
    }
    return Objects.equals(cited, signed)
        ? null
        : "cited " + show(cited) + ", the signed event has " + show(signed);
  }

  /** A time in a payload: ISO-8601 text, or decimal epoch seconds (Jackson's numeric form). */
  private static Instant signedInstant(JsonNode v) {
    if (v.isTextual()) {
      return instant(v.textValue());
    }
    if (v.isNumber()) {
      try {
        BigDecimal seconds = v.decimalValue();
        long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return Instant.ofEpochSecond(whole, nanos);
      } catch (ArithmeticException | DateTimeException e) {
        return null;
      }
    }
    return null;
  }

  private static String simpleName(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  /** A value for a message, on one line and at most about 80 characters. */
  private static String show(Object value) {
    String text =
        switch (value) {
          case JsonNode n -> n.toString();
          case String s -> TextNode.valueOf(s).toString();
          case List<?> l -> JSON.valueToTree(l).toString();
          default -> String.valueOf(value);
        };
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /** The bundle's sittings by id, found by their usual entry name or, failing that, by a scan. */
  private static final class Sittings {
    private final AuditBundleReader reader;
    private final Set<String> entries;
    private Map<String, String> entryOfSitting;

    Sittings(AuditBundleReader reader) {
      this.reader = reader;
      this.entries = new HashSet<>(reader.sittingEntries());
    }

    /** The sitting's stream, or null when the bundle does not hold it. */
    BundleStream find(String sittingId) {
      String entry = AuditBundle.sittingEntry(sittingId);
      if (entries.contains(entry)) {
        BundleStream stream = reader.sitting(entry);
        if (stream.streamId().equals(sittingId)) {
          return stream;
        }
      }
      if (entryOfSitting == null) {
        entryOfSitting = new HashMap<>();
        for (String e : reader.sittingEntries()) {
          entryOfSitting.putIfAbsent(reader.sitting(e).streamId(), e);
        }
      }
      String other = entryOfSitting.get(sittingId);
      return other == null ? null : reader.sitting(other);
    }
  }
}
