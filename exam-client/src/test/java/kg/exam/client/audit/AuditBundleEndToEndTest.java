package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import kg.exam.client.ExamServerClient;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.StreamHashChain;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleStream;
import kg.exam.contract.trust.registry.ServerKeyRegistered;
import kg.exam.contract.trust.registry.TrustRegistry;
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
 * From the API to the offline verifier: real sittings on an in-process command side over a real
 * PostgreSQL are scored, sealed, put in a signed session tree head, exported and verified; then
 * tampered with in the bundle and in the database.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditBundleEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
  private static EmbeddedPostgres postgres;
  private static ConfigurableApplicationContext server;
  private static URI base;
  private static String admin;
  private static String auditor;
  private static String sessionId;
  private static List<String> sittings;
  private static final Ed25519PrivateKey STATION_KEY =
      Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("5a".repeat(32)));

  @TempDir Path dir;

  @BeforeAll
  static void runASession() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    server =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                Map.of(
                        "spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"),
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "exam.security.token-secret", random(32),
                        "server.port", "0")
                    .entrySet()
                    .stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    base =
        URI.create("http://localhost:" + server.getEnvironment().getProperty("local.server.port"));
    String password = random(18);
    StaffAccounts staff = server.getBean(StaffAccounts.class);
    staff.create("admin", password, Role.CENTRE_ADMIN, null, null);
    staff.create("auditor", password, Role.AUDITOR, null, null);
    admin = basic("admin", password);
    auditor = basic("auditor", password);
    post("/api/exams", Map.of("examId", "audit-exam", "content", DemoExam.content()));
    post("/api/exams/audit-exam/publish", null);
    sessionId = "audit-session";
    post(
        "/api/sessions",
        Map.of(
            "sessionId",
            sessionId,
            "examId",
            "audit-exam",
            "examVersion",
            1,
            "centreId",
            "centre-c",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()));
    ExamServerClient deviceClient =
        new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50));
    // The third sitting is taken on an exam station whose key the centre registered.
    post(
        "/api/trust/stations",
        Map.of(
            "stationId",
            "hall-1-pc-3",
            "centreId",
            "centre-c",
            "publicKey",
            STATION_KEY.publicKey().toBase64Url(),
            "validFrom",
            Instant.now().minusSeconds(60).toString()));
    ExamServerClient station =
        new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50), STATION_KEY);
    sittings = new ArrayList<>();
    String[][] answers = {{"B", "true"}, {"C", "false"}, {"B", "false"}};
    for (String[] a : answers) {
      ExamServerClient client = sittings.size() == 2 ? station : deviceClient;
      JsonNode slip = slip();
      ExamServerClient.Session s =
          client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
      client.start(s);
      client.answer(s, "q1", List.of("A"), 1, Instant.now());
      client.answer(s, "q3", List.of(a[1]), 2, Instant.now());
      client.answer(s, "q1", List.of(a[0]), 3, Instant.now()); // a changed answer
      client.submit(s);
      sittings.add(s.sittingId());
    }
    for (String id : sittings) {
      awaitSeals(id, 1);
    }
    // a key amendment re-scores every sitting against key version 2, and each is sealed again
    post(
        "/api/exams/audit-exam/versions/1/key-amendments",
        Map.of("itemId", "q1", "key", ItemKey.matchCorrect(List.of("C")), "reason", "two answers"));
    for (String id : sittings) {
      awaitSeals(id, 2);
    }
    // an item excluded from scoring by a recorded decision (key version 3): every sitting is
    // scored again without it and sealed again, and the verifier must re-score the same way
    post(
        "/api/exams/audit-exam/versions/1/exclusions",
        Map.of("itemId", "q3", "reason", "DIF class C between language groups"));
    for (String id : sittings) {
      awaitSeals(id, 3);
    }
    // an incident noted after the seals (as a station syncing late would): the sitting is sealed
    // again, so its stream still ends with a seal, and re-scoring passes over the incident
    post(
        "/api/sittings/" + sittings.getFirst() + "/incidents",
        Map.of("code", "SUSPECTED_MISCONDUCT", "note", "second phone found after hand-in"));
    awaitSeals(sittings.getFirst(), 4);
    JsonNode head = post("/api/sessions/" + sessionId + "/tree-head", null);
    assertThat(head.get("treeSize").asInt()).isEqualTo(3);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
    postgres.close();
  }

  private static JdbcTemplate jdbc() {
    return server.getBean(JdbcTemplate.class);
  }

  private static void awaitSeals(String sittingId, int seals) throws InterruptedException {
    for (int i = 0; i < 400; i++) {
      Integer n =
          jdbc()
              .queryForObject(
                  "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                      + " AND payloadtype = 'kg.exam.contract.sitting.SittingSealed'",
                  Integer.class,
                  sittingId);
      if (n != null && n >= seals) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("sitting " + sittingId + " not sealed " + seals + " times");
  }

  private VerificationReport verify(Path bundle) throws Exception {
    return new BundleVerifier(4, n -> {}).verify(bundle);
  }

  private Path sittingBundle(String sittingId) throws Exception {
    return download("/api/audit/sittings/" + sittingId + "/bundle", "sitting.zip");
  }

  @Test
  @Order(1)
  void shouldVerifyTheExportedSittingAndSessionBundles() throws Exception {
    Path session = download("/api/audit/sessions/" + sessionId + "/bundle", "session.zip");
    VerificationReport report = verify(session);
    assertThat(report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(3);
    assertThat(report.scope()).isEqualTo("SESSION");

    for (String id : sittings) {
      VerificationReport one = verify(sittingBundle(id));
      assertThat(one.failure()).as(id).isNull();
      assertThat(one.sittingsVerified()).isEqualTo(1);
    }
  }

  @Test
  @Order(1)
  void shouldVerifyASittingBundleThatHoldsAnIncident() throws Exception {
    Path bundle = sittingBundle(sittings.getFirst());
    List<String> types =
        BundleTampering.read(bundle).sittings().getFirst().events().stream()
            .map(BundleEvent::simpleType)
            .toList();
    assertThat(types).containsSubsequence("SittingScored", "IncidentReported", "SittingSealed");

    VerificationReport report = verify(bundle);

    assertThat(report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void shouldExitZeroFromTheCliOnlyForAnIntactBundle() throws Exception {
    Path good = sittingBundle(sittings.getFirst());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int ok = VerifyCli.run(new String[] {"--quiet", good.toString()}, print(out), print(out));
    assertThat(ok).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK: SITTING bundle");

    BundleTampering.Bundle b = BundleTampering.read(good);
    Path bad =
        BundleTampering.write(
            BundleTampering.withFirstSittingEvents(
                b,
                events -> {
                  events.remove(3);
                  return events;
                }),
            dir.resolve("bad.zip"));
    out.reset();
    int failed = VerifyCli.run(new String[] {"--quiet", bad.toString()}, print(out), print(out));
    assertThat(failed).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("FAILED: sitting " + sittings.getFirst() + ", event 3, field seq:");
    assertThat(VerifyCli.run(new String[] {}, print(out), print(out))).isEqualTo(2);
  }

  @Test
  @Order(3)
  void shouldFailAtTheTamperedEventForSeededRandomTampering() throws Exception {
    BundleTampering.Bundle original = BundleTampering.read(sittingBundle(sittings.get(1)));
    String id = sittings.get(1);
    int size = original.sittings().getFirst().events().size();
    Random random = new Random(20261130L);
    for (int round = 0; round < 25; round++) {
      int op = round % 5;
      int pos = random.nextInt(size - 1);
      long expected;
      BundleTampering.Bundle tampered;
      switch (op) {
        case 0 -> { // flip one bit of one ASCII byte of the payload
          expected = pos;
          tampered =
              BundleTampering.withFirstSittingEvents(
                  original,
                  events -> {
                    byte[] p = events.get(pos).payload();
                    int at;
                    do {
                      at = random.nextInt(p.length);
                    } while (p[at] < 0x20 || p[at] >= 0x7f || p[at] == 0x21);
                    p[at] ^= 1;
                    events.set(pos, events.get(pos).withPayload(p));
                    return events;
                  });
        }
        case 1 -> { // delete
          expected = pos;
          tampered =
              BundleTampering.withFirstSittingEvents(
                  original,
                  events -> {
                    events.remove(pos);
                    return events;
                  });
        }
        case 2 -> { // duplicate
          expected = pos + 1;
          tampered =
              BundleTampering.withFirstSittingEvents(
                  original,
                  events -> {
                    events.add(pos + 1, events.get(pos));
                    return events;
                  });
        }
        case 3 -> { // swap with the next one
          expected = pos;
          tampered =
              BundleTampering.withFirstSittingEvents(
                  original,
                  events -> {
                    BundleEvent e = events.get(pos);
                    events.set(pos, events.get(pos + 1));
                    events.set(pos + 1, e);
                    return events;
                  });
        }
        default -> { // insert a forged answer, chained onto its predecessor, later ones renumbered
          expected = pos + 1;
          tampered =
              BundleTampering.withFirstSittingEvents(
                  original,
                  events -> {
                    byte[] forged =
                        SyntheticBundles.canonical(
                            new kg.exam.contract.sitting.AnswerRecorded(
                                id, "q1", List.of("C"), 99, Instant.EPOCH, Instant.EPOCH));
                    byte[] previous =
                        pos == 0 ? StreamHashChain.genesisHash() : events.get(pos - 1).hash();
                    List<BundleEvent> out = new ArrayList<>(events.subList(0, pos));
                    out.add(
                        new BundleEvent(
                            pos,
                            "kg.exam.contract.sitting.AnswerRecorded",
                            forged,
                            StreamHashChain.nextHash(previous, id, pos, forged)));
                    for (int i = pos; i < events.size(); i++) {
                      BundleEvent e = events.get(i);
                      out.add(new BundleEvent(i + 1, e.type(), e.payload(), e.hash()));
                    }
                    return out;
                  });
        }
      }
      VerificationReport report =
          verify(BundleTampering.write(tampered, dir.resolve("t" + round + ".zip")));
      assertThat(report.failure()).as("round %d op %d pos %d", round, op, pos).isNotNull();
      assertThat(report.failure().streamId()).isEqualTo(id);
      assertThat(report.failure().sequence())
          .as("round %d op %d pos %d: %s", round, op, pos, report.failure().describe())
          .isEqualTo(expected);
    }
  }

  @Test
  @Order(4)
  void shouldFailAtTheSealWhenAForgerReChainsAChangedAnswer() throws Exception {
    String id = sittings.get(2);
    BundleTampering.Bundle original = BundleTampering.read(sittingBundle(id));
    List<BundleEvent> events = original.sittings().getFirst().events();
    int answer = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).simpleType().equals("AnswerRecorded")) {
        answer = i;
        break;
      }
    }
    int at = answer;
    BundleTampering.Bundle forged =
        BundleTampering.withFirstSittingEvents(
            original,
            list -> {
              String text = list.get(at).payloadText().replace("\"A\"", "\"B\"");
              list.set(at, list.get(at).withPayload(text.getBytes(StandardCharsets.UTF_8)));
              return BundleTampering.rechain(id, list);
            });

    VerificationReport report = verify(BundleTampering.write(forged, dir.resolve("f.zip")));

    // The station's signature no longer covers the changed answer: the first failure.
    assertThat(report.failure().streamId()).isEqualTo(id);
    assertThat(report.failure().sequence()).isEqualTo((long) at);
    assertThat(report.failure().field()).isEqualTo("signature");
  }

  @Test
  @Order(4)
  void shouldVerifyStationSignedAnswersAndFailAtAnAlteredAnswerSignature() throws Exception {
    String id = sittings.get(2);
    BundleTampering.Bundle original = BundleTampering.read(sittingBundle(id));
    assertThat(verify(BundleTampering.write(original, dir.resolve("o.zip"))).failure()).isNull();
    List<BundleEvent> events = original.sittings().getFirst().events();
    int answer = -1;
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).simpleType().equals("AnswerRecorded")) {
        answer = i;
        break;
      }
    }
    int at = answer;
    JsonNode recorded = JSON.readTree(events.get(at).payload());
    assertThat(recorded.get("keyId").asText()).isEqualTo(STATION_KEY.keyId().value());
    // A real signature by the same key, of other bytes (another clientSeq), re-chained.
    String other =
        kg.exam.contract.trust.AnswerSignatures.sign(
            STATION_KEY,
            id,
            recorded.get("itemId").asText(),
            List.of(recorded.get("response").get(0).asText()),
            recorded.get("clientSeq").asLong() + 1,
            Instant.parse(recorded.get("clientTimestamp").asText()));
    BundleTampering.Bundle forged =
        BundleTampering.withFirstSittingEvents(
            original,
            list -> {
              String text =
                  list.get(at).payloadText().replace(recorded.get("signature").asText(), other);
              list.set(at, list.get(at).withPayload(text.getBytes(StandardCharsets.UTF_8)));
              return BundleTampering.rechain(id, list);
            });

    VerificationReport report = verify(BundleTampering.write(forged, dir.resolve("s.zip")));

    assertThat(report.failure()).isNotNull();
    assertThat(report.failure().streamId()).isEqualTo(id);
    assertThat(report.failure().sequence()).isEqualTo((long) at);
    assertThat(report.failure().field()).isEqualTo("signature");
  }

  @Test
  @Order(5)
  void shouldFailWhenTheSealingKeyIsNotInTheBundlesRegistry() throws Exception {
    BundleTampering.Bundle original = BundleTampering.read(sittingBundle(sittings.getFirst()));
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());
    byte[] payload =
        SyntheticBundles.canonical(
            new ServerKeyRegistered(
                TrustRegistry.STREAM_ID,
                other.keyId().value(),
                other.publicKey().toBase64Url(),
                TrustRegistry.ROLE_SERVER,
                Instant.EPOCH,
                null,
                "server"));
    BundleStream registry =
        original
            .registry()
            .withEvents(
                BundleTampering.rechain(
                    TrustRegistry.STREAM_ID,
                    List.of(
                        new BundleEvent(
                            0, ServerKeyRegistered.class.getName(), payload, new byte[32]))));
    BundleTampering.Bundle swapped =
        new BundleTampering.Bundle(
            original.manifest(),
            registry,
            original.exam(),
            original.session(),
            original.sittings());

    VerificationReport report = verify(BundleTampering.write(swapped, dir.resolve("k.zip")));

    assertThat(report.failure().field()).isEqualTo("keyId");
    assertThat(report.failure().message()).contains("not in the key registry");
  }

  @Test
  @Order(6)
  void shouldDetectAPayloadChangedBySqlInTheExportedBundle() throws Exception {
    String id = sittings.get(1);
    Long seq =
        jdbc()
            .queryForObject(
                "SELECT min(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype = 'kg.exam.contract.sitting.AnswerRecorded'",
                Long.class,
                id);
    int updated =
        jdbc()
            .update(
                "UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'),"
                    + " '\"A\"', '\"C\"'), 'UTF8') WHERE aggregateidentifier = ? AND sequencenumber = ?",
                id,
                seq);
    assertThat(updated).isEqualTo(1);

    VerificationReport report = verify(sittingBundle(id));

    assertThat(report.failure()).isNotNull();
    assertThat(report.failure().streamId()).isEqualTo(id);
    assertThat(report.failure().sequence()).isEqualTo(seq);
    assertThat(report.failure().field()).isEqualTo("hash");
  }

  /**
   * What candidates saw beyond words: the exam's picture travels in the bundle under its hash and
   * verifies; a bundle whose picture was changed, or left out, fails at the exam's media; bytes
   * changed in the database are never exported.
   */
  @Test
  @Order(7)
  void shouldCarryThePictureTheCandidatesSawAndFailAtAChangedOrMissingOne() throws Exception {
    byte[] png =
        Files.readAllBytes(
            Path.of("../command-side/src/test/resources/qti/ims-qti-2.1/images/sign.png"));
    HttpResponse<byte[]> stored =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/api/bank/media"))
                    .header("Authorization", admin)
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(stored.statusCode()).isEqualTo(201);
    String sha = JSON.readTree(stored.body()).get("sha256").asText();
    var demo = DemoExam.content();
    var q1 = demo.items().getFirst();
    var pictured =
        new kg.exam.contract.exam.ItemDefinition(
            q1.itemId(),
            q1.sectionId(),
            q1.type(),
            q1.maxScore(),
            q1.weight(),
            q1.prompt() + " ![белги](media:" + sha + ")",
            q1.choices(),
            q1.targets(),
            q1.key());
    post(
        "/api/exams",
        Map.of(
            "examId",
            "audit-media",
            "content",
            new kg.exam.contract.exam.ExamContent(
                demo.title(),
                demo.subject(),
                demo.grade(),
                demo.language(),
                demo.durationMinutes(),
                demo.sections(),
                List.of(pictured),
                demo.scoring())));
    post("/api/exams/audit-media/publish", null);
    String mediaSession = "audit-media-session";
    post(
        "/api/sessions",
        Map.of(
            "sessionId",
            mediaSession,
            "examId",
            "audit-media",
            "examVersion",
            1,
            "centreId",
            "centre-c",
            "opensAt",
            Instant.now().minusSeconds(60).toString(),
            "closesAt",
            Instant.now().plusSeconds(3600).toString()));
    JsonNode slip =
        post(
            "/api/sessions/" + mediaSession + "/registrations",
            Map.of(
                "candidateId", "C-media",
                "region", "NARYN",
                "district", "at-bashy",
                "schoolId", "school-c",
                "locality", "RURAL",
                "instructionLanguage", "ky",
                "gender", "F",
                "grade", 9,
                "extraTimePercent", 0));
    ExamServerClient client =
        new ExamServerClient(base, Duration.ofSeconds(10), 3, Duration.ofMillis(50));
    ExamServerClient.Session s =
        client.signIn(slip.get("candidateCode").asText(), slip.get("pin").asText());
    client.start(s);
    client.answer(s, "q1", List.of("B"), 1, Instant.now());
    client.submit(s);
    awaitSeals(s.sittingId(), 1);
    post("/api/sessions/" + mediaSession + "/tree-head", null);

    Path bundle = download("/api/audit/sessions/" + mediaSession + "/bundle", "media.zip");

    assertThat(verify(bundle).failure()).isNull();
    Map<String, byte[]> entries = unzip(bundle);
    assertThat(entries.get("media/" + sha)).isEqualTo(png);
    byte[] altered = png.clone();
    altered[altered.length - 1] ^= 1;
    entries.put("media/" + sha, altered);
    Failure changed = verify(zip(entries, dir.resolve("changed.zip"))).failure();
    assertThat(changed).isNotNull();
    assertThat(changed.stream()).isEqualTo("exam");
    assertThat(changed.field()).isEqualTo("media");
    assertThat(changed.message()).contains(sha, "were changed");
    entries.remove("media/" + sha);
    Failure missing = verify(zip(entries, dir.resolve("missing.zip"))).failure();
    assertThat(missing.field()).isEqualTo("media");
    assertThat(missing.message()).contains("not in the bundle");

    jdbc().update("UPDATE bank_media SET bytes = ? WHERE sha256 = ?", altered, sha);
    try {
      HttpResponse<byte[]> refused =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          base.resolve("/api/audit/sessions/" + mediaSession + "/bundle"))
                      .header("Authorization", auditor)
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(refused.statusCode()).isEqualTo(409);
      assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("medium-altered");
    } finally {
      jdbc().update("UPDATE bank_media SET bytes = ? WHERE sha256 = ?", png, sha);
    }
  }

  private static Map<String, byte[]> unzip(Path zip) throws Exception {
    Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
      java.util.zip.ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static Path zip(Map<String, byte[]> entries, Path file) throws Exception {
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return file;
  }

  /**
   * The attacker of the trust model: changes what candidates saw (a question's text in the
   * published exam) in the database and recomputes every chain hash of the exam stream, as anyone
   * who can write the database can. Only the server's signature over the exam stream's head, which
   * the attacker cannot make, stops it.
   */
  @Test
  @Order(99) // the exam stream stays forged for the tests after this one
  void shouldFailAtTheExamStreamsSignedHeadWhenAQuestionIsRewrittenAndRechainedInTheDatabase()
      throws Exception {
    String examId = "audit-exam";
    Long published =
        jdbc()
            .queryForObject(
                "SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype = 'kg.exam.contract.exam.ExamPublished'",
                Long.class,
                examId);
    byte[] payload =
        jdbc()
            .queryForObject(
                "SELECT payload FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND sequencenumber = ?",
                byte[].class,
                examId,
                published);
    com.fasterxml.jackson.databind.node.ObjectNode event =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(payload);
    ((com.fasterxml.jackson.databind.node.ObjectNode) event.at("/content/items/0"))
        .put("prompt", "A question the candidates never saw");
    jdbc()
        .update(
            "UPDATE domainevententry SET payload = ? WHERE aggregateidentifier = ?"
                + " AND sequencenumber = ?",
            JSON.writeValueAsBytes(event),
            examId,
            published);
    rechainInDatabase(examId);
    assertThat(get("/api/audit/streams/" + examId + "/chain").get("intact").asBoolean())
        .as("the recomputed chain holds")
        .isTrue();

    VerificationReport report = verify(sittingBundle(sittings.get(2)));

    assertThat(report.failure()).as("the rewritten question is caught").isNotNull();
    assertThat(report.failure().stream()).isEqualTo("exam");
    assertThat(report.failure().streamId()).isEqualTo(examId);
    assertThat(report.failure().field()).isEqualTo("headHash");
  }

  /** Recomputes and stores every chain hash of the stream from its stored payloads. */
  private static void rechainInDatabase(String streamId) throws Exception {
    List<Map<String, Object>> rows =
        jdbc()
            .queryForList(
                "SELECT sequencenumber, payload, metadata FROM domainevententry"
                    + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
                streamId);
    byte[] previous = StreamHashChain.genesisHash();
    for (Map<String, Object> row : rows) {
      long seq = ((Number) row.get("sequencenumber")).longValue();
      byte[] canonical =
          kg.exam.contract.trust.CanonicalJson.canonicalizeExact(
              new String((byte[]) row.get("payload"), StandardCharsets.UTF_8));
      previous = StreamHashChain.nextHash(previous, streamId, seq, canonical);
      com.fasterxml.jackson.databind.node.ObjectNode metadata =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              JSON.readTree((byte[]) row.get("metadata"));
      metadata.put("chainHash", HexFormat.of().formatHex(previous));
      jdbc()
          .update(
              "UPDATE domainevententry SET metadata = ? WHERE aggregateidentifier = ?"
                  + " AND sequencenumber = ?",
              JSON.writeValueAsBytes(metadata),
              streamId,
              seq);
    }
  }

  @Test
  @Order(100) // last: the server key is revoked for good
  void shouldRefuseSealsByAKeyRevokedBeforeThem() throws Exception {
    String id = sittings.getFirst();
    JsonNode keys = get("/api/trust/keys");
    String keyId = keys.get(0).get("keyId").asText();
    post(
        "/api/trust/keys/" + keyId + "/revocation",
        Map.of("revokedFrom", "2020-01-01T00:00:00Z", "reason", "key file leaked"));

    VerificationReport report = verify(sittingBundle(id));

    assertThat(report.failure().field()).isEqualTo("keyId");
    assertThat(report.failure().message()).contains("revoked").contains("key file leaked");
  }

  // --- HTTP helpers ---

  private static JsonNode slip() throws Exception {
    return post(
        "/api/sessions/" + sessionId + "/registrations",
        Map.of(
            "candidateId", "C-" + random(6).replaceAll("[^A-Za-z0-9]", "x"),
            "region", "NARYN",
            "district", "at-bashy",
            "schoolId", "school-c",
            "locality", "RURAL",
            "instructionLanguage", "ky",
            "gender", "M",
            "grade", 9,
            "extraTimePercent", 0));
  }

  private static JsonNode post(String path, Object body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", admin)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    body == null ? new byte[0] : JSON.writeValueAsBytes(body)))
            .build();
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body())).isLessThan(300);
    return response.body().length == 0 ? null : JSON.readTree(response.body());
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", auditor).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private Path download(String path, String name) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve(path)).header("Authorization", auditor).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
    Path file = dir.resolve(name);
    Files.write(file, response.body());
    return file;
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
