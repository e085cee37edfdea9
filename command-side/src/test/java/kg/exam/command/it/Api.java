package kg.exam.command.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the running application: real requests, real JSON. */
final class Api {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

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
    return postRaw(path, authorization, body == null ? "" : JSON.writeValueAsString(body));
  }

  Response postRaw(String path, String authorization, String body) {
    return send(
        request(path, authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Response put(String path, String authorization, Object body) {
    return send(
        request(path, authorization)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
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
