package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.client.ExamServerClient;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.trust.StreamHashChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An essay exam from sitting to final marks and an offline verification, over a real PostgreSQL:
 * three candidates write an essay, two markers mark every script blind, one pair of marks is too
 * far apart and a chief marker adjudicates it; each sitting is scored again with its final mark,
 * sealed, put in the session's tree head, exported and verified; then a mark changed in the
 * database and re-chained is caught.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MarkedBundleEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static final String PASSWORD = random(18);
  private static EmbeddedPostgres postgres;
  private static java.nio.file.Path kafkaDir;
  private static kg.exam.command.kafka.EmbeddedKafka kafka;
  private static ConfigurableApplicationContext server;
  private static ConfigurableApplicationContext querySide;
  private static URI base;
  private static URI queryBase;
  private static final String SESSION = "essay-session";
  private static final List<String> SITTINGS = new ArrayList<>();
  private static final Map<String, String> ESSAY_OF_SITTING = new LinkedHashMap<>();
  private static final Map<String, String> TOKEN_OF_SITTING = new LinkedHashMap<>();

  @TempDir Path dir;

  @BeforeAll
  static void markASession() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    kafkaDir = java.nio.file.Files.createTempDirectory("marking-e2e-kafka");
    kafka = kg.exam.command.kafka.EmbeddedKafka.start(kafkaDir);
    server =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--exam.kafka.enabled=true",
                "--exam.security.token-secret=" + random(32),
                "--server.port=0");
    base =
        URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port"));
    querySide =
        kg.exam.query.QuerySideApplication.application()
            .run(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--exam.accounts.seed-demo=false",
                "--server.port=0");
    queryBase =
        URI.create(
            "http://localhost:" + querySide.getEnvironment().getProperty("local.server.port"));
    querySide
        .getBean(kg.exam.query.security.DashboardAccounts.class)
        .create(
            "q-auditor", PASSWORD, kg.exam.query.security.DashboardRole.AUDITOR, null, null, null);
    StaffAccounts staff = server.getBean(StaffAccounts.class);
    staff.create("admin", PASSWORD, Role.CENTRE_ADMIN, null, null);
    staff.create("auditor", PASSWORD, Role.AUDITOR, null, null);
    staff.create("marker-1", PASSWORD, Role.MARKER, "centre-e", null);
    staff.create("marker-2", PASSWORD, Role.MARKER, "centre-e", null);
    staff.create("chief", PASSWORD, Role.CHIEF_MARKER, "centre-e", null);

    send(
        "POST",
        "/api/exams",
        "admin",
        Map.of("examId", "essay-exam", "content", DemoExam.content()));
    send("POST", "/api/exams/essay-exam/publish", "admin", null);
    send(
        "POST",
        "/api/sessions",
        "admin",
        Map.of(
            "sessionId",
            SESSION,
            "examId",
            "essay-exam",
            "examVersion",
            1,
            "centreId",
            "centre-e",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()));
    send(
        "PUT",
        "/api/sessions/" + SESSION + "/marking-plan",
        "admin",
        Map.of("doubleMarkingShare", 1.0, "defaultTolerance", 1.0, "resolution", "ADJUDICATOR"));

    ExamServerClient client =
        new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50));
    String[] essays = {
      "a² + b² = c². Мисалы: 3, 4, 5.",
      "Гипотенузанын квадраты <b>катеттердин</b> квадраттарынын суммасына барабар.",
      "Билбейм."
    };
    for (String essay : essays) {
      JsonNode slip = slip();
      ExamServerClient.Session s =
          client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
      client.start(s);
      client.answer(s, "q1", List.of("B"), 1, Instant.now());
      client.answer(s, "q9", List.of("черновик"), 2, Instant.now());
      client.answer(s, "q9", List.of(essay), 3, Instant.now());
      client.submit(s);
      SITTINGS.add(s.sittingId());
      ESSAY_OF_SITTING.put(s.sittingId(), essay);
      TOKEN_OF_SITTING.put(s.sittingId(), "Bearer " + s.token());
    }
    for (int i = 0;
        i < 400
            && send("GET", "/api/sessions/" + SESSION + "/marking", "admin", null)
                    .get("scripts")
                    .asInt()
                < 3;
        i++) {
      Thread.sleep(50);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    querySide.close();
    server.close();
    kafka.stop();
    postgres.close();
  }

  /** Marks by essay: first marker, second marker (statement, example). */
  private static final Map<String, double[][]> MARKS =
      Map.of(
          "a² + b² = c². Мисалы: 3, 4, 5.", new double[][] {{2, 2}, {2, 1}},
          "Гипотенузанын квадраты <b>катеттердин</b> квадраттарынын суммасына барабар.",
              new double[][] {{1, 1}, {1, 1}},
          "Билбейм.", new double[][] {{2, 1}, {0, 0}});

  @Test
  @Order(1)
  void twoMarkersMarkEveryScriptBlindAndAChiefMarkerAdjudicatesTheDisputedOne() throws Exception {
    for (int marker = 0; marker < 2; marker++) {
      String account = "marker-" + (marker + 1);
      JsonNode held =
          send(
              "POST",
              "/api/sessions/" + SESSION + "/marking/allocations",
              account,
              Map.of("count", 5));
      assertThat(held).hasSize(3);
      for (JsonNode allocation : held) {
        String scriptId = allocation.get("scriptId").asText();
        JsonNode script = send("GET", "/api/marking/scripts/" + scriptId, account, null);
        String text = script.get("response").get(0).asText();
        // blind: the answer and the rubric, nothing of the sitting, candidate or place
        assertThat(script.has("sittingId")).isFalse();
        assertThat(script.toString()).doesNotContain(SITTINGS.toArray(String[]::new));
        assertThat(script.get("rubric")).hasSize(2);
        assertThat(script.get("earlierMarks")).isEmpty();
        double[] mark = MARKS.get(text)[marker];
        send(
            "POST",
            "/api/marking/scripts/" + scriptId + "/marks",
            account,
            Map.of("criterionScores", Map.of("statement", mark[0], "example", mark[1])));
      }
    }
    JsonNode toAdjudicate =
        send(
            "POST",
            "/api/sessions/" + SESSION + "/marking/allocations",
            "chief",
            Map.of("count", 5));
    assertThat(toAdjudicate).hasSize(1);
    assertThat(toAdjudicate.get(0).get("adjudication").asBoolean()).isTrue();
    String disputed = toAdjudicate.get(0).get("scriptId").asText();
    JsonNode script = send("GET", "/api/marking/scripts/" + disputed, "chief", null);
    assertThat(script.get("response").get(0).asText()).isEqualTo("Билбейм.");
    assertThat(script.get("earlierMarks")).hasSize(2);
    send(
        "POST",
        "/api/marking/scripts/" + disputed + "/marks",
        "chief",
        Map.of(
            "criterionScores",
            Map.of("statement", 1.0, "example", 0.0),
            "comment",
            "Жарым-жартылай."));

    JsonNode progress = send("GET", "/api/sessions/" + SESSION + "/marking", "auditor", null);
    assertThat(progress.get("resolved").asInt()).isEqualTo(3);
    assertThat(progress.get("marks").asInt()).isEqualTo(7);
    // pairs (4, 3), (2, 2), (3, 0): exact 1/3, adjacent 2/3, κw = 1 − 10/12, mean difference 4/3
    JsonNode agreement =
        send("GET", "/api/sessions/" + SESSION + "/marking/agreement", "chief", null);
    JsonNode q9 = agreement.get("items").get(0);
    assertThat(q9.get("id").asText()).isEqualTo("q9");
    assertThat(q9.get("pairs").asInt()).isEqualTo(3);
    assertThat(q9.get("exact").asDouble()).isEqualTo(1.0 / 3);
    assertThat(q9.get("adjacent").asDouble()).isEqualTo(2.0 / 3);
    assertThat(q9.get("quadraticWeightedKappa").asDouble()).isCloseTo(1.0 / 6, within());
    assertThat(q9.get("meanDifference").asDouble()).isCloseTo(4.0 / 3, within());
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }

  @Test
  @Order(2)
  void everySittingIsScoredAgainWithItsFinalMarkAndTheBundleVerifiesOffline() throws Exception {
    Map<String, Double> expectedEssayScore =
        Map.of(
            "a² + b² = c². Мисалы: 3, 4, 5.", 3.5, // mean of 4 and 3
            "Гипотенузанын квадраты <b>катеттердин</b> квадраттарынын суммасына барабар.", 2.0,
            "Билбейм.", 1.0); // the adjudicator's mark
    for (String id : SITTINGS) {
      JsonNode result = awaitFinalScore(id);
      JsonNode q9 = null;
      for (JsonNode item : result.get("itemScores")) {
        if (item.get("itemId").asText().equals("q9")) {
          q9 = item;
        }
      }
      assertThat(q9).isNotNull();
      assertThat(q9.get("score").asDouble())
          .isEqualTo(expectedEssayScore.get(ESSAY_OF_SITTING.get(id)));
      assertThat(result.get("reason").asText()).isEqualTo("MARKED");
      awaitSealedEnd(id);
    }
    send("POST", "/api/sessions/" + SESSION + "/tree-head", "admin", null);

    VerificationReport report =
        new BundleVerifier(2, n -> {})
            .verify(download("/api/audit/sessions/" + SESSION + "/bundle"));

    assertThat(report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(3);
  }

  @Test
  @Order(3)
  void theReleasedResultIsAppealedReMarkedAndItsReceiptChecksOffline() throws Exception {
    String id = SITTINGS.get(2); // "Билбейм.", adjudicated to 2 of 4
    String candidate = TOKEN_OF_SITTING.get(id);
    HttpResponse<byte[]> early = call("GET", "/api/sittings/" + id + "/result", candidate, null);
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(early.body()).get("type").asText()).endsWith("results-not-released");
    assertThat(
            JSON.readTree(call("GET", "/api/sittings/" + id, candidate, null).body())
                .path("result")
                .isObject())
        .as("no result before the release")
        .isFalse();

    send("POST", "/api/sessions/" + SESSION + "/close", "admin", Map.of("reason", "time is up"));
    send(
        "POST",
        "/api/sessions/" + SESSION + "/results/release",
        "admin",
        Map.of("appealsCloseAt", Instant.now().plusSeconds(86_400).toString()));
    JsonNode result =
        JSON.readTree(call("GET", "/api/sittings/" + id + "/result", candidate, null).body());
    assertThat(result.get("finalResult").asBoolean()).isTrue();
    assertThat(result.get("canAppeal").asBoolean()).isTrue();
    double before = result.get("rawTotal").asDouble();
    JsonNode sectionB = result.get("sections").get(1);
    assertThat(sectionB.get("sectionId").asText()).isEqualTo("B");

    HttpResponse<byte[]> appealed =
        call(
            "POST",
            "/api/sittings/" + id + "/appeals",
            candidate,
            Map.of("reason", "Мисалым бар эле."));
    assertThat(appealed.statusCode())
        .as(new String(appealed.body(), StandardCharsets.UTF_8))
        .isEqualTo(201);
    String appealId = JSON.readTree(appealed.body()).get("appealId").asText();
    HttpResponse<byte[]> again =
        call("POST", "/api/sittings/" + id + "/appeals", candidate, Map.of("reason", "Дагы."));
    assertThat(JSON.readTree(again.body()).get("type").asText()).endsWith("appeal-already-lodged");
    HttpResponse<byte[]> notMine =
        call(
            "POST",
            "/api/sittings/" + SITTINGS.get(0) + "/appeals",
            candidate,
            Map.of("reason", "x"));
    assertThat(notMine.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(notMine.body()).get("type").asText()).endsWith("not-own-sitting");

    JsonNode review = send("GET", "/api/appeals/" + appealId, "chief", null);
    assertThat(review.get("appeal").path("sittingId").asText("")).isEmpty();
    String scriptId = review.get("scripts").get(0).get("scriptId").asText();
    assertThat(review.get("scripts").get(0).get("marks")).hasSize(3);
    send(
        "POST",
        "/api/appeals/" + appealId + "/decision",
        "chief",
        Map.of(
            "outcome", "SCORE_CHANGED",
            "reason", "Мисал туура, бирок толук эмес.",
            "remarks", Map.of(scriptId, Map.of("statement", 1.0, "example", 1.0))));
    JsonNode after = null;
    for (int i = 0; i < 400; i++) {
      after = JSON.readTree(call("GET", "/api/sittings/" + id + "/result", candidate, null).body());
      if ("APPEAL".equals(after.get("scoredFor").asText())) {
        break;
      }
      Thread.sleep(50);
    }
    assertThat(after.get("scoredFor").asText()).isEqualTo("APPEAL");
    assertThat(after.get("rawTotal").asDouble()).isEqualTo(before + 1); // essay 1 → 2 of 4
    assertThat(after.get("appeal").get("outcome").asText()).isEqualTo("SCORE_CHANGED");
    assertThat(after.get("canAppeal").asBoolean()).isFalse();
    awaitSealedEnd(id);
    send("POST", "/api/sessions/" + SESSION + "/tree-head", "admin", null);

    VerificationReport report =
        new BundleVerifier(2, n -> {})
            .verify(download("/api/audit/sessions/" + SESSION + "/bundle"));
    assertThat(report.failure()).isNull();

    JsonNode receipt =
        JSON.readTree(call("GET", "/api/sittings/" + id + "/receipt", candidate, null).body());
    var parsed = JSON.treeToValue(receipt, kg.exam.contract.trust.receipt.ResultReceipt.class);
    var checked =
        kg.exam.contract.trust.receipt.ReceiptVerifier.verify(
            parsed, java.util.Set.of(parsed.keyId()));
    assertThat(checked.failure()).isNull();
    assertThat(checked.rawTotal()).isEqualTo(before + 1);
    Path file = dir.resolve("receipt.json");
    Files.write(file, JSON.writeValueAsBytes(receipt));
    assertThat(
            kg.exam.client.audit.VerifyCli.run(
                new String[] {"--receipt", file.toString()}, System.out, System.err))
        .isZero();
    Files.writeString(
        file,
        JSON.writeValueAsString(receipt)
            .replace(parsed.sealSha256(), "00" + parsed.sealSha256().substring(2)));
    assertThat(
            kg.exam.client.audit.VerifyCli.run(
                new String[] {"--receipt", file.toString()}, System.out, System.err))
        .isEqualTo(1);
  }

  /**
   * The appeal's outcome reaches everything downstream: the events go through Kafka to the query
   * side, whose dashboards show the changed score and the marking (6 independent marks, an
   * adjudication and the re-mark on appeal); the OneRoster export carries the changed score.
   */
  @Test
  @Order(4)
  void theDashboardsAndTheExportFollowTheAppeal() throws Exception {
    String id = SITTINGS.get(2);
    double expected =
        JSON.readTree(call("GET", "/api/sittings/" + id + "/result", basic("admin"), null).body())
            .get("rawTotal")
            .asDouble();
    JsonNode monitor = null;
    Double shown = null;
    for (int i = 0; i < 600; i++) {
      HttpResponse<byte[]> m = query("/api/marking/sessions/" + SESSION);
      HttpResponse<byte[]> c = query("/api/results/candidates?examId=essay-exam&schoolId=school-e");
      if (m.statusCode() == 200 && c.statusCode() == 200) {
        monitor = JSON.readTree(m.body());
        shown = null;
        for (JsonNode row : JSON.readTree(c.body()).get("rows")) {
          if (row.get("sittingId").asText().equals(id)) {
            shown = row.get("score").asDouble();
          }
        }
        if (shown != null && shown == expected && monitor.get("counts").get("marks").asInt() == 8) {
          break;
        }
      }
      Thread.sleep(100);
    }
    assertThat(monitor).as("the query side's marking monitor").isNotNull();
    assertThat(monitor.get("counts").get("resolved").asInt()).isEqualTo(3);
    assertThat(monitor.get("counts").get("marks").asInt()).isEqualTo(8);
    assertThat(monitor.get("counts").get("remaining").asInt()).isZero();
    assertThat(shown).as("the dashboard's score of the appealed sitting").isEqualTo(expected);

    HttpResponse<byte[]> zip =
        call("GET", "/api/sessions/" + SESSION + "/exports/oneroster", basic("admin"), null);
    assertThat(zip.statusCode()).isEqualTo(200);
    String results = null;
    try (java.util.zip.ZipInputStream in =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
      for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals("results.csv")) {
          results = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    assertThat(results).isNotNull();
    assertThat(results.lines().filter(l -> l.startsWith(id + ",")).findFirst().orElseThrow())
        .contains(",fully graded," + expected + ",");
  }

  private static HttpResponse<byte[]> query(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(queryBase.resolve(path))
                .header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                ("q-auditor:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> call(
      String method, String path, String authorization, Object body) throws Exception {
    return calls().call(method, path, authorization, body);
  }

  @Test
  @Order(10)
  void aMarkChangedInTheDatabaseAndReChainedFailsAtTheSeal() throws Exception {
    String id = SITTINGS.getFirst();
    JdbcTemplate jdbc = server.getBean(JdbcTemplate.class);
    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT sequencenumber, payload FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype = 'kg.exam.contract.marking.ScriptMarked'"
                + " ORDER BY sequencenumber LIMIT 1",
            id);
    long seq = ((Number) row.get("sequencenumber")).longValue();
    com.fasterxml.jackson.databind.node.ObjectNode payload =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree((byte[]) row.get("payload"));
    payload.put("total", 0.0);
    jdbc.update(
        "UPDATE domainevententry SET payload = ? WHERE aggregateidentifier = ? AND sequencenumber = ?",
        JSON.writeValueAsBytes(payload),
        id,
        seq);
    rechain(jdbc, id);

    VerificationReport report =
        new BundleVerifier(2, n -> {}).verify(download("/api/audit/sittings/" + id + "/bundle"));

    assertThat(report.failure()).isNotNull();
    assertThat(report.failure().streamId()).isEqualTo(id);
    // the changed mark no longer adds up, and the seals over it no longer match its stream
    assertThat(report.failure().field()).isIn("total", "headHash");
  }

  private static JsonNode awaitFinalScore(String sittingId) throws Exception {
    return calls().awaitFinalScore(sittingId);
  }

  private static void awaitSealedEnd(String sittingId) throws Exception {
    calls().awaitSealedEnd(sittingId);
  }

  /** Recomputes and stores every chain hash of the stream, as a forger with the database would. */
  private static void rechain(JdbcTemplate jdbc, String streamId) throws Exception {
    byte[] previous = StreamHashChain.genesisHash();
    for (Map<String, Object> row :
        jdbc.queryForList(
            "SELECT sequencenumber, payload, metadata FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
            streamId)) {
      long seq = ((Number) row.get("sequencenumber")).longValue();
      byte[] canonical =
          kg.exam.contract.trust.CanonicalJson.canonicalizeExact(
              new String((byte[]) row.get("payload"), StandardCharsets.UTF_8));
      previous = StreamHashChain.nextHash(previous, streamId, seq, canonical);
      com.fasterxml.jackson.databind.node.ObjectNode metadata =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              JSON.readTree((byte[]) row.get("metadata"));
      metadata.put("chainHash", HexFormat.of().formatHex(previous));
      jdbc.update(
          "UPDATE domainevententry SET metadata = ? WHERE aggregateidentifier = ? AND sequencenumber = ?",
          JSON.writeValueAsBytes(metadata),
          streamId,
          seq);
    }
  }

  private static JsonNode slip() throws Exception {
    return send(
        "POST",
        "/api/sessions/" + SESSION + "/registrations",
        "admin",
        Map.of(
            "candidateId", "C-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)),
            "region", "TALAS",
            "district", "bakai-ata",
            "schoolId", "school-e",
            "locality", "RURAL",
            "instructionLanguage", "ky",
            "gender", "F",
            "grade", 9,
            "extraTimePercent", 0));
  }

  private static JsonNode send(String method, String path, String account, Object body)
      throws Exception {
    return calls().send(method, path, account, body);
  }

  private Path download(String path) throws Exception {
    return calls().download(path, dir);
  }

  private static String basic(String account) {
    return calls().basic(account);
  }

  private static String random(int bytes) {
    return EngineCalls.random(bytes);
  }

  private static EngineCalls calls() {
    return new EngineCalls(base, PASSWORD, server.getBean(JdbcTemplate.class));
  }
}
