package kg.exam.query.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands on a real command side → its PostgreSQL event store → Kafka (a real KRaft broker) → the
 * query side's consumer and projections → the query API over HTTP, with both applications
 * in-process over one real PostgreSQL (the query side in its own schema). The broker is stopped in
 * the middle of the exam and started again; records are re-published and a poison record is sent
 * deliberately; access rules and a rebuild are checked on the same data. The tests run in order and
 * build on each other.
 *
 * <p>The exam: two one-point single-choice items, q1 (key A) and q2 (key B), pass mark 50 %. School
 * A (district chuy-alamudun) has 12 candidates in three equal groups answering (A, B) = 100 %, (A,
 * A) = 50 %, (C, C) = 0 %; school B (district chuy-sokuluk) has 3 candidates answering (A, B) = 100
 * %. So nationally: 15 scored, mean 60 %, 11 passed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuerySideEndToEndTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final String EXAM = "e2e-exam";
  private static final String SESSION = "e2e-session";
  private static final String TOPIC = "exam.events";

  private static EmbeddedPostgres postgres;
  private static Path kafkaDir;
  private static EmbeddedKafka kafka;
  private static int kafkaPort;
  private static ConfigurableApplicationContext commandSide;
  private static ConfigurableApplicationContext querySide;
  private static URI commandBase;
  private static URI queryBase;
  private static String admin;
  private static String auditor;
  private static String schoolA;
  private static String ministry;
  private static String districtSokuluk;
  private static final List<Candidate> candidates = new ArrayList<>();

  record Candidate(
      String sittingId, String school, String q1, String q2, String token, Ed25519PrivateKey key) {}

  @BeforeAll
  static void startEverything() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    kafkaDir = Files.createTempDirectory("query-e2e-kafka");
    kafka = EmbeddedKafka.start(kafkaDir);
    kafkaPort = kafka.port();
    String jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
    commandSide =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                args(
                    Map.of(
                        "spring.datasource.url", jdbcUrl,
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                        "exam.kafka.enabled", "true",
                        "exam.security.token-secret",
                            Base64.getEncoder()
                                .encodeToString(random(32).getBytes(StandardCharsets.US_ASCII)),
                        "server.port", "0")));
    commandBase =
        URI.create(
            "http://localhost:" + commandSide.getEnvironment().getProperty("local.server.port"));
    querySide =
        QuerySideApplication.application()
            .run(
                args(
                    Map.of(
                        "spring.datasource.url", jdbcUrl,
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                        "exam.kafka.concurrency", "2",
                        "server.port", "0")));
    queryBase =
        URI.create(
            "http://localhost:" + querySide.getEnvironment().getProperty("local.server.port"));

    String password = random(18);
    commandSide
        .getBean(StaffAccounts.class)
        .create("admin", password, Role.CENTRE_ADMIN, null, null);
    admin = basic("admin", password);
    DashboardAccounts accounts = querySide.getBean(DashboardAccounts.class);
    accounts.create("auditor", password, DashboardRole.AUDITOR, null, null, null);
    accounts.create("school-a-head", password, DashboardRole.SCHOOL, null, null, "school-a");
    accounts.create("ministry", password, DashboardRole.MINISTRY, null, null, null);
    accounts.create("sokuluk", password, DashboardRole.DISTRICT, "CHUY", "chuy-sokuluk", null);
    auditor = basic("auditor", password);
    schoolA = basic("school-a-head", password);
    ministry = basic("ministry", password);
    districtSokuluk = basic("sokuluk", password);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (querySide != null) {
      querySide.close();
    }
    if (commandSide != null) {
      commandSide.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void shouldProjectEveryEventOnceAcrossAKafkaOutageMidExam() throws Exception {
    send(commandBase, "POST", "/api/exams", admin, Map.of("examId", EXAM, "content", exam()), 201);
    send(commandBase, "POST", "/api/exams/" + EXAM + "/publish", admin, null, 200, 201);
    send(
        commandBase,
        "POST",
        "/api/sessions",
        admin,
        Map.of(
            "sessionId",
            SESSION,
            "examId",
            EXAM,
            "examVersion",
            1,
            "centreId",
            "centre-chuy-1",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()),
        201);
    String[][] answers = {{"A", "B"}, {"A", "A"}, {"C", "C"}};
    for (int i = 0; i < 15; i++) {
      boolean a = i < 12;
      String[] plan = a ? answers[i % 3] : answers[0];
      candidates.add(
          register(
              "cand-" + i,
              a ? "school-a" : "school-b",
              a ? "chuy-alamudun" : "chuy-sokuluk",
              i % 2 == 0 ? "F" : "M",
              i % 3 == 0 ? "ru" : "ky",
              plan[0],
              plan[1]));
    }
    for (Candidate c : candidates) {
      start(c);
      answer(c, "q1", "B", 1); // changed later
    }
    awaitQuery(
        auditor,
        "/api/monitor/sessions/" + SESSION,
        m ->
            m.at("/counts/started").asInt() == 15
                && rows(m).stream().allMatch(r -> r.get("answered").asInt() == 1));

    kafka.stop(); // mid-exam: commands go on, publication waits
    for (Candidate c : candidates) {
      answer(c, "q1", c.q1(), 2);
      answer(c, "q2", c.q2(), 3);
      send(commandBase, "POST", "/api/sittings/" + c.sittingId() + "/submit", bearer(c), null, 200);
    }
    Thread.sleep(3_000);
    kafka = EmbeddedKafka.start(kafkaDir, kafkaPort);

    JsonNode monitor =
        awaitQuery(
            auditor,
            "/api/monitor/sessions/" + SESSION,
            m -> m.at("/counts/submitted").asInt() == 15);
    assertThat(monitor.at("/counts/registered").asInt()).isEqualTo(15);
    assertThat(monitor.at("/counts/started").asInt()).isEqualTo(15);
    assertThat(monitor.at("/counts/inProgress").asInt()).isZero();
    assertThat(rows(monitor)).allSatisfy(r -> assertThat(r.get("answered").asInt()).isEqualTo(2));

    JsonNode national =
        awaitQuery(
            auditor,
            "/api/results/areas?examId=" + EXAM + "&level=national",
            r -> r.at("/total/scored").asInt() == 15);
    assertNationalFigures(national);
  }

  private static void assertNationalFigures(JsonNode national) {
    JsonNode total = national.get("total");
    assertThat(total.get("candidates").asInt()).isEqualTo(15);
    assertThat(total.get("scored").asInt()).isEqualTo(15);
    assertThat(total.get("mean").asDouble()).isCloseTo(60.0, within(1e-9));
    assertThat(total.get("passRate").asDouble()).isCloseTo(11.0 / 15, within(1e-9));
    // sd of {100×7, 50×4, 0×4}: Σp² = 80,000, Σp = 900 → sqrt((80,000 − 54,000) / 14)
    assertThat(total.get("sd").asDouble()).isCloseTo(Math.sqrt(26_000.0 / 14), within(1e-9));
  }

  @Test
  @Order(2)
  void shouldBreakResultsDownByDistrictDistributionGenderAndItem() throws Exception {
    JsonNode districts =
        get(auditor, "/api/results/areas?examId=" + EXAM + "&level=district&parent=CHUY", 200);
    Map<String, JsonNode> byDistrict = byKey(districts.get("rows"), "area");
    assertThat(byDistrict.keySet()).containsExactly("chuy-alamudun", "chuy-sokuluk");
    assertThat(byDistrict.get("chuy-alamudun").get("mean").asDouble()).isCloseTo(50, within(1e-9));
    assertThat(byDistrict.get("chuy-alamudun").get("passRate").asDouble())
        .isCloseTo(8.0 / 12, within(1e-9));
    assertThat(byDistrict.get("chuy-sokuluk").get("mean").asDouble()).isCloseTo(100, within(1e-9));

    JsonNode distribution =
        get(auditor, "/api/results/distribution?examId=" + EXAM + "&area=region:CHUY", 200);
    assertThat(distribution.get("n").asInt()).isEqualTo(15);
    int[] bins = new int[10];
    for (int i = 0; i < 10; i++) {
      bins[i] = distribution.get("bins").get(i).get("count").asInt();
    }
    assertThat(bins).containsExactly(4, 0, 0, 0, 0, 4, 0, 0, 0, 7);
    int graded = 0;
    for (JsonNode g : distribution.get("grades")) {
      graded += g.get("count").asInt();
    }
    assertThat(graded).isEqualTo(15);

    JsonNode gender =
        get(auditor, "/api/results/disaggregation?examId=" + EXAM + "&by=gender", 200);
    Map<String, JsonNode> byGender = byKey(gender.get("rows"), "group");
    assertThat(byGender.get("F").get("candidates").asInt()).isEqualTo(8);
    assertThat(byGender.get("M").get("candidates").asInt()).isEqualTo(7);

    JsonNode items = get(auditor, "/api/items?examId=" + EXAM + "&version=1", 200);
    Map<String, JsonNode> byItem = byKey(items.get("rows"), "itemId");
    assertThat(byItem.get("q1").get("pValue").asDouble()).isCloseTo(11.0 / 15, within(1e-9));
    assertThat(byItem.get("q2").get("pValue").asDouble()).isCloseTo(7.0 / 15, within(1e-9));
    assertThat(byItem.get("q1").get("n").asInt()).isEqualTo(15);

    JsonNode trend = get(auditor, "/api/results/trend?subject=MATH", 200);
    assertThat(trend.get("rows")).hasSize(1);
    assertThat(trend.get("rows").get(0).get("mean").asDouble()).isCloseTo(60, within(1e-9));
  }

  @Test
  @Order(3)
  void shouldNotCountRepublishedRecordsTwice() throws Exception {
    JsonNode before = snapshot();
    long duplicatesBefore = status().at("/counters/duplicates").asLong();
    int republished = republishEverything();
    assertThat(republished).isGreaterThan(15 * 5);

    await(
        () -> status().at("/counters/duplicates").asLong() >= duplicatesBefore + republished - 20,
        "the republished records to be read");
    // every known event of the copy is a duplicate; only ignored types are not counted as such
    assertThat(snapshot()).isEqualTo(before);
    assertNationalFigures(get(auditor, "/api/results/areas?examId=" + EXAM, 200));
  }

  @Test
  @Order(3)
  void shouldRefuseANulByteInAParameterWithAProblemInsteadOfA500() throws Exception {
    JsonNode refused = get(auditor, "/api/results/areas?examId=a%00b", 400);

    assertThat(refused.get("type").asString()).isEqualTo("urn:kg-exam:problem:bad-request");
    assertThat(refused.get("detail").asString()).contains("U+0000");
    // an account name no account can have (a NUL byte) is a wrong sign-in, not a 500
    assertThat(
            get(basic("aud\u0000itor", "x"), "/api/results/areas?examId=" + EXAM, 401)
                .get("type")
                .asString())
        .isEqualTo("urn:kg-exam:problem:unauthenticated");
    // refused by Tomcat itself (an encoded slash) and by the error page (TRACE): typed problems
    for (String[] request :
        new String[][] {{"GET", "/api/exams/a%2Fb", "400"}, {"TRACE", "/api/exams", "405"}}) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(queryBase.resolve(request[1]))
                      .method(request[0], HttpRequest.BodyPublishers.noBody())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(request[1]).isEqualTo(Integer.parseInt(request[2]));
      assertThat(r.headers().firstValue("Content-Type").orElse(""))
          .as(request[1])
          .startsWith("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("type").asString()).startsWith("urn:kg-exam:problem:");
    }
  }

  @Test
  @Order(4)
  void shouldDeadLetterPoisonRecordsAndKeepApplyingTheirPartition() throws Exception {
    Candidate victim = candidates.getFirst();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      // same key as the victim's stream: same partition, before its re-score
      producer
          .send(
              record(
                  victim.sittingId(),
                  CandidateRegistered.class.getName(),
                  "50",
                  "{not json".getBytes(StandardCharsets.UTF_8)))
          .get();
      producer
          .send(
              record(
                  "ghost-sitting",
                  CandidateRegistered.class.getName(),
                  "0",
                  ("{\"sittingId\":\"ghost-sitting\",\"sessionId\":\"" + SESSION + "\"}")
                      .getBytes(StandardCharsets.UTF_8)))
          .get();
    }
    // a key amendment re-scores every sitting: new events behind the poison in its partition
    send(
        commandBase,
        "POST",
        "/api/exams/" + EXAM + "/versions/1/key-amendments",
        admin,
        Map.of("itemId", "q2", "key", ItemKey.matchCorrect(List.of("C")), "reason", "e2e"),
        201);
    // now every sitting has exactly one of the two right: 50 %
    JsonNode national =
        awaitQuery(
            auditor,
            "/api/results/areas?examId=" + EXAM,
            r ->
                r.at("/total/scored").asInt() == 15
                    && Math.abs(r.at("/total/mean").asDouble() - 50) < 1e-9
                    && r.at("/total/sd").asDouble() == 0);
    assertThat(national.at("/total/candidates").asInt()).isEqualTo(15);
    assertThat(national.at("/total/sd").asDouble()).isZero();

    List<ConsumerRecord<byte[], byte[]>> dead = readAll("exam.events.dlt", 2);
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .extracting(r -> header(r, "dlt-reason"))
        .containsExactlyInAnyOrder("undeserialisable", "missing-required-data");
    assertThat(dead).extracting(r -> header(r, "dlt-original-topic")).containsOnly(TOPIC);
    assertThat(status().at("/counters/deadLettered").asLong()).isEqualTo(2);
  }

  @Test
  @Order(5)
  void shouldRefuseASchoolAnotherSchoolAndGiveTheMinistryOnlyLargeCells() throws Exception {
    assertThat(
            get(schoolA, "/api/results/candidates?examId=" + EXAM + "&schoolId=school-a", 200)
                .get("rows"))
        .hasSize(12);
    JsonNode refused =
        get(schoolA, "/api/results/candidates?examId=" + EXAM + "&schoolId=school-b", 403);
    assertThat(refused.get("type").asString()).isEqualTo("urn:kg-exam:problem:outside-scope");
    get(schoolA, "/api/monitor/schools/school-b", 403);
    get(schoolA, "/api/results/distribution?examId=" + EXAM + "&area=school:school-b", 403);
    JsonNode own = get(schoolA, "/api/monitor/schools/school-a", 200);
    assertThat(rows(own))
        .allSatisfy(r -> assertThat(r.get("schoolId").asString()).isEqualTo("school-a"));
    // a school user asking about the whole session sees its own school's sittings only
    assertThat(rows(get(schoolA, "/api/monitor/sessions/" + SESSION, 200))).hasSize(12);

    get(
        districtSokuluk,
        "/api/results/areas?examId=" + EXAM + "&level=school&parent=chuy-alamudun",
        403);
    JsonNode ownDistrict =
        get(districtSokuluk, "/api/results/areas?examId=" + EXAM + "&level=district", 200);
    assertThat(byKey(ownDistrict.get("rows"), "area").keySet()).containsExactly("chuy-sokuluk");

    JsonNode notRows =
        get(ministry, "/api/results/candidates?examId=" + EXAM + "&schoolId=school-a", 403);
    assertThat(notRows.get("type").asString()).isEqualTo("urn:kg-exam:problem:aggregates-only");
    get(ministry, "/api/monitor/sessions/" + SESSION, 403);
    JsonNode schools = get(ministry, "/api/results/areas?examId=" + EXAM + "&level=school", 200);
    Map<String, JsonNode> bySchool = byKey(schools.get("rows"), "area");
    assertThat(bySchool.get("school-b").get("suppressed").asBoolean()).isTrue();
    assertThat(bySchool.get("school-b").get("mean").isNull()).isTrue();
    assertThat(bySchool.get("school-b").get("passRate").isNull()).isTrue();
    // school-a is large, but hidden with school-b (complementary suppression): else school-b's
    // figures would be the published total's minus school-a's
    assertThat(bySchool.keySet()).containsExactlyInAnyOrder("school-a", "school-b");
    assertThat(bySchool.get("school-a").get("scored").asInt()).isGreaterThanOrEqualTo(10);
    assertThat(bySchool.get("school-a").get("suppressed").asBoolean()).isTrue();
    assertThat(bySchool.get("school-a").get("mean").isNull()).isTrue();
    assertThat(bySchool.get("school-a").get("passRate").isNull()).isTrue();
    assertThat(schools.get("total").get("suppressed").asBoolean()).isFalse();
    assertThat(schools.get("total").get("mean").isNull()).isFalse();
    JsonNode smallDistribution =
        get(ministry, "/api/results/distribution?examId=" + EXAM + "&area=school:school-b", 200);
    assertThat(smallDistribution.get("suppressed").asBoolean()).isTrue();
    assertThat(smallDistribution.get("bins").findValuesAsString("count")).containsOnly("0");

    HttpResponse<String> anonymous =
        HTTP.send(
            HttpRequest.newBuilder(queryBase.resolve("/api/results/areas?examId=" + EXAM)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).get("type").asString())
        .isEqualTo("urn:kg-exam:problem:unauthenticated");
    HttpResponse<String> openApi =
        HTTP.send(
            HttpRequest.newBuilder(queryBase.resolve("/v3/api-docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(openApi.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(openApi.body()).get("paths").has("/api/results/areas")).isTrue();
    JsonNode me = get(schoolA, "/api/me", 200);
    assertThat(me.get("role").asString()).isEqualTo("SCHOOL");
    assertThat(me.get("schoolId").asString()).isEqualTo("school-a");
    // the rebuild is POST only: a GET reaches the endpoint (the auditor may) and is refused
    JsonNode wrongMethod = get(auditor, "/api/projections/rebuild", 405);
    assertThat(wrongMethod.get("type").asString())
        .isEqualTo("urn:kg-exam:problem:method-not-allowed");
  }

  @Test
  @Order(6)
  void shouldWriteEveryTableAsCsvOnRequest() throws Exception {
    HttpResponse<String> csv =
        HTTP.send(
            HttpRequest.newBuilder(
                    queryBase.resolve(
                        "/api/results/areas?examId=" + EXAM + "&level=district&format=csv"))
                .header("Authorization", auditor)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0])
        .isEqualTo("area,candidates,scored,mean,ciLow,ciHigh,sd,passRate,suppressed");
    assertThat(lines).hasSize(4); // two districts and the total
    HttpResponse<String> monitorCsv =
        HTTP.send(
            HttpRequest.newBuilder(queryBase.resolve("/api/monitor/sessions/" + SESSION))
                .header("Authorization", auditor)
                .header("Accept", "text/csv")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(monitorCsv.body().split("\r\n")).hasSize(16);
  }

  @Test
  @Order(7)
  void shouldRebuildToIdenticalNumbers() throws Exception {
    JsonNode before = snapshot();
    long appliedBefore = status().at("/counters/applied").asLong();
    JsonNode report = send(queryBase, "POST", "/api/projections/rebuild", auditor, null, 202);
    assertThat(report.get("partitions").asInt()).isEqualTo(12);
    assertThat(status().get("rebuilds").asInt()).isEqualTo(1);

    await(() -> snapshot().equals(before), "the rebuilt projections to equal the live ones");
    // they were rebuilt, not left alone: every event was applied a second time
    assertThat(status().at("/counters/applied").asLong()).isGreaterThanOrEqualTo(2 * appliedBefore);
  }

  @Test
  @Order(8)
  void shouldSignInThroughTheLoginFormWithASessionCookieAndRequireCsrfForChanges()
      throws Exception {
    String password = random(18);
    querySide
        .getBean(DashboardAccounts.class)
        .create("form-auditor", password, DashboardRole.AUDITOR, null, null, null);
    HttpClient browser =
        HttpClient.newBuilder()
            .cookieHandler(new java.net.CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> login =
        browser.send(
            HttpRequest.newBuilder(queryBase.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=form-auditor&password="
                            + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
    HttpResponse<String> me =
        browser.send(
            HttpRequest.newBuilder(queryBase.resolve("/api/me")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).get("account").asString()).isEqualTo("form-auditor");
    // a cookie session cannot change anything without the CSRF token a page of ours holds
    HttpResponse<String> forged =
        browser.send(
            HttpRequest.newBuilder(queryBase.resolve("/api/projections/rebuild"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(status().get("rebuilds").asInt()).isEqualTo(1);

    // another site can neither sign a browser in (login CSRF) nor act in its session
    HttpClient elsewhere =
        HttpClient.newBuilder()
            .cookieHandler(new java.net.CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> crossSiteLogin =
        elsewhere.send(
            HttpRequest.newBuilder(queryBase.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://elsewhere.example")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=form-auditor&password="
                            + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossSiteLogin.statusCode()).isEqualTo(403);
    assertThat(crossSiteLogin.body()).contains("urn:kg-exam:problem:forbidden");
    HttpResponse<String> crossSiteLogout =
        browser.send(
            HttpRequest.newBuilder(queryBase.resolve("/logout"))
                .header("Referer", "http://elsewhere.example/page")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(crossSiteLogout.statusCode()).isEqualTo(403);
    assertThat(
            browser
                .send(
                    HttpRequest.newBuilder(queryBase.resolve("/api/me")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .as("still signed in")
        .isEqualTo(200);
    HttpResponse<String> sameSiteLogin =
        elsewhere.send(
            HttpRequest.newBuilder(queryBase.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://" + queryBase.getHost() + ":" + queryBase.getPort())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=form-auditor&password="
                            + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(sameSiteLogin.statusCode()).isEqualTo(302);
    assertThat(sameSiteLogin.headers().firstValue("Location").orElse("")).doesNotContain("error");

    HttpResponse<String> wrong =
        browser.send(
            HttpRequest.newBuilder(queryBase.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=form-auditor&password=nope"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(302);
    assertThat(wrong.headers().firstValue("Location").orElse("")).contains("/login?error");
  }

  @Test
  @Order(9)
  void shouldStartFromTheCommandSidesEndpointsFileAndSeedOneDemoAccountPerRole() throws Exception {
    Path dataDir = Files.createTempDirectory("query-embedded");
    Properties endpoints = new Properties();
    endpoints.setProperty("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    endpoints.setProperty("spring.datasource.username", "postgres");
    endpoints.setProperty("spring.datasource.password", "");
    endpoints.setProperty("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    try (var out = Files.newBufferedWriter(dataDir.resolve("embedded-endpoints.properties"))) {
      endpoints.store(out, null);
    }
    try (ConfigurableApplicationContext second =
        QuerySideApplication.application()
            .run("--exam.data-dir=" + dataDir, "--server.port=0", "--exam.kafka.enabled=false")) {
      Path credentials = dataDir.resolve("dashboard-credentials.txt");
      assertThat(Files.getPosixFilePermissions(credentials))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      List<String> lines = Files.readAllLines(credentials);
      assertThat(lines)
          .extracting(l -> l.split(" ")[1])
          .containsExactlyInAnyOrder("SCHOOL", "DISTRICT", "REGION", "MINISTRY", "AUDITOR");
      String[] school =
          lines.stream().filter(l -> l.contains(" SCHOOL ")).findFirst().orElseThrow().split(" ");
      URI secondBase =
          URI.create(
              "http://localhost:" + second.getEnvironment().getProperty("local.server.port"));
      JsonNode me = send(secondBase, "GET", "/api/me", basic(school[2], school[3]), null, 200);
      assertThat(me.get("schoolId").asString()).isEqualTo("school-bishkek-061");
    }
  }

  @Test
  @Order(10)
  void shouldCreateAnAccountFromTheCommandLineAndRefuseABadRoleWithExitCode2() throws Exception {
    Path passwordFile = Files.createTempFile("password", ".txt");
    String password = random(18);
    Files.writeString(passwordFile, password + "\n");
    String[] database = {
      "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
      "--spring.datasource.username=postgres",
      "--spring.datasource.password=",
      "--password-file=" + passwordFile
    };
    String[] good =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(database),
                java.util.stream.Stream.of(
                    "--create-account=alamudun-edu",
                    "--role=DISTRICT",
                    "--region=CHUY",
                    "--district=chuy-alamudun"))
            .toArray(String[]::new);
    String[] bad =
        java.util.stream.Stream.concat(
                java.util.Arrays.stream(database),
                java.util.stream.Stream.of("--create-account=someone", "--role=KING"))
            .toArray(String[]::new);

    assertThat(QuerySideApplication.createAccount(good)).isZero();
    assertThat(QuerySideApplication.createAccount(bad)).isEqualTo(2);
    JsonNode me = get(basic("alamudun-edu", password), "/api/me", 200);
    assertThat(me.get("role").asString()).isEqualTo("DISTRICT");
    assertThat(me.get("district").asString()).isEqualTo("chuy-alamudun");
  }

  @Test
  @Order(11)
  void shouldRebuildFromTheCommandLineAfterARestart() throws Exception {
    JsonNode before = snapshot();
    querySide.close();
    querySide =
        QuerySideApplication.application()
            .run(
                args(
                    Map.of(
                        "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "spring.kafka.bootstrap-servers", kafka.bootstrapServers(),
                        "rebuild", "",
                        "server.port", "0")));
    queryBase =
        URI.create(
            "http://localhost:" + querySide.getEnvironment().getProperty("local.server.port"));

    assertThat(status().get("rebuilds").asInt()).isEqualTo(1);
    await(
        () -> snapshot().equals(before), "the projections rebuilt at start to equal the old ones");
  }

  @Test
  @Order(20)
  void shouldMonitorACentreOverItsOpenSessionsWithinTheCallersArea() throws Exception {
    // centre-chuy-1 holds SESSION (15 sittings, all handed in) and a closed session with one
    // sitting that the centre monitor leaves out; centre-chuy-2 seats one candidate of each
    // district (school A's has started); centre-chuy-3 seats school A's candidates only.
    openSession("e2e-closed", "centre-chuy-1");
    sitIn("e2e-closed", "cand-closed", "school-b", "chuy-sokuluk");
    send(
        commandBase, "POST", "/api/sessions/e2e-closed/close", admin, Map.of("reason", "e2e"), 204);
    openSession("e2e-centre-2", "centre-chuy-2");
    Candidate alamudun = sitIn("e2e-centre-2", "cand-c2-a", "school-a", "chuy-alamudun");
    sitIn("e2e-centre-2", "cand-c2-b", "school-b", "chuy-sokuluk");
    start(alamudun);
    openSession("e2e-centre-3", "centre-chuy-3");
    sitIn("e2e-centre-3", "cand-c3-a", "school-a", "chuy-alamudun");

    awaitQuery(
        auditor, "/api/monitor/sessions/e2e-closed", m -> m.at("/counts/registered").asInt() == 1);
    await(
        () -> {
          for (JsonNode exam : get(auditor, "/api/exams", 200)) {
            for (JsonNode session : exam.get("sessions")) {
              if ("e2e-closed".equals(session.get("sessionId").asString())) {
                return session.get("closed").asBoolean();
              }
            }
          }
          return false;
        },
        "the closing of e2e-closed to be projected");
    JsonNode second =
        awaitQuery(
            auditor,
            "/api/monitor/centres/centre-chuy-2",
            m ->
                m.at("/counts/registered").asInt() == 2 && m.at("/counts/inProgress").asInt() == 1);
    awaitQuery(
        auditor,
        "/api/monitor/centres/centre-chuy-3",
        m -> m.at("/counts/registered").asInt() == 1);

    // the auditor: everything at the centre, the closed session left out
    JsonNode first = get(auditor, "/api/monitor/centres/centre-chuy-1", 200);
    assertThat(first.at("/counts/registered").asInt()).isEqualTo(15);
    assertThat(first.at("/counts/started").asInt()).isEqualTo(15);
    assertThat(first.at("/counts/submitted").asInt()).isEqualTo(15);
    assertThat(first.at("/counts/inProgress").asInt()).isZero();
    assertThat(rows(first)).hasSize(15);
    assertThat(rows(first))
        .allSatisfy(r -> assertThat(r.get("sessionId").asString()).isEqualTo(SESSION));
    assertThat(second.at("/counts/started").asInt()).isEqualTo(1);
    assertThat(second.at("/counts/submitted").asInt()).isZero();
    assertThat(second.at("/counts/silent").asInt()).isZero();
    assertThat(rows(second))
        .extracting(r -> r.get("candidateId").asString())
        .containsExactly("cand-c2-a", "cand-c2-b");

    // a district user sees only its district's candidates at a shared centre
    JsonNode sokulukFirst = get(districtSokuluk, "/api/monitor/centres/centre-chuy-1", 200);
    assertThat(sokulukFirst.at("/counts/registered").asInt()).isEqualTo(3);
    assertThat(sokulukFirst.at("/counts/submitted").asInt()).isEqualTo(3);
    assertThat(rows(sokulukFirst))
        .allSatisfy(r -> assertThat(r.get("schoolId").asString()).isEqualTo("school-b"));
    JsonNode sokulukSecond = get(districtSokuluk, "/api/monitor/centres/centre-chuy-2", 200);
    assertThat(sokulukSecond.at("/counts/registered").asInt()).isEqualTo(1);
    assertThat(sokulukSecond.at("/counts/started").asInt()).isZero();
    assertThat(rows(sokulukSecond))
        .extracting(r -> r.get("candidateId").asString())
        .containsExactly("cand-c2-b");
    // a school user its school's
    assertThat(rows(get(schoolA, "/api/monitor/centres/centre-chuy-1", 200))).hasSize(12);
    JsonNode schoolSecond = get(schoolA, "/api/monitor/centres/centre-chuy-2", 200);
    assertThat(schoolSecond.at("/counts/inProgress").asInt()).isEqualTo(1);
    assertThat(rows(schoolSecond))
        .extracting(r -> r.get("candidateId").asString())
        .containsExactly("cand-c2-a");

    // refused: a centre with nobody of the caller's area, the ministry, nonsense
    JsonNode elsewhere = get(districtSokuluk, "/api/monitor/centres/centre-chuy-3", 403);
    assertThat(elsewhere.get("type").asString()).isEqualTo("urn:kg-exam:problem:outside-scope");
    JsonNode aggregates = get(ministry, "/api/monitor/centres/centre-chuy-1", 403);
    assertThat(aggregates.get("type").asString()).isEqualTo("urn:kg-exam:problem:aggregates-only");
    get(auditor, "/api/monitor/centres/centre-nowhere", 404);
    get(auditor, "/api/monitor/centres/centre-chuy-1?silentMinutes=0", 400);

    HttpResponse<String> csv =
        HTTP.send(
            HttpRequest.newBuilder(
                    queryBase.resolve("/api/monitor/centres/centre-chuy-2?format=csv"))
                .header("Authorization", districtSokuluk)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("sittingId,candidateId,schoolId,sessionId,status,");
    assertThat(lines[1]).contains(",cand-c2-b,school-b,e2e-centre-2,REGISTERED,");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void openSession(String sessionId, String centreId) throws Exception {
    send(
        commandBase,
        "POST",
        "/api/sessions",
        admin,
        Map.of(
            "sessionId",
            sessionId,
            "examId",
            EXAM,
            "examVersion",
            1,
            "centreId",
            centreId,
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()),
        201);
  }

  /** Registers a candidate in {@code sessionId} and signs them in (answers are not planned). */
  private static Candidate sitIn(
      String sessionId, String candidateId, String school, String district) throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("candidateId", candidateId);
    body.put("region", "CHUY");
    body.put("district", district);
    body.put("schoolId", school);
    body.put("locality", "RURAL");
    body.put("instructionLanguage", "ky");
    body.put("gender", "F");
    body.put("grade", 9);
    body.put("extraTimePercent", 0);
    JsonNode slip =
        send(
            commandBase, "POST", "/api/sessions/" + sessionId + "/registrations", admin, body, 201);
    JsonNode token =
        send(
            commandBase,
            "POST",
            "/api/candidate/sign-in",
            null,
            Map.of(
                "candidateCode",
                slip.get("candidateCode").asString(),
                "pin",
                slip.get("pin").asString()),
            200);
    return new Candidate(
        slip.get("sittingId").asString(),
        school,
        null,
        null,
        token.get("token").asString(),
        Ed25519PrivateKey.generate(new SecureRandom()));
  }

  /** Everything the dashboards show of the exam, without the clock-dependent parts. */
  private static JsonNode snapshot() throws Exception {
    Map<String, JsonNode> all = new LinkedHashMap<>();
    all.put("national", get(auditor, "/api/results/areas?examId=" + EXAM, 200));
    all.put("schools", get(auditor, "/api/results/areas?examId=" + EXAM + "&level=school", 200));
    all.put("distribution", get(auditor, "/api/results/distribution?examId=" + EXAM, 200));
    all.put(
        "language",
        get(auditor, "/api/results/disaggregation?examId=" + EXAM + "&by=language", 200));
    all.put("items", get(auditor, "/api/items?examId=" + EXAM + "&version=1", 200));
    all.put(
        "candidates",
        get(auditor, "/api/results/candidates?examId=" + EXAM + "&schoolId=school-a", 200));
    all.put("monitor", get(auditor, "/api/monitor/sessions/" + SESSION, 200).get("rows"));
    all.put("exams", get(auditor, "/api/exams", 200));
    return JSON.valueToTree(all);
  }

  private static JsonNode status() throws Exception {
    return get(auditor, "/api/projections/status", 200);
  }

  private static ExamContent exam() {
    List<Choice> choices =
        List.of(new Choice("A", "1"), new Choice("B", "2"), new Choice("C", "3"));
    return new ExamContent(
        "E2E",
        "MATH",
        9,
        "ky",
        60,
        List.of(new SectionDefinition("S", "Section")),
        List.of(
            new ItemDefinition(
                "q1",
                "S",
                "SINGLE_CHOICE",
                1,
                1,
                "q1?",
                choices,
                List.of(),
                ItemKey.matchCorrect(List.of("A"))),
            new ItemDefinition(
                "q2",
                "S",
                "SINGLE_CHOICE",
                1,
                1,
                "q2?",
                choices,
                List.of(),
                ItemKey.matchCorrect(List.of("B")))),
        new ScoringRules(50, List.of(), null));
  }

  private static Candidate register(
      String candidateId,
      String school,
      String district,
      String gender,
      String language,
      String q1,
      String q2)
      throws Exception {
    Map<String, Object> body = new HashMap<>();
    body.put("candidateId", candidateId);
    body.put("region", "CHUY");
    body.put("district", district);
    body.put("schoolId", school);
    body.put("locality", "RURAL");
    body.put("instructionLanguage", language);
    body.put("gender", gender);
    body.put("grade", 9);
    body.put("extraTimePercent", 0);
    JsonNode slip =
        send(commandBase, "POST", "/api/sessions/" + SESSION + "/registrations", admin, body, 201);
    JsonNode token =
        send(
            commandBase,
            "POST",
            "/api/candidate/sign-in",
            null,
            Map.of(
                "candidateCode",
                slip.get("candidateCode").asString(),
                "pin",
                slip.get("pin").asString()),
            200);
    return new Candidate(
        slip.get("sittingId").asString(),
        school,
        q1,
        q2,
        token.get("token").asString(),
        Ed25519PrivateKey.generate(new SecureRandom()));
  }

  private static void start(Candidate c) throws Exception {
    send(
        commandBase,
        "POST",
        "/api/sittings/" + c.sittingId() + "/start",
        bearer(c),
        Map.of("devicePublicKey", c.key().publicKey().toBase64Url()),
        200);
  }

  private static void answer(Candidate c, String itemId, String choice, long clientSeq)
      throws Exception {
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<String> response = List.of(choice);
    send(
        commandBase,
        "POST",
        "/api/sittings/" + c.sittingId() + "/answers",
        bearer(c),
        Map.of(
            "itemId", itemId,
            "response", response,
            "clientSeq", clientSeq,
            "clientTimestamp", at.toString(),
            "signature",
                Map.of(
                    "keyId", c.key().keyId().toString(),
                    "value",
                        AnswerSignatures.sign(
                            c.key(), c.sittingId(), itemId, response, clientSeq, at))),
        200,
        201);
  }

  private static String bearer(Candidate c) {
    return "Bearer " + c.token();
  }

  private static List<JsonNode> rows(JsonNode response) {
    List<JsonNode> rows = new ArrayList<>();
    response.get("rows").forEach(rows::add);
    return rows;
  }

  private static Map<String, JsonNode> byKey(JsonNode rows, String key) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    rows.forEach(r -> map.put(r.get(key).asString(), r));
    return map;
  }

  private static JsonNode get(String auth, String path, int expected) throws Exception {
    return send(queryBase, "GET", path, auth, null, expected);
  }

  private static JsonNode send(
      URI base, String method, String path, String auth, Object body, int... expected)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (auth != null) {
      request.header("Authorization", auth);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    boolean ok = false;
    for (int e : expected) {
      ok |= response.statusCode() == e;
    }
    assertThat(ok)
        .as("%s %s answered %s: %s", method, path, response.statusCode(), response.body())
        .isTrue();
    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private static JsonNode awaitQuery(String auth, String path, Predicate<JsonNode> done)
      throws Exception {
    Instant until = Instant.now().plus(WAIT);
    JsonNode last = null;
    while (Instant.now().isBefore(until)) {
      last = get(auth, path, 200);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting on " + path + "; last answer: " + last);
  }

  interface Check {
    boolean done() throws Exception;
  }

  /**
   * Waits until the check holds. A check that fails on the way (e.g. a 404 while a rebuild has
   * emptied the projections and not yet replayed the session) is tried again; the last such failure
   * is attached to the time-out.
   */
  private static void await(Check check, String what) throws Exception {
    Instant until = Instant.now().plus(WAIT);
    AssertionError last = null;
    while (Instant.now().isBefore(until)) {
      try {
        if (check.done()) {
          return;
        }
      } catch (AssertionError e) {
        last = e;
      }
      Thread.sleep(200);
    }
    AssertionError timedOut = new AssertionError("timed out waiting for " + what);
    if (last != null) {
      timedOut.addSuppressed(last);
    }
    throw timedOut;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> record(
      String key, String type, String sequence, byte[] value) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value);
    r.headers()
        .add("event-id", ("poison-" + key).getBytes(StandardCharsets.UTF_8))
        .add("event-type", type.getBytes(StandardCharsets.UTF_8))
        .add("aggregate-id", key.getBytes(StandardCharsets.UTF_8))
        .add("sequence-number", sequence.getBytes(StandardCharsets.UTF_8))
        .add("timestamp", Instant.now().toString().getBytes(StandardCharsets.UTF_8));
    return r;
  }

  /** Copies every record of the events topic onto its end again: same key, value and headers. */
  private static int republishEverything() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> all = readAll(TOPIC, 0);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (ConsumerRecord<byte[], byte[]> r : all) {
        ProducerRecord<byte[], byte[]> copy =
            new ProducerRecord<>(TOPIC, r.partition(), r.key(), r.value());
        r.headers().forEach(h -> copy.headers().add(h));
        producer.send(copy);
      }
      producer.flush();
    }
    return all.size();
  }

  /** Reads a topic from its start to its current end (at least {@code atLeast} records). */
  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast)
      throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    Instant until = Instant.now().plus(WAIT);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (Instant.now().isBefore(until)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        boolean atEnd = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        if (atEnd && records.size() >= atLeast) {
          break;
        }
        if (atEnd) {
          end.putAll(consumer.endOffsets(partitions));
        }
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static String[] args(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
