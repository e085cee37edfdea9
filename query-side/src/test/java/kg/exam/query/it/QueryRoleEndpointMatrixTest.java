package kg.exam.query.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.contract.testing.SecurityMatrix;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query side's role × endpoint matrix of docs/SECURITY.md, cell by cell: every operation of its
 * OpenAPI document called without credentials and by every dashboard role (HTTP Basic), with its
 * required parameters filled and its optional ones (an area, a filter) left to their defaults,
 * which are the caller's own area. A cell is "allowed" unless the answer is 401 or 403. Regenerate
 * with {@code -Dsecurity.matrix.write=true} after a deliberate change and review the diff.
 */
class QueryRoleEndpointMatrixTest {
  private static final String MATRIX = "query-side";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> CALLERS =
      List.of("anonymous", "SCHOOL", "DISTRICT", "REGION", "MINISTRY", "AUDITOR", "CENTRE_ADMIN");

  /** A value for every required parameter; the test fails on a name not here. */
  private static final Map<String, String> VALUES =
      Map.of(
          "examId", "exam-m",
          "version", "1",
          "by", "gender",
          "sessionId", "session-m",
          "since", "session-m0",
          "focal", "F",
          "schoolId", "school-m",
          "centreId", "centre-m",
          "flagId", "SPEED:sit-m");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldGiveEveryDashboardRoleExactlyTheAccessTheMatrixInSecurityMdStates() throws Exception {
    Path kafkaDir = Files.createTempDirectory("matrix-kafka");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir);
      try (ConfigurableApplicationContext app =
          QuerySideApplication.application()
              .run(
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--server.port=0",
                  "--exam.accounts.seed-demo=false")) {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        String password = password();
        DashboardAccounts accounts = app.getBean(DashboardAccounts.class);
        accounts.create("m-school", password, DashboardRole.SCHOOL, null, null, "school-m");
        accounts.create(
            "m-district", password, DashboardRole.DISTRICT, "CHUY", "chuy-sokuluk", null);
        accounts.create("m-region", password, DashboardRole.REGION, "CHUY", null, null);
        accounts.create("m-ministry", password, DashboardRole.MINISTRY, null, null, null);
        accounts.create("m-auditor", password, DashboardRole.AUDITOR, null, null, null);
        accounts.create(
            "m-centre", password, DashboardRole.CENTRE_ADMIN, null, null, null, "centre-m");
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("anonymous", null);
        credentials.put("SCHOOL", basic("m-school", password));
        credentials.put("DISTRICT", basic("m-district", password));
        credentials.put("REGION", basic("m-region", password));
        credentials.put("MINISTRY", basic("m-ministry", password));
        credentials.put("AUDITOR", basic("m-auditor", password));
        credentials.put("CENTRE_ADMIN", basic("m-centre", password));

        Map<String, Map<String, String>> observed = new TreeMap<>();
        for (String[] operation : operations(base)) {
          Map<String, String> row = new LinkedHashMap<>();
          for (String caller : CALLERS) {
            row.put(
                caller,
                SecurityMatrix.cell(
                    send(base, operation[0], operation[2], credentials.get(caller))));
          }
          observed.put(operation[0] + " " + operation[1], row);
        }

        String table = SecurityMatrix.table(CALLERS, observed);
        if (Boolean.getBoolean("security.matrix.write")) {
          SecurityMatrix.write(MATRIX, table);
        }
        assertThat(SecurityMatrix.documented(MATRIX))
            .as(
                "docs/SECURITY.md's query-side matrix (regenerate with"
                    + " -Dsecurity.matrix.write=true after a deliberate change, and review the"
                    + " diff)")
            .isEqualTo(table);
      } finally {
        kafka.stop();
      }
    }
  }

  /** Every operation as {method, path template, path with every parameter filled}. */
  private List<String[]> operations(String base) throws Exception {
    HttpResponse<String> doc =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(doc.statusCode()).isEqualTo(200);
    // kept for bin/lint-openapi, which ./run-tests runs after the tests
    Path file = Path.of("target", "openapi", "query-side.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, doc.body());
    List<String[]> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : JSON.readTree(doc.body()).get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        String filled = path.getKey();
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (JsonNode parameter : op.getValue().path("parameters")) {
          if (!parameter.path("required").asBoolean(false)) {
            continue; // left out: an optional area or filter defaults to the caller's own area
          }
          String name = parameter.get("name").asString();
          String value = VALUES.get(name);
          assertThat(value).as("a value for parameter %s of %s", name, path.getKey()).isNotNull();
          if (parameter.get("in").asString().equals("path")) {
            filled = filled.replace("{" + name + "}", value);
          } else if (parameter.get("in").asString().equals("query")) {
            query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        }
        operations.add(
            new String[] {op.getKey().toUpperCase(Locale.ROOT), path.getKey(), filled + query});
      }
    }
    assertThat(operations).hasSizeGreaterThan(8);
    return operations;
  }

  private int send(String base, String method, String path, String authorization) throws Exception {
    boolean body = !method.equals("GET") && !method.equals("DELETE");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String password() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
