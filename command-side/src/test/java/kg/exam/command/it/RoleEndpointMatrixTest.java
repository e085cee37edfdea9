package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kg.exam.contract.testing.SecurityMatrix;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.StationRequestSignatures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The role × endpoint matrix of docs/SECURITY.md, cell by cell: every operation of the command
 * side's OpenAPI document is called by every kind of caller (no credentials, a candidate, each
 * staff role, an exam station), on resources of the caller's own centre and school, and the answer
 * is "allowed" unless it is 401 or 403. The table in docs/SECURITY.md must equal what is observed,
 * and list exactly the operations the OpenAPI document has. After a deliberate change of access,
 * regenerate the table with {@code -Dsecurity.matrix.write=true} and review the diff.
 */
class RoleEndpointMatrixTest extends ApiTestBase {
  private static final String MATRIX = "command-side";
  private static final List<String> CALLERS =
      List.of(
          "anonymous",
          "CANDIDATE",
          "CENTRE_ADMIN",
          "INVIGILATOR",
          "SCHOOL",
          "AUDITOR",
          "MARKER",
          "CHIEF_MARKER",
          "ITEM_WRITER",
          "REVIEWER",
          "STATION");
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldGiveEveryRoleExactlyTheAccessTheMatrixInSecurityMdStates() throws Exception {
    Map<String, String> ids = fixture();
    Ed25519PrivateKey station = Ed25519PrivateKey.generate(new SecureRandom());
    registerStation(station);
    Map<String, String> credentials = new LinkedHashMap<>();
    credentials.put("anonymous", null);
    credentials.put("CANDIDATE", ids.get("candidateAuth"));
    credentials.put("CENTRE_ADMIN", admin());
    credentials.put("INVIGILATOR", staff("inv-a"));
    credentials.put("SCHOOL", staff("school-a"));
    credentials.put("AUDITOR", staff("auditor"));
    for (String[] marker :
        new String[][] {
          {"matrix-marker", "MARKER"},
          {"matrix-chief", "CHIEF_MARKER"},
          {"matrix-writer", "ITEM_WRITER"},
          {"matrix-reviewer", "REVIEWER"}
        }) {
      if (!staffAccounts.exists(marker[0])) {
        staffAccounts.create(
            marker[0],
            STAFF_PASSWORD,
            kg.exam.command.security.Role.valueOf(marker[1]),
            CENTRE_A,
            null);
      }
      credentials.put(marker[1], staff(marker[0]));
    }

    Map<String, Map<String, String>> observed = new TreeMap<>();
    for (String[] operation : operations()) {
      String method = operation[0];
      String template = operation[1];
      String contentType = operation[2];
      String path = fill(template, ids);
      Map<String, String> row = new LinkedHashMap<>();
      for (String caller : CALLERS) {
        int status =
            caller.equals("STATION")
                ? signed(station, method, path, contentType)
                : send(method, path, contentType, credentials.get(caller));
        row.put(caller, SecurityMatrix.cell(status));
      }
      observed.put(method + " " + template, row);
    }

    String table = SecurityMatrix.table(CALLERS, observed);
    if (Boolean.getBoolean("security.matrix.write")) {
      SecurityMatrix.write(MATRIX, table);
    }
    assertThat(SecurityMatrix.documented(MATRIX))
        .as(
            "docs/SECURITY.md's matrix (regenerate with -Dsecurity.matrix.write=true after a"
                + " deliberate change, and review the diff)")
        .isEqualTo(table);
  }

  /** Resources of centre A / school A that every staff account of the fixture may reach. */
  private Map<String, String> fixture() {
    String examId = publishedDemoExam();
    String sessionId = openSession(examId);
    Candidate candidate = startedCandidate(sessionId);
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("examId", examId);
    ids.put("version", "1");
    ids.put("sessionId", sessionId);
    ids.put("sittingId", candidate.slip().sittingId());
    ids.put("streamId", candidate.slip().sittingId());
    ids.put("candidateId", candidate.slip().candidateId());
    ids.put("schoolId", SCHOOL_A);
    ids.put("keyId", "AAAAAAAAAAAAAAAAAAAAAA");
    ids.put("scriptId", "no-such-script");
    ids.put("appealId", "no-such-appeal");
    ids.put("markerId", "no-such-marker");
    ids.put("candidateAuth", candidate.auth());
    ids.put("itemId", "no-such-bank-item");
    ids.put("frameworkId", "no-such-framework");
    ids.put("sha256", "0".repeat(64));
    ids.put("assemblyId", "no-such-assembly");
    ids.put("form", "1");
    return ids;
  }

  private void registerStation(Ed25519PrivateKey key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stationId", unique("station"));
    body.put("centreId", CENTRE_A);
    body.put("schoolId", SCHOOL_A);
    body.put("publicKey", key.publicKey().toBase64Url());
    body.put("validFrom", Instant.now().minusSeconds(60).toString());
    Api.Response r = api.post("/api/trust/stations", admin(), body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
  }

  /**
   * Every operation of the OpenAPI document as {method, path template, the first media type its
   * request body takes} (JSON when it takes none), so that an operation that reads a ZIP or XML is
   * reached rather than refused for its media type before its roles are checked.
   */
  private List<String[]> operations() {
    Api.Response doc = api.get("/v3/api-docs", null);
    assertThat(doc.status()).isEqualTo(200);
    List<String[]> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : doc.body().get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        JsonNode content = op.getValue().path("requestBody").path("content");
        String contentType =
            content.isObject() && !content.properties().isEmpty()
                ? content.properties().iterator().next().getKey()
                : "application/json";
        operations.add(
            new String[] {
              op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), contentType
            });
      }
    }
    assertThat(operations).hasSizeGreaterThan(30);
    return operations;
  }

  private static String fill(String template, Map<String, String> ids) {
    Matcher m = PARAMETER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = ids.get(m.group(1));
      assertThat(value).as("a fixture value for {%s} of %s", m.group(1), template).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static byte[] body(String method) {
    return method.equals("GET") || method.equals("DELETE")
        ? null
        : "{}".getBytes(StandardCharsets.UTF_8);
  }

  private int send(String method, String path, String contentType, String authorization)
      throws Exception {
    byte[] body = body(method);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private int signed(Ed25519PrivateKey key, String method, String path, String contentType)
      throws Exception {
    byte[] body = body(method);
    String auth =
        StationRequestSignatures.sign(key, method, path, Instant.now(), body).headerValue();
    return send(method, path, contentType, auth);
  }
}
