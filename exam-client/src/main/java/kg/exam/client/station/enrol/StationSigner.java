package kg.exam.client.station.enrol;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.StationRequestSignatures;

/**
 * The station's Ed25519 key in use: signs requests to the command side (scheme {@value
 * StationRequestSignatures#SCHEME}, header {@code Authorization: ExamStation keyId=…,ts=…,sig=…})
 * and answers ({@value AnswerSignatures#SCHEME}).
 *
 * <p>Request timestamps are the station clock plus a correction learnt from the command side: when
 * the command side refuses a request with {@code station-clock-skew} (more than 5 minutes apart),
 * its problem carries {@code serverTime}; {@link #correctClock(Instant)} then sets the offset so
 * the next request is accepted. The correction applies only to request authentication, never to the
 * times the station records for candidates (the station is the time authority of its sittings).
 *
 * <p>Thread-safe. The private key is never rendered ({@link #toString()} names the key id).
 */
public final class StationSigner {
  private final Ed25519PrivateKey key;
  private final Clock clock;
  private final AtomicLong offsetMs = new AtomicLong();

  /**
   * @param key the station key (from {@link #load})
   * @param clock the station's clock
   */
  public StationSigner(Ed25519PrivateKey key, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Reads the station key from its PEM file (written by {@code enrol}). */
  public static StationSigner load(Path pemFile, Clock clock) throws IOException {
    return new StationSigner(Ed25519PrivateKey.fromPemFile(pemFile), clock);
  }

  /** The key id the command side's trust registry knows the station by. */
  public String keyId() {
    return key.keyId().value();
  }

  /** The station's public key, base64url of the raw 32 bytes. */
  public String publicKeyBase64Url() {
    return key.publicKey().toBase64Url();
  }

  /**
   * The {@code Authorization} header value for one request.
   *
   * @param rawPathAndQuery the request target as sent, e.g. {@code /api/stations/sync} or {@code
   *     /api/x?a=1} (use {@link URI#getRawPath()} and {@link URI#getRawQuery()})
   * @param body the exact body bytes sent, or null/empty when there is none
   */
  public String authorization(String method, String rawPathAndQuery, byte[] body) {
    return StationRequestSignatures.sign(key, method, rawPathAndQuery, signingTime(), body)
        .headerValue();
  }

  /** The request target of a URI as {@link #authorization} wants it. */
  public static String rawPathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /**
   * A request builder for {@code uri} with the body set and the {@code Authorization} header signed
   * over it.
   *
   * @param body the JSON body, or null for a request without one
   */
  public HttpRequest.Builder signedRequest(String method, URI uri, byte[] body) {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .method(method, publisher)
            .header("Authorization", authorization(method, rawPathAndQuery(uri), body));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    return builder;
  }

  /** Signs an answer ({@value AnswerSignatures#SCHEME}) with the station key; base64url. */
  public String signAnswer(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp) {
    return AnswerSignatures.sign(key, sittingId, itemId, response, clientSeq, clientTimestamp);
  }

  /** Signs arbitrary bytes (e.g. a journal entry) with the station key; raw 64-byte signature. */
  public byte[] sign(byte[] message) {
    return key.sign(message);
  }

  /**
   * Learns the command side's clock from a {@code station-clock-skew} problem's {@code serverTime}
   * (or a {@code Date} header): later request timestamps are shifted by the difference.
   */
  public void correctClock(Instant serverTime) {
    offsetMs.set(Duration.between(clock.instant(), serverTime).toMillis());
  }

  /** The current correction added to the station clock for request timestamps. */
  public Duration clockOffset() {
    return Duration.ofMillis(offsetMs.get());
  }

  private Instant signingTime() {
    return clock.instant().plusMillis(offsetMs.get());
  }

  @Override
  public String toString() {
    return "StationSigner[keyId=" + keyId() + "]";
  }
}
