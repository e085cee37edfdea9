package kg.exam.client.station;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The station's HTTP server: the JDK's {@code com.sun.net.httpserver} with one virtual thread per
 * request, a small router of {@code (method, path template)} routes, RFC 9457 problem documents for
 * every refusal, and the static files of the classpath folder {@code static/<folder>/} at {@code
 * /<folder>/} (the student UI at {@code /exam/}).
 *
 * <p>Routes are matched segment by segment; {@code {name}} matches one segment. Register every
 * route before {@link #start()}. Request bodies are limited to {@value #MAX_BODY_BYTES} bytes
 * ({@code oversized-response}, as on the command side).
 */
public final class StationServer implements AutoCloseable {
  /** Largest request body accepted: 1 MiB, as on the command side. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private static final Logger LOG = Logger.getLogger(StationServer.class.getName());

  /** Handles one matched request; throw a {@link StationProblem} to refuse it. */
  @FunctionalInterface
  public interface Handler {
    void handle(Exchange exchange) throws Exception;
  }

  private record Route(String method, String[] segments, Handler handler) {}

  static {
    // a request whose headers or body never finish arriving (a Content-Length it never sends) is
    // cut after 30 s instead of holding its connection and thread for ever; JDK-wide, set only
    // when the operator has not chosen a value
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "30");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, String> staticFolders = new HashMap<>();

  /**
   * Binds the port (0 for any free one); does not serve until {@link #start()}.
   *
   * @param bind the address to listen on, e.g. {@code 0.0.0.0} for every interface
   */
  public StationServer(String bind, int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(bind, port), 128);
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
  }

  /** Adds a route; {@code pathTemplate} like {@code /api/sittings/{sittingId}/answers}. */
  public StationServer route(String method, String pathTemplate, Handler handler) {
    routes.add(new Route(method.toUpperCase(Locale.ROOT), split(pathTemplate), handler));
    return this;
  }

  /**
   * Serves the classpath folder {@code static/<folder>/} at {@code /<folder>/}; a path ending in
   * {@code /} serves its {@code index.html}.
   */
  public StationServer staticFolder(String folder) {
    staticFolders.put(folder, "static/" + folder + "/");
    return this;
  }

  public void start() {
    server.start();
  }

  /** The port actually bound (useful after binding port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static String[] split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.isEmpty() ? new String[0] : p.split("/", -1);
  }

  private void dispatch(HttpExchange http) throws IOException {
    Exchange exchange = new Exchange(http);
    try {
      String[] segments = split(http.getRequestURI().getRawPath());
      boolean pathMatched = false;
      for (Route route : routes) {
        Map<String, String> params = match(route.segments(), segments);
        if (params == null) {
          continue;
        }
        pathMatched = true;
        if (route.method().equals(http.getRequestMethod())) {
          exchange.params = params;
          // every body is read and checked before any handler runs: a command with a bad body
          // is refused before it can change anything, whether or not its handler reads one
          exchange.checkBody();
          route.handler().handle(exchange);
          return;
        }
      }
      if (pathMatched) {
        throw new StationProblem(
            "method-not-allowed",
            405,
            "Method not allowed",
            http.getRequestMethod() + " is not allowed on " + http.getRequestURI().getPath());
      }
      if (segments.length > 0 && staticFolders.containsKey(segments[0])) {
        serveStatic(exchange, segments);
        return;
      }
      throw StationProblem.notFound("No resource " + http.getRequestURI().getPath() + ".");
    } catch (StationProblem p) {
      exchange.problem(p);
    } catch (Exception e) {
      LOG.log(
          Level.WARNING,
          "request failed: " + http.getRequestMethod() + " " + http.getRequestURI().getPath(),
          e);
      exchange.problem(
          new StationProblem(
              "internal-error", 500, "Internal error", "The station could not do this; retry."));
    } finally {
      http.close();
    }
  }

  private static Map<String, String> match(String[] template, String[] segments) {
    if (template.length != segments.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        params.put(
            t.substring(1, t.length() - 1),
            java.net.URLDecoder.decode(segments[i], StandardCharsets.UTF_8));
      } else if (!t.equals(segments[i])) {
        return null;
      }
    }
    return params;
  }

  private void serveStatic(Exchange exchange, String[] segments) throws IOException {
    if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
      throw new StationProblem(
          "method-not-allowed", 405, "Method not allowed", "Static files are read-only.");
    }
    String folder = staticFolders.get(segments[0]);
    StringBuilder rest = new StringBuilder();
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals("..") || s.equals(".") || s.contains("\\") || s.contains("%")) {
        throw StationProblem.notFound("No file " + exchange.path() + ".");
      }
      if (i > 1) {
        rest.append('/');
      }
      rest.append(s);
    }
    String path = rest.toString();
    if (segments.length == 1) {
      // "/exam" without the slash: send the browser to the folder, so relative links work
      exchange.http.getResponseHeaders().set("Location", "/" + segments[0] + "/");
      exchange.http.sendResponseHeaders(308, -1);
      return;
    }
    if (path.isEmpty() || path.endsWith("/")) {
      path += "index.html";
    }
    try (InputStream in = StationServer.class.getClassLoader().getResourceAsStream(folder + path)) {
      if (in == null) {
        throw StationProblem.notFound("No file " + exchange.path() + ".");
      }
      byte[] bytes = in.readAllBytes();
      exchange.http.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.bytes(200, contentType(path), bytes);
    }
  }

  static String contentType(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".html")) return "text/html; charset=utf-8";
    if (p.endsWith(".js") || p.endsWith(".mjs")) return "text/javascript; charset=utf-8";
    if (p.endsWith(".css")) return "text/css; charset=utf-8";
    if (p.endsWith(".json")) return "application/json";
    if (p.endsWith(".svg")) return "image/svg+xml";
    if (p.endsWith(".png")) return "image/png";
    if (p.endsWith(".ico")) return "image/x-icon";
    if (p.endsWith(".woff2")) return "font/woff2";
    if (p.endsWith(".webmanifest")) return "application/manifest+json";
    return "application/octet-stream";
  }

  /** Strict reading: a key twice in one object, or anything after the value, is malformed. */
  private static final com.fasterxml.jackson.databind.ObjectReader STRICT =
      StationJson.MAPPER
          .reader()
          .with(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** One request and its response. Not thread-safe; one per request. */
  public static final class Exchange {
    private final HttpExchange http;
    private Map<String, String> params = Map.of();
    private byte[] body;
    private JsonNode parsed;
    private boolean unreadBody;

    Exchange(HttpExchange http) {
      this.http = http;
    }

    public String method() {
      return http.getRequestMethod();
    }

    public String path() {
      return http.getRequestURI().getPath();
    }

    public URI uri() {
      return http.getRequestURI();
    }

    /** A {@code {name}} segment of the route, URL-decoded. */
    public String param(String name) {
      String v = params.get(name);
      if (v == null) {
        throw new IllegalArgumentException("route has no parameter " + name);
      }
      return v;
    }

    /** A request header, or null. */
    public String header(String name) {
      return http.getRequestHeaders().getFirst(name);
    }

    /** The caller's IP address (for logs of attacks only; never with a candidate). */
    public String remoteAddress() {
      return http.getRemoteAddress().getAddress().getHostAddress();
    }

    /**
     * Reads and checks the body, if the request has one: it must be declared {@code
     * application/json} (or a {@code +json} type), at most {@link #MAX_BODY_BYTES} bytes, and one
     * strictly well-formed JSON value (no key twice in an object, nothing after the value).
     */
    void checkBody() throws IOException {
      String length = header("Content-Length");
      boolean declared =
          header("Transfer-Encoding") != null || (length != null && !length.strip().equals("0"));
      if (declared) {
        json();
      }
    }

    /** The raw request body, at most {@link #MAX_BODY_BYTES}. */
    public byte[] body() throws IOException {
      if (body != null) {
        return body;
      }
      String length = header("Content-Length");
      if (length != null) {
        try {
          if (Long.parseLong(length.strip()) > MAX_BODY_BYTES) {
            // not read, and not drained either: the connection is closed after the answer
            unreadBody = true;
            throw StationProblem.oversized(
                "A request body holds at most " + MAX_BODY_BYTES + " bytes.");
          }
        } catch (NumberFormatException e) {
          unreadBody = true;
          throw StationProblem.malformedBody("Content-Length is not a number.");
        }
      }
      try (InputStream in = http.getRequestBody()) {
        byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
        if (read.length > MAX_BODY_BYTES) {
          throw StationProblem.oversized(
              "A request body holds at most " + MAX_BODY_BYTES + " bytes.");
        }
        body = read;
        return body;
      }
    }

    /** The body as JSON, read strictly; an empty body is JSON {@code null}. */
    public JsonNode json() throws IOException {
      if (parsed != null) {
        return parsed;
      }
      byte[] b = body();
      if (b.length == 0) {
        parsed = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        return parsed;
      }
      if (!isJson(header("Content-Type"))) {
        throw StationProblem.unsupportedMediaType(
            "Send the body as application/json (it came as "
                + (header("Content-Type") == null ? "no content type" : header("Content-Type"))
                + ").");
      }
      try {
        JsonNode node = STRICT.readTree(b);
        parsed = node == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : node;
        return parsed;
      } catch (JsonProcessingException e) {
        throw StationProblem.malformedBody("The body is not JSON: " + e.getOriginalMessage());
      }
    }

    private static boolean isJson(String contentType) {
      if (contentType == null) {
        return false;
      }
      String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      return type.equals("application/json")
          || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /** The body read as {@code type}; not JSON or the wrong shape is {@code malformed-body}. */
    public <T> T body(Class<T> type) throws IOException {
      JsonNode node = json();
      if (node.isNull()) {
        throw StationProblem.malformedBody("A JSON body is required.");
      }
      try {
        return StationJson.MAPPER.treeToValue(node, type);
      } catch (JsonProcessingException e) {
        throw StationProblem.malformedBody(
            "The body does not have the expected shape: " + e.getOriginalMessage());
      }
    }

    /** Sends {@code value} as JSON with the status. */
    public void json(int status, Object value) throws IOException {
      bytes(status, "application/json", StationJson.MAPPER.writeValueAsBytes(value));
    }

    public void noContent() throws IOException {
      http.sendResponseHeaders(204, -1);
    }

    public void bytes(int status, String contentType, byte[] bytes) throws IOException {
      http.getResponseHeaders().set("Content-Type", contentType);
      http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      boolean head = method().equals("HEAD");
      http.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
      if (!head && bytes.length > 0) {
        try (OutputStream out = http.getResponseBody()) {
          out.write(bytes);
        }
      }
    }

    void problem(StationProblem p) {
      if (unreadBody) {
        // a body announced too large (or unparsable) is not waited for: answer, then close
        http.getResponseHeaders().set("Connection", "close");
      } else {
        try {
          // drain what is left of the body, so the connection can be reused
          http.getRequestBody().transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
          // the client went away; nothing to answer
        }
      }
      try {
        bytes(
            p.status(),
            "application/problem+json",
            StationJson.MAPPER.writeValueAsBytes(p.document()));
      } catch (IOException ignored) {
        // the client went away
      }
    }
  }
}
