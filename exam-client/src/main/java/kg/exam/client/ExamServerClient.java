package kg.exam.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;

/**
 * A candidate's side of the command side's public HTTP API: sign in with the admission slip, start,
 * read the paper, answer, flag, submit. Answers are retried on network failures and server errors
 * with the same client sequence number, which the server deduplicates, so a retry can never record
 * an answer twice. Thread-safe; one instance can serve many candidates.
 *
 * <p>Every answer is signed ({@link AnswerSignatures}, scheme {@code answer/1}): by the station key
 * given to the constructor (an exam station registered by the centre), or else by a device key this
 * client generates for the sitting when it starts it and binds at the start (or, for a sitting
 * started elsewhere, binds through {@code POST /api/sittings/{id}/device-keys} before the first
 * answer). Private keys stay in this process.
 */
public final class ExamServerClient {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final HttpClient http;
  private final URI base;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Ed25519PrivateKey stationKey;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Ed25519PrivateKey> deviceKeys = new ConcurrentHashMap<>();

  /**
   * A client that signs with a device key per sitting.
   *
   * @param base the server, e.g. {@code http://localhost:8080}
   * @param requestTimeout how long one request may take
   * @param maxAttempts attempts per answer before giving up, 1 or more
   * @param firstBackoff wait after the first failure; doubled after each further one
   */
  public ExamServerClient(
      URI base, Duration requestTimeout, int maxAttempts, Duration firstBackoff) {
    this(base, requestTimeout, maxAttempts, firstBackoff, null);
  }

  /**
   * A client on an exam station: signs every answer with the station's key.
   *
   * @param base the server, e.g. {@code http://localhost:8080}
   * @param requestTimeout how long one request may take
   * @param maxAttempts attempts per answer before giving up, 1 or more
   * @param firstBackoff wait after the first failure; doubled after each further one
   * @param stationKey the station's private key (registered by the centre administrator), or null
   *     to sign with a device key per sitting
   */
  public ExamServerClient(
      URI base,
      Duration requestTimeout,
      int maxAttempts,
      Duration firstBackoff,
      Ed25519PrivateKey stationKey) {
    this.stationKey = stationKey;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts=" + maxAttempts + " must be 1 or more");
    }
    this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    this.base = base;
    this.requestTimeout = requestTimeout;
    this.maxAttempts = maxAttempts;
    this.firstBackoff = firstBackoff;
  }

  /** A signed-in candidate: the bearer token and the sitting it is good for. */
  public record Session(String sittingId, String token, Instant expiresAt) {}

  /** The server's receipt for an answer. {@code duplicate}: it had already been stored. */
  public record AnswerReceipt(
      String itemId, long clientSeq, Instant recordedAt, boolean duplicate) {}

  /** The sitting as the server sees it; times are the server's. */
  public record SittingState(
      String status, Instant deadline, long remainingMs, Instant serverTime, JsonNode raw) {}

  public Session signIn(String candidateCode, String pin) {
    JsonNode r =
        call(
            "POST",
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", candidateCode, "pin", pin));
    return new Session(
        r.get("sittingId").asText(),
        r.get("token").asText(),
        Instant.parse(r.get("expiresAt").asText()));
  }

  /**
   * Starts the sitting. Without a station key, generates the sitting's device key and binds it at
   * the start.
   */
  public SittingState start(Session session) {
    if (stationKey != null) {
      return state(call("POST", sitting(session) + "/start", session, null));
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(random);
    SittingState state =
        state(
            call(
                "POST",
                sitting(session) + "/start",
                session,
                Map.of("devicePublicKey", key.publicKey().toBase64Url())));
    deviceKeys.put(session.sittingId(), key);
    return state;
  }

  /**
   * The key this client signs the sitting's answers with: the station key, or the sitting's device
   * key, generated and bound now if this client has none for the sitting.
   */
  public Ed25519PrivateKey signingKey(Session session) {
    if (stationKey != null) {
      return stationKey;
    }
    Ed25519PrivateKey key = deviceKeys.get(session.sittingId());
    if (key != null) {
      return key;
    }
    Ed25519PrivateKey fresh = Ed25519PrivateKey.generate(random);
    call(
        "POST",
        sitting(session) + "/device-keys",
        session,
        Map.of("publicKey", fresh.publicKey().toBase64Url()));
    deviceKeys.put(session.sittingId(), fresh);
    return fresh;
  }

  public SittingState state(Session session) {
    return state(call("GET", sitting(session), session, null));
  }

  /**
   * The bytes of a picture or sound the paper shows, checked against the SHA-256 the paper names it
   * by (an {@link IllegalStateException} when they differ: the candidate would see another one).
   */
  public byte[] medium(Session session, String sha256) {
    try {
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(base.resolve(sitting(session) + "/media/" + sha256))
                  .timeout(requestTimeout)
                  .header("Authorization", "Bearer " + session.token())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() >= 400) {
        JsonNode json = JSON.readTree(response.body());
        throw new ServerProblem(
            response.statusCode(), json.path("type").asText(null), json.path("detail").asText(""));
      }
      String got =
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256").digest(response.body()));
      if (!got.equals(sha256)) {
        throw new IllegalStateException(
            "medium " + sha256 + " came with other bytes (" + got + ")");
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException("GET media " + sha256 + " failed: " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The paper: items with prompts and choices, never keys. */
  public JsonNode paper(Session session) {
    return call("GET", sitting(session) + "/paper", session, null);
  }

  /**
   * Records an answer, signed with {@link #signingKey}, retrying transient failures with the same
   * {@code clientSeq}.
   */
  public AnswerReceipt answer(
      Session session,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("itemId", itemId);
    body.put("response", response);
    body.put("clientSeq", clientSeq);
    body.put("clientTimestamp", clientTimestamp.toString());
    Ed25519PrivateKey key = signingKey(session);
    body.put(
        "signature",
        Map.of(
            "keyId",
            key.keyId().value(),
            "value",
            AnswerSignatures.sign(
                key, session.sittingId(), itemId, response, clientSeq, clientTimestamp)));
    Duration backoff = firstBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        JsonNode r = call("POST", sitting(session) + "/answers", session, body);
        return new AnswerReceipt(
            r.get("itemId").asText(),
            r.get("clientSeq").asLong(),
            r.hasNonNull("recordedAt") ? Instant.parse(r.get("recordedAt").asText()) : null,
            r.get("duplicate").asBoolean());
      } catch (UncheckedIOException | ServerProblem e) {
        boolean transientFailure =
            e instanceof UncheckedIOException
                || ((ServerProblem) e).status() >= 500
                || ((ServerProblem) e).name().equals("concurrent-modification");
        if (!transientFailure || attempt >= maxAttempts) {
          throw e;
        }
        sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
  }

  public SittingState flag(Session session, String itemId, boolean flagged) {
    return state(
        call(
            "POST",
            sitting(session) + "/flags",
            session,
            Map.of("itemId", itemId, "flagged", flagged)));
  }

  public SittingState submit(Session session) {
    return state(call("POST", sitting(session) + "/submit", session, null));
  }

  private static String sitting(Session session) {
    return "/api/sittings/" + session.sittingId();
  }

  private static SittingState state(JsonNode r) {
    return new SittingState(
        r.get("status").asText(),
        r.hasNonNull("deadline") ? Instant.parse(r.get("deadline").asText()) : null,
        r.path("remainingMs").asLong(),
        Instant.parse(r.get("serverTime").asText()),
        r);
  }

  private JsonNode call(String method, String path, Session session, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(requestTimeout)
              .header("Accept", "application/json");
      if (session != null) {
        request.header("Authorization", "Bearer " + session.token());
      }
      if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json =
          response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 400) {
        throw new ServerProblem(
            response.statusCode(), json.path("type").asText(null), json.path("detail").asText(""));
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
