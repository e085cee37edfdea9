package kg.exam.benchmarks.fuzz;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.cornutum.tcases.SystemInputDef;
import org.cornutum.tcases.SystemTestDef;
import org.cornutum.tcases.Tcases;
import org.cornutum.tcases.generator.GeneratorOptions;
import org.cornutum.tcases.openapi.ModelOptions;
import org.cornutum.tcases.openapi.TcasesOpenApi;
import org.cornutum.tcases.openapi.reader.OpenApiReader;
import org.cornutum.tcases.openapi.resolver.MessageData;
import org.cornutum.tcases.openapi.resolver.ParamData;
import org.cornutum.tcases.openapi.resolver.RequestCase;
import org.cornutum.tcases.openapi.resolver.RequestCaseDef;
import org.cornutum.tcases.openapi.resolver.RequestCaseResolver;
import org.cornutum.tcases.openapi.resolver.RequestCases;
import org.cornutum.tcases.openapi.resolver.RequestTestDef;
import org.cornutum.tcases.openapi.test.MediaRange;
import org.cornutum.tcases.openapi.testwriter.RequestCaseUtils;
import org.cornutum.tcases.openapi.testwriter.encoder.DataValueJson;
import org.cornutum.tcases.openapi.testwriter.encoder.DataValueText;
import org.cornutum.tcases.resolve.ResolverContext;
import org.cornutum.tcases.util.Notifier;

/**
 * A black-box, OpenAPI-driven fuzzer of one running service. Tcases (model-based, from the
 * service's own OpenAPI document) generates for every operation valid requests and requests with
 * one invalid input each (a missing or null field, a wrong type, a value past a bound, another
 * media type, …); every generated case is resolved again with each new seed into other concrete
 * values until the requested number of requests is sent. Each operation is called as the first
 * caller its probe found allowed (so the requests reach past authorisation); path parameters of
 * valid cases take the ids of a real fixture (so they reach the records), those of invalid cases
 * keep Tcases' values.
 *
 * <p>Checked for every response: no status of 500 or more; every 4xx a problem document ({@code
 * application/problem+json}) with a {@code type}; and, when a state counter is given, that a
 * refused request changed nothing (the counter is the same after it as before).
 */
public final class ApiFuzzer {
  /** Adds a caller's credentials to a request about to be sent. */
  public interface Caller {
    void sign(HttpRequest.Builder request, String method, String pathAndQuery, byte[] body);
  }

  /** Something a response broke. */
  public record Finding(
      String kind,
      String caller,
      String method,
      String uri,
      String body,
      int status,
      String reply) {
    public String describe() {
      return kind + ": " + method + " " + uri + " as " + caller + " -> " + status + " " + reply;
    }
  }

  /** What a run sent and found. */
  public record Report(
      String service,
      int operations,
      List<String> skipped,
      int requests,
      int invalidCases,
      int invalidAccepted,
      Map<Integer, Integer> statuses,
      List<Finding> findings,
      Duration took) {
    public long count(String kind) {
      return findings.stream().filter(f -> f.kind().equals(kind)).count();
    }
  }

  public static final String SERVER_ERROR = "5xx";
  public static final String UNTYPED_ERROR = "error without a problem type";
  public static final String STATE_CHANGED = "refused request changed state";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String service;
  private final URI base;
  private final String openApi;
  private final Map<String, Caller> callers;
  private final Map<String, String> fixture;
  private final LongSupplier state;

  /**
   * @param callers the callers to try, in order of preference (the first allowed is used per
   *     operation); an entry whose value adds nothing is an anonymous caller
   * @param fixture real ids by path parameter name, used in valid cases
   * @param state counts the service's durable state (e.g. events); null not to check
   */
  public ApiFuzzer(
      String service,
      URI base,
      String openApi,
      Map<String, Caller> callers,
      Map<String, String> fixture,
      LongSupplier state) {
    this.service = service;
    this.base = base;
    this.openApi = openApi;
    this.callers = new LinkedHashMap<>(callers);
    this.fixture = Map.copyOf(fixture);
    this.state = state;
  }

  /**
   * Sends at least {@code requests} generated requests, seeds {@code seed}, {@code seed + 1}, ….
   */
  public Report run(int requests, long seed) throws Exception {
    long started = System.nanoTime();
    List<String> skipped = new ArrayList<>();
    Map<String, List<RequestCaseDef>> byOperation = definitions(skipped);
    List<Finding> findings = new ArrayList<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<String, String> chosen = new LinkedHashMap<>();
    int sent = 0;
    int invalid = 0;
    int accepted = 0;
    for (long s = seed; sent < requests; s++) {
      List<RequestCase> cases = resolve(byOperation, s);
      if (cases.isEmpty()) {
        throw new IllegalStateException(service + ": Tcases generated no request case");
      }
      for (RequestCase rc : cases) {
        String operation = rc.getOperation().toUpperCase(Locale.ROOT) + " " + rc.getPath();
        String caller = chosen.get(operation);
        if (caller == null) {
          caller = probe(rc, statuses, findings);
          chosen.put(operation, caller);
          sent += callers.size();
        }
        Exchange x = send(rc, caller);
        sent++;
        statuses.merge(x.status(), 1, Integer::sum);
        check(x, findings);
        if (rc.isFailure()) {
          invalid++;
          if (x.status() < 300) {
            accepted++;
          }
        }
        if (sent >= requests) {
          break;
        }
      }
    }
    return new Report(
        service,
        byOperation.size(),
        skipped,
        sent,
        invalid,
        accepted,
        statuses,
        findings,
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** The first caller whose answer to the case is neither 401 nor 403 (else the first caller). */
  private String probe(RequestCase rc, Map<Integer, Integer> statuses, List<Finding> findings)
      throws Exception {
    String allowed = null;
    for (String caller : callers.keySet()) {
      Exchange x = send(rc, caller);
      statuses.merge(x.status(), 1, Integer::sum);
      check(x, findings);
      if (allowed == null && x.status() != 401 && x.status() != 403) {
        allowed = caller;
      }
    }
    return allowed != null ? allowed : callers.keySet().iterator().next();
  }

  private record Exchange(
      String caller,
      String method,
      String uri,
      byte[] body,
      int status,
      String type,
      String reply,
      long before,
      long after) {}

  private Exchange send(RequestCase rc, String caller) throws Exception {
    String method = rc.getOperation().toUpperCase(Locale.ROOT);
    String path = rc.getPath();
    List<String> query = new ArrayList<>();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (ParamData param : rc.getParams()) {
      switch (param.getLocation()) {
        case PATH -> {
          String real = rc.isFailure() ? null : fixture.get(param.getName());
          path =
              path.replace(
                  "{" + param.getName() + "}",
                  real != null
                      ? URLEncoder.encode(real, StandardCharsets.UTF_8)
                      : pathValue(param));
        }
        case QUERY ->
            RequestCaseUtils.getQueryParameters(param, true)
                .forEach(
                    e ->
                        query.add(
                            e.getValue() == null
                                ? e.getKey().replace("+", "%2B")
                                : e.getKey().replace("+", "%2B")
                                    + "="
                                    + e.getValue().replace("+", "%2B")));
        case HEADER ->
            RequestCaseUtils.getHeaderParameterValue(param)
                .ifPresent(v -> headers.add(Map.entry(param.getName(), v)));
        case COOKIE -> {
          // the services read no cookie parameters
        }
      }
    }
    String pathAndQuery = query.isEmpty() ? path : path + "?" + String.join("&", query);
    byte[] body = null;
    String mediaType = null;
    MessageData data = rc.getBody();
    if (data != null && data.getValue() != null) {
      mediaType = data.getMediaType();
      MediaRange media = MediaRange.of(mediaType);
      body =
          ("application/json".equals(media.base()) || "json".equals(media.suffix())
                  ? DataValueJson.toJson(data.getValue())
                  : DataValueText.toText(data.getValue()))
              .getBytes(StandardCharsets.UTF_8);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (mediaType != null) {
      request.header("Content-Type", mediaType);
    }
    for (Map.Entry<String, String> h : headers) {
      try {
        request.header(h.getKey(), h.getValue());
      } catch (IllegalArgumentException restricted) {
        // a header the HTTP client will not send (e.g. Host); the case goes without it
      }
    }
    callers.get(caller).sign(request, method, pathAndQuery, body == null ? new byte[0] : body);
    long before = state == null ? 0 : state.getAsLong();
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    long after = state == null ? 0 : state.getAsLong();
    return new Exchange(
        caller,
        method,
        pathAndQuery,
        body,
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.body(),
        before,
        after);
  }

  private void check(Exchange x, List<Finding> findings) {
    String body = x.body() == null ? "" : abbreviate(new String(x.body(), StandardCharsets.UTF_8));
    if (x.status() >= 500) {
      findings.add(finding(SERVER_ERROR, x, body));
    } else if (x.status() >= 400
        && (!x.type().startsWith("application/problem+json") || !hasProblemType(x.reply()))) {
      findings.add(finding(UNTYPED_ERROR, x, body));
    }
    if (x.status() >= 400 && x.before() != x.after()) {
      findings.add(finding(STATE_CHANGED, x, body));
    }
  }

  private static Finding finding(String kind, Exchange x, String body) {
    return new Finding(
        kind, x.caller(), x.method(), x.uri(), body, x.status(), abbreviate(x.reply()));
  }

  private static boolean hasProblemType(String reply) {
    return reply.matches("(?s).*\"type\"\\s*:\\s*\"[^\"]+\".*");
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }

  /** Path values encoded for one segment ('/' and ';' too, which Tcases leaves alone). */
  private static String pathValue(ParamData param) {
    String encoded = RequestCaseUtils.getPathParameterValue(param, true).replace("/", "%2F");
    return encoded.replace(";", "%3B");
  }

  /**
   * The request case definitions per operation, modelled one operation at a time so that an
   * operation Tcases cannot model is reported as skipped instead of failing the document.
   */
  private Map<String, List<RequestCaseDef>> definitions(List<String> skipped) {
    Map<String, List<RequestCaseDef>> byOperation = new LinkedHashMap<>();
    ModelOptions options = ModelOptions.builder().notifier(Notifier.ignore()).build();
    OpenAPI api = read();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (PathItem.HttpMethod method : path.getValue().readOperationsMap().keySet()) {
        String name = method + " " + path.getKey();
        try {
          OpenAPI single = read();
          PathItem item = single.getPaths().get(path.getKey());
          Arrays.stream(PathItem.HttpMethod.values())
              .filter(m -> m != method)
              .forEach(m -> item.operation(m, null));
          Paths paths = new Paths();
          paths.addPathItem(path.getKey(), item);
          single.setPaths(paths);
          SystemInputDef input = TcasesOpenApi.getRequestInputModel(single, options);
          if (input == null) {
            skipped.add(name + ": no request model");
            continue;
          }
          SystemTestDef tests =
              Tcases.getTests(input, null, null, null, GeneratorOptions.builder().build());
          byOperation.put(name, RequestCases.getRequestCaseDefs(tests));
        } catch (RuntimeException e) {
          skipped.add(name + ": " + e.getMessage());
        }
      }
    }
    return byOperation;
  }

  private OpenAPI read() {
    try (OpenApiReader reader = new OpenApiReader(new StringReader(openApi), "json")) {
      return reader.read();
    }
  }

  /** Every definition resolved to concrete values with {@code seed}. */
  private static List<RequestCase> resolve(
      Map<String, List<RequestCaseDef>> byOperation, long seed) {
    // Tcases writes date-times with the JVM's zone offset and assumes "+hh:mm"; in UTC it would
    // write "Z" padded to an invalid value, so resolve in a zone with an offset.
    TimeZone zone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("GMT+06:00"));
    try {
      RequestCaseResolver resolver =
          new RequestCaseResolver(
              ResolverContext.builder()
                  .random(new Random(seed))
                  .notifier(Notifier.ignore())
                  .build());
      RequestTestDef resolved = new RequestTestDef();
      for (List<RequestCaseDef> defs : byOperation.values()) {
        for (RequestCaseDef def : defs) {
          try {
            RequestCase rc = resolver.resolve(def);
            if (rc != null) {
              resolved.add(rc);
            }
          } catch (RuntimeException unresolvable) {
            // a case whose values cannot be found (e.g. a pattern Tcases cannot satisfy)
          }
        }
      }
      return RequestCases.realizeRequestCases(resolved).getRequestCases();
    } finally {
      TimeZone.setDefault(zone);
    }
  }
}
