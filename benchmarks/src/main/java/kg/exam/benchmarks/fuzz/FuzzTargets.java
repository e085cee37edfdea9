package kg.exam.benchmarks.fuzz;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.StationRequestSignatures;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two services under the API fuzzer, real and in this JVM: an embedded PostgreSQL, an embedded
 * Kafka broker, the command side and the query side; with a fixture every kind of caller can reach
 * (an exam, an open session at centre A / school A, a started candidate, an exam station) and the
 * fuzzers for both services.
 */
public final class FuzzTargets implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CENTRE = "centre-fuzz";
  private static final String SCHOOL = "school-fuzz";

  private final EmbeddedPostgres postgres;
  private final EmbeddedKafka kafka;
  private final Path kafkaDir;
  private final ConfigurableApplicationContext command;
  private final ConfigurableApplicationContext query;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String password = random(18);

  private FuzzTargets(
      EmbeddedPostgres postgres,
      EmbeddedKafka kafka,
      Path kafkaDir,
      ConfigurableApplicationContext command,
      ConfigurableApplicationContext query) {
    this.postgres = postgres;
    this.kafka = kafka;
    this.kafkaDir = kafkaDir;
    this.command = command;
    this.query = query;
  }

  /** Starts everything. */
  public static FuzzTargets start() throws IOException {
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
    Path kafkaDir = Files.createTempDirectory("fuzz-kafka");
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir);
    List<String> common =
        List.of(
            "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=",
            "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
            "--server.port=0",
            "--spring.main.banner-mode=off",
            "--logging.level.root=WARN");
    ConfigurableApplicationContext command =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                Stream.concat(
                        common.stream(),
                        Stream.of(
                            "--exam.security.token-secret=" + random(32),
                            "--exam.demo.enabled=false"))
                    .toArray(String[]::new));
    ConfigurableApplicationContext query =
        QuerySideApplication.application()
            .run(
                Stream.concat(common.stream(), Stream.of("--exam.accounts.seed-demo=false"))
                    .toArray(String[]::new));
    return new FuzzTargets(postgres, kafka, kafkaDir, command, query);
  }

  /** The command side's fuzzer, with its fixture made; state = events a request appends. */
  public ApiFuzzer commandSide() throws Exception {
    URI base = base(command);
    StaffAccounts staff = command.getBean(StaffAccounts.class);
    staff.create("fuzz-admin", password, Role.CENTRE_ADMIN, null, null);
    staff.create("fuzz-inv", password, Role.INVIGILATOR, CENTRE, null);
    staff.create("fuzz-auditor", password, Role.AUDITOR, null, null);
    staff.create("fuzz-school", password, Role.SCHOOL, null, SCHOOL);
    staff.create("fuzz-writer", password, Role.ITEM_WRITER, null, null);
    staff.create("fuzz-reviewer", password, Role.REVIEWER, null, null);
    String admin = basic("fuzz-admin");
    String examId = "fuzz-exam";
    post(base, "/api/exams", admin, Map.of("examId", examId, "content", DemoExam.content()));
    post(base, "/api/exams/" + examId + "/publish", admin, null);
    String sessionId = "fuzz-session";
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("sessionId", sessionId);
    session.put("examId", examId);
    session.put("examVersion", 1);
    session.put("centreId", CENTRE);
    session.put("schoolId", SCHOOL);
    session.put("opensAt", Instant.now().minusSeconds(3600).toString());
    session.put("closesAt", Instant.now().plusSeconds(86_400).toString());
    post(base, "/api/sessions", admin, session);
    Map<String, Object> registration = new LinkedHashMap<>();
    registration.put("candidateId", "C-fuzz-1");
    registration.put("region", "CHUY");
    registration.put("district", "chuy-sokuluk");
    registration.put("schoolId", SCHOOL);
    registration.put("locality", "RURAL");
    registration.put("instructionLanguage", "ky");
    registration.put("gender", "F");
    registration.put("grade", 9);
    registration.put("extraTimePercent", 0);
    JsonNode slip =
        post(base, "/api/sessions/" + sessionId + "/registrations", admin, registration);
    JsonNode signedIn =
        post(
            base,
            "/api/candidate/sign-in",
            null,
            Map.of(
                "candidateCode", slip.get("candidateCode").asString(),
                "pin", slip.get("pin").asString()));
    String candidate = "Bearer " + signedIn.get("token").asString();
    String sittingId = slip.get("sittingId").asString();
    Ed25519PrivateKey device = Ed25519PrivateKey.generate(new SecureRandom());
    post(
        base,
        "/api/sittings/" + sittingId + "/start",
        candidate,
        Map.of("devicePublicKey", device.publicKey().toBase64Url()));
    Ed25519PrivateKey stationKey = Ed25519PrivateKey.generate(new SecureRandom());
    post(
        base,
        "/api/trust/stations",
        admin,
        Map.of(
            "stationId",
            "station-fuzz",
            "centreId",
            CENTRE,
            "schoolId",
            SCHOOL,
            "publicKey",
            stationKey.publicKey().toBase64Url(),
            "validFrom",
            Instant.now().minusSeconds(60).toString()));

    Map<String, String> bank = bankFixture(base, admin);

    Map<String, ApiFuzzer.Caller> callers = new LinkedHashMap<>();
    callers.put("CENTRE_ADMIN", basicCaller(admin));
    callers.put("CANDIDATE", basicCaller(candidate));
    callers.put("INVIGILATOR", basicCaller(basic("fuzz-inv")));
    callers.put("AUDITOR", basicCaller(basic("fuzz-auditor")));
    callers.put("SCHOOL", basicCaller(basic("fuzz-school")));
    callers.put("ITEM_WRITER", basicCaller(basic("fuzz-writer")));
    callers.put("REVIEWER", basicCaller(basic("fuzz-reviewer")));
    callers.put(
        "STATION",
        (request, method, pathAndQuery, body) ->
            request.header(
                "Authorization",
                StationRequestSignatures.sign(
                        stationKey,
                        method,
                        pathAndQuery,
                        Instant.now(),
                        body.length == 0 ? null : body)
                    .headerValue()));
    callers.put("anonymous", (request, method, pathAndQuery, body) -> {});
    Map<String, String> fixture = new LinkedHashMap<>();
    fixture.put("examId", examId);
    fixture.put("version", "1");
    fixture.put("sessionId", sessionId);
    fixture.put("sittingId", sittingId);
    fixture.put("streamId", sittingId);
    fixture.put("candidateId", "C-fuzz-1");
    fixture.put("schoolId", SCHOOL);
    fixture.putAll(bank);
    JdbcTemplate jdbc = command.getBean(JdbcTemplate.class);
    return new ApiFuzzer(
        "command side",
        base,
        document(base),
        callers,
        fixture,
        () ->
            jdbc.queryForObject(
                // what a request appends itself; scoring, seals and time-outs follow on their own
                "SELECT count(*) FROM domainevententry WHERE payloadtype NOT IN"
                    + " ('kg.exam.contract.sitting.SittingScored',"
                    + " 'kg.exam.contract.sitting.SittingSealed',"
                    + " 'kg.exam.contract.sitting.SittingTimedOut')",
                Long.class));
  }

  /** The query side's fuzzer, as its auditor (who may call every operation). */
  public ApiFuzzer querySide() throws Exception {
    URI base = base(query);
    query
        .getBean(DashboardAccounts.class)
        .create("fuzz-dash-auditor", password, DashboardRole.AUDITOR, null, null, null);
    query
        .getBean(DashboardAccounts.class)
        .create("fuzz-dash-school", password, DashboardRole.SCHOOL, null, null, SCHOOL);
    Map<String, ApiFuzzer.Caller> callers = new LinkedHashMap<>();
    callers.put("AUDITOR", basicCaller(basic("fuzz-dash-auditor")));
    callers.put("SCHOOL", basicCaller(basic("fuzz-dash-school")));
    callers.put("anonymous", (request, method, pathAndQuery, body) -> {});
    return new ApiFuzzer(
        "query side",
        base,
        document(base),
        callers,
        Map.of("schoolId", SCHOOL, "sessionId", "fuzz-session", "centreId", CENTRE),
        null);
  }

  private static ApiFuzzer.Caller basicCaller(String authorization) {
    return (request, method, pathAndQuery, body) -> request.header("Authorization", authorization);
  }

  private String document(URI base) throws Exception {
    HttpResponse<String> doc =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v3/api-docs")).build(),
            HttpResponse.BodyHandlers.ofString());
    if (doc.statusCode() != 200) {
      throw new IllegalStateException("no OpenAPI document at " + base + ": " + doc.statusCode());
    }
    return doc.body();
  }

  /**
   * The item bank's part of the fixture: the shipped ICT framework, an approved item in Kyrgyz and
   * Russian, a stored image and a recorded assembly of one form.
   */
  private Map<String, String> bankFixture(URI base, String admin) throws Exception {
    try (java.io.InputStream in =
        FuzzTargets.class.getResourceAsStream("/frameworks/kg-ict-teachers.json")) {
      post(base, "/api/bank/frameworks/kg-ict-teachers", admin, JSON.readValue(in, Map.class));
    }
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", "SINGLE_CHOICE");
    item.put("maxScore", 1);
    item.put("weight", 1);
    item.put("prompt", "Кайсы курал ылайыктуу?");
    item.put(
        "choices",
        java.util.List.of(Map.of("id", "A", "text", "Тест"), Map.of("id", "B", "text", "Текст")));
    item.put("key", Map.of("correct", java.util.List.of("A")));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("subject", "ICT");
    content.put("language", "ky");
    content.put(
        "competencies",
        java.util.List.of(Map.of("frameworkId", "kg-ict-teachers", "code", "2.2.1.a")));
    content.put("cognitiveLevel", "APPLY");
    content.put("item", item);
    content.put(
        "translations",
        java.util.List.of(
            Map.of(
                "language",
                "ru",
                "prompt",
                "Какой инструмент?",
                "choices",
                java.util.List.of(
                    Map.of("id", "A", "text", "Тест"), Map.of("id", "B", "text", "Текст")))));
    String writer = basic("fuzz-writer");
    String reviewer = basic("fuzz-reviewer");
    post(base, "/api/bank/items", writer, Map.of("itemId", "fuzz-item", "content", content));
    post(base, "/api/bank/items/fuzz-item/versions/1/review", reviewer, Map.of("accepted", true));
    post(base, "/api/bank/items/fuzz-item/versions/1/approve", reviewer, null);
    HttpResponse<String> image =
        http.send(
            HttpRequest.newBuilder(base.resolve("/api/bank/media"))
                .header("Authorization", writer)
                .header("Content-Type", "image/png")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Base64.getDecoder()
                            .decode(
                                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String sha256 = JSON.readTree(image.body()).get("sha256").asString();
    Map<String, Object> blueprint = new LinkedHashMap<>();
    blueprint.put("subject", "ICT");
    blueprint.put("languages", java.util.List.of("ky", "ru"));
    blueprint.put("forms", 1);
    blueprint.put("itemsPerForm", 1);
    blueprint.put(
        "content",
        java.util.List.of(
            Map.of("frameworkId", "kg-ict-teachers", "code", "2.2", "min", 1, "max", 1)));
    blueprint.put("timeLimitSeconds", 5);
    post(
        base,
        "/api/bank/assemblies",
        admin,
        Map.of("assemblyId", "fuzz-assembly", "blueprint", blueprint));
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("itemId", "fuzz-item");
    ids.put("frameworkId", "kg-ict-teachers");
    ids.put("sha256", sha256);
    ids.put("assemblyId", "fuzz-assembly");
    ids.put("form", "1");
    return ids;
  }

  private JsonNode post(URI base, String path, String authorization, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    body == null ? new byte[0] : JSON.writeValueAsBytes(body)));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "fixture: POST " + path + " -> " + response.statusCode() + " " + response.body());
    }
    return response.body().isBlank() ? null : JSON.readTree(response.body());
  }

  private String basic(String account) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static URI base(ConfigurableApplicationContext app) {
    return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  @Override
  public void close() throws IOException {
    query.close();
    command.close();
    kafka.stop();
    postgres.close();
    try (Stream<Path> files = Files.walk(kafkaDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
