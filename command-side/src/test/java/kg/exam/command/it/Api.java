package kg.exam.command.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the running application: real requests, real JSON. It also plays the
 * candidate's device: a start without a body sends a device key generated for the sitting (kept
 * here, seeded), and an answer body without a {@code signature} is signed with that key ({@code
 * answer/1}), as the exam client does. Tests that check signatures send their own.
 */
final class Api {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Pattern START = Pattern.compile("/api/sittings/([^/]+)/start");
  private static final Pattern ANSWERS = Pattern.compile("/api/sittings/([^/]+)/answers");

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final Map<String, Ed25519PrivateKey> deviceKeys = new ConcurrentHashMap<>();
  private static final SecureRandom DEVICE_KEY_SEEDS = seeded(20261130L);

  Api(int port) {
    this.base = "http://localhost:" + port;
  }

  /** A response: status and parsed body (null node for an empty body). */
  record Response(int status, JsonNode body, String contentType) {
    String problemType() {
      return body.path("type").asString();
    }
  }

  static String basic(String account, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  Response get(String path, String authorization) {
    return send(request(path, authorization).GET());
  }

  Response post(String path, String authorization, Object body) {
    Matcher start = START.matcher(path);
    if (body == null && start.matches()) {
      Ed25519PrivateKey key = Ed25519PrivateKey.generate(DEVICE_KEY_SEEDS);
      Response r =
          postRaw(
              path,
              authorization,
              JSON.writeValueAsString(Map.of("devicePublicKey", key.publicKey().toBase64Url())));
      if (r.status() == 200) {
        deviceKeys.put(start.group(1), key);
      }
      return r;
    }
    Matcher answers = ANSWERS.matcher(path);
    if (answers.matches()
        && body instanceof Map<?, ?> map
        && !map.containsKey("signature")
        && deviceKeys.containsKey(answers.group(1))) {
      body = signed(deviceKeys.get(answers.group(1)), answers.group(1), map);
    }
    return postRaw(path, authorization, body == null ? "" : JSON.writeValueAsString(body));
  }

  /** The device key this client generated when it started the sitting, if it did. */
  Ed25519PrivateKey deviceKey(String sittingId) {
    return deviceKeys.get(sittingId);
  }

  /** The answer body with {@code key}'s signature of its {@code answer/1} form added. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> signed(Ed25519PrivateKey key, String sittingId, Map<?, ?> answer) {
    Object ts = answer.get("clientTimestamp");
    String signature =
        AnswerSignatures.sign(
            key,
            sittingId,
            (String) answer.get("itemId"),
            (List<String>) answer.get("response"),
            ((Number) answer.get("clientSeq")).longValue(),
            ts == null ? null : Instant.parse(ts.toString()));
    Map<String, Object> body = new LinkedHashMap<>();
    answer.forEach((k, v) -> body.put((String) k, v));
    body.put("signature", Map.of("keyId", key.keyId().value(), "value", signature));
    return body;
  }

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  Response postRaw(String path, String authorization, String body) {
    return send(
        request(path, authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A POST of raw bytes with its media type. */
  Response postBytes(String path, String authorization, String contentType, byte[] body) {
    return send(
        request(path, authorization)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  Response put(String path, String authorization, Object body) {
    return send(
        request(path, authorization)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /** A PUT of a JSON text as written. */
  Response putRaw(String path, String authorization, String body) {
    return send(
        request(path, authorization)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response delete(String path, String authorization) {
    return send(request(path, authorization).DELETE());
  }

  private HttpRequest.Builder request(String path, String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          r.body().isBlank()
              ? tools.jackson.databind.node.NullNode.getInstance()
              : JSON.readTree(r.body());
      return new Response(r.statusCode(), body, r.headers().firstValue("Content-Type").orElse(""));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
