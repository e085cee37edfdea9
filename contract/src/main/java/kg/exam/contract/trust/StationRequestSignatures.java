package kg.exam.contract.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How an enrolled exam station authenticates its HTTP requests to the command side: one definition
 * for the signer (the station) and the verifier (the command side's filter).
 *
 * <p>Scheme {@value #SCHEME}. The request carries {@code Authorization: ExamStation
 * keyId=<keyId>,ts=<instant>,sig=<signature>} where {@code keyId} is the station key's {@link
 * KeyId}, {@code ts} the station's clock as ISO-8601 UTC ({@link Instant#toString()}), and {@code
 * sig} the base64url (no padding) pure Ed25519 signature of the UTF-8 bytes of
 *
 * <pre>
 * "exam-station-request/1\n" + METHOD + "\n" + rawPathAndQuery + "\n" + ts + "\n" + hex(SHA-256(body))
 * </pre>
 *
 * with {@code METHOD} upper case, {@code rawPathAndQuery} the request target exactly as sent (raw,
 * percent-encoded path, then {@code ?} and the raw query when there is one), and the body digest in
 * lower-case hex (the digest of zero bytes for a request without a body: {@code e3b0c442…}).
 * Example: {@code GET /api/stations/sessions/s-1/package} at {@code 2026-11-30T06:00:00Z} signs
 * {@code
 * "exam-station-request/1\nGET\n/api/stations/sessions/s-1/package\n2026-11-30T06:00:00Z\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}.
 *
 * <p>The signature binds the method, target, time and body, so a captured request cannot be
 * replayed against another endpoint or with another body; within the accepted clock skew the same
 * request can be replayed as it is, so endpoints that change state must be idempotent (the station
 * sync is, by the station's sequence numbers).
 */
public final class StationRequestSignatures {
  /** Name and version of the signed request form. */
  public static final String SCHEME = "exam-station-request/1";

  /** The HTTP authentication scheme name in the {@code Authorization} header. */
  public static final String AUTH_SCHEME = "ExamStation";

  private StationRequestSignatures() {}

  /** The parts of an {@code ExamStation} authorization header. */
  public record Authorization(String keyId, Instant timestamp, String signature) {
    public Authorization {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(timestamp, "timestamp");
      Objects.requireNonNull(signature, "signature");
    }

    /** The header value, e.g. {@code ExamStation keyId=…,ts=2026-11-30T06:00:00Z,sig=…}. */
    public String headerValue() {
      return AUTH_SCHEME + " keyId=" + keyId + ",ts=" + timestamp + ",sig=" + signature;
    }
  }

  /** The bytes a station signs for one request. */
  public static byte[] signedBytes(
      String method, String rawPathAndQuery, Instant timestamp, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPathAndQuery, "rawPathAndQuery");
    Objects.requireNonNull(timestamp, "timestamp");
    String text =
        SCHEME
            + "\n"
            + method.toUpperCase(Locale.ROOT)
            + "\n"
            + rawPathAndQuery
            + "\n"
            + timestamp
            + "\n"
            + sha256Hex(body == null ? new byte[0] : body);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Signs a request with the station key; returns the authorization to send. */
  public static Authorization sign(
      Ed25519PrivateKey key,
      String method,
      String rawPathAndQuery,
      Instant timestamp,
      byte[] body) {
    Objects.requireNonNull(key, "key");
    String sig =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(key.sign(signedBytes(method, rawPathAndQuery, timestamp, body)));
    return new Authorization(key.keyId().value(), timestamp, sig);
  }

  /**
   * Whether the authorization's signature is {@code key}'s signature of the request. False, never
   * an exception, for a signature that is not base64url or not 64 bytes.
   */
  public static boolean verify(
      Ed25519PublicKey key,
      Authorization authorization,
      String method,
      String rawPathAndQuery,
      byte[] body) {
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(authorization.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return key.verify(signedBytes(method, rawPathAndQuery, authorization.timestamp(), body), sig);
  }

  /**
   * Reads an {@code Authorization} header value of this scheme.
   *
   * @throws IllegalArgumentException naming what is wrong (not this scheme, a part missing or
   *     repeated, a time that is not ISO-8601)
   */
  public static Authorization parse(String headerValue) {
    if (headerValue == null || !headerValue.startsWith(AUTH_SCHEME + " ")) {
      throw new IllegalArgumentException("not an " + AUTH_SCHEME + " authorization");
    }
    Map<String, String> parts = new LinkedHashMap<>();
    for (String part : headerValue.substring(AUTH_SCHEME.length() + 1).trim().split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("authorization part without '=': " + part.trim());
      }
      String name = part.substring(0, eq).trim();
      if (parts.put(name, part.substring(eq + 1).trim()) != null) {
        throw new IllegalArgumentException("authorization part repeated: " + name);
      }
    }
    for (String required : new String[] {"keyId", "ts", "sig"}) {
      if (!parts.containsKey(required) || parts.get(required).isEmpty()) {
        throw new IllegalArgumentException("authorization without " + required);
      }
    }
    Instant ts;
    try {
      ts = Instant.parse(parts.get("ts"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("ts is not an ISO-8601 instant: " + parts.get("ts"));
    }
    return new Authorization(parts.get("keyId"), ts, parts.get("sig"));
  }

  /** Lower-case hex SHA-256 of the bytes. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
