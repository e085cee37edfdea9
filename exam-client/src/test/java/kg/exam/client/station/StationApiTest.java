package kg.exam.client.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station's candidate API on its own (no command side): the command side's shapes and problem
 * types, bad input refused with nothing journaled, the station's clock and deadline, and sittings
 * rebuilt from the journal after a restart.
 */
class StationApiTest {
  private static final Ed25519PrivateKey KEY =
      Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("31".repeat(32)));
  private static final String PIN_A = "482913";
  private static final String PIN_B = "775120";

  @TempDir Path dir;
  private Station station;
  private StationHttp http;
  private ExamPackages packages;
  private StationSigner signer;

  /** CODE-A's PIN verifier when a test needs a slower one than the fixtures' cost 4. */
  private String pinHashA;

  private void startStation(Instant closesAt, String... config) throws Exception {
    packages =
        ExamPackages.of(
            List.of(
                StationFixtures.demoPackage(
                    "session-1",
                    "centre-1",
                    "school-1",
                    Instant.now().minusSeconds(60),
                    closesAt,
                    List.of(
                        new PackageCandidate(
                            "sitting-a",
                            "cand-a",
                            "CODE-A",
                            pinHashA != null ? pinHashA : StationFixtures.pinHash(PIN_A),
                            0),
                        new PackageCandidate(
                            "sitting-b",
                            "cand-b",
                            "CODE-B",
                            StationFixtures.pinHash(PIN_B),
                            50,
                            new Accommodations(true, false, false, true))))));
    StationConfig cfg = StationFixtures.config(dir, config);
    signer = StationFixtures.writeKey(cfg.dataDir(), KEY);
    restart(cfg);
  }

  private void restart(StationConfig cfg) throws Exception {
    station = Station.create(cfg, packages, signer, Clock.systemUTC());
    station.server().staticFolder("station-test");
    station.start();
    http = new StationHttp(URI.create("http://127.0.0.1:" + station.server().port()));
  }

  @AfterEach
  void stop() throws Exception {
    if (station != null) {
      station.close();
    }
  }

  private String started(String code, String pin, String sittingId) throws Exception {
    String token = http.signIn(code, pin);
    assertThat(http.start(sittingId, token).status()).isEqualTo(200);
    return token;
  }

  /**
   * An exam offered in two languages: the package holds both papers, each sitting names the one it
   * is sat in, and the station gives each candidate theirs (a sitting that names none, the
   * package's own).
   */
  @Test
  void shouldGiveEachCandidateThePaperInTheLanguageTheirSittingNames() throws Exception {
    SessionPackage base =
        StationFixtures.demoPackage(
            "session-1",
            "centre-1",
            "school-1",
            Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofHours(3)),
            List.of(
                new PackageCandidate(
                    "sitting-a",
                    "cand-a",
                    "CODE-A",
                    StationFixtures.pinHash(PIN_A),
                    0,
                    Accommodations.NONE,
                    "ru"),
                new PackageCandidate(
                    "sitting-b", "cand-b", "CODE-B", StationFixtures.pinHash(PIN_B), 0)));
    List<PackageItem> russian =
        base.items().stream()
            .map(
                i ->
                    new PackageItem(
                        i.itemId(),
                        i.sectionId(),
                        i.type(),
                        i.maxScore(),
                        "RU: " + i.prompt(),
                        i.choices(),
                        i.targets()))
            .toList();
    packages =
        ExamPackages.of(
            List.of(
                new SessionPackage(
                    base.sessionId(),
                    base.examId(),
                    base.examVersion(),
                    base.centreId(),
                    base.schoolId(),
                    base.opensAt(),
                    base.closesAt(),
                    base.durationMinutes(),
                    base.title(),
                    base.subject(),
                    base.language(),
                    base.items(),
                    base.candidates(),
                    List.of(new SessionPackage.Translation("ru", "Экзамен", russian)))));
    StationConfig cfg = StationFixtures.config(dir);
    signer = StationFixtures.writeKey(cfg.dataDir(), KEY);
    restart(cfg);

    JsonNode ru =
        http.send(
                "GET", "/api/sittings/sitting-a/paper", started("CODE-A", PIN_A, "sitting-a"), null)
            .body();
    JsonNode own =
        http.send(
                "GET", "/api/sittings/sitting-b/paper", started("CODE-B", PIN_B, "sitting-b"), null)
            .body();

    assertThat(ru.get("language").asText()).isEqualTo("ru");
    assertThat(ru.get("title").asText()).isEqualTo("Экзамен");
    assertThat(ru.get("items").get(0).get("prompt").asText())
        .isEqualTo("RU: " + base.items().getFirst().prompt());
    assertThat(own.get("language").asText()).isEqualTo(base.language());
    assertThat(own.get("items").get(0).get("prompt").asText())
        .isEqualTo(base.items().getFirst().prompt());
  }

  /**
   * A paper that shows a picture: the package carries its bytes, and the station gives them to the
   * candidate whose paper shows it, once started; never another candidate's, never a medium the
   * paper does not show.
   */
  @Test
  void shouldGiveTheStartedCandidateThePicturesTheirPaperShows() throws Exception {
    SessionPackage base =
        StationFixtures.demoPackage(
            "session-1",
            "centre-1",
            "school-1",
            Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofHours(3)),
            List.of(
                new PackageCandidate(
                    "sitting-a", "cand-a", "CODE-A", StationFixtures.pinHash(PIN_A), 0),
                new PackageCandidate(
                    "sitting-b", "cand-b", "CODE-B", StationFixtures.pinHash(PIN_B), 0)));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13};
    byte[] unshown = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 1};
    String sha = kg.exam.contract.trust.StationRequestSignatures.sha256Hex(png);
    String unshownSha = kg.exam.contract.trust.StationRequestSignatures.sha256Hex(unshown);
    List<PackageItem> items = new java.util.ArrayList<>(base.items());
    PackageItem first = items.getFirst();
    items.set(
        0,
        new PackageItem(
            first.itemId(),
            first.sectionId(),
            first.type(),
            first.maxScore(),
            first.prompt() + " ![a map](media:" + sha + ")",
            first.choices(),
            first.targets()));
    packages =
        ExamPackages.of(
            List.of(
                new SessionPackage(
                    base.sessionId(),
                    base.examId(),
                    base.examVersion(),
                    base.centreId(),
                    base.schoolId(),
                    base.opensAt(),
                    base.closesAt(),
                    base.durationMinutes(),
                    base.title(),
                    base.subject(),
                    base.language(),
                    items,
                    base.candidates(),
                    List.of(),
                    java.util.Map.of(
                        sha,
                        new SessionPackage.Medium("image/png", png),
                        unshownSha,
                        new SessionPackage.Medium("image/png", unshown)))));
    StationConfig cfg = StationFixtures.config(dir);
    signer = StationFixtures.writeKey(cfg.dataDir(), KEY);
    restart(cfg);
    String path = "/api/sittings/sitting-a/media/" + sha;
    String notStarted = http.signIn("CODE-A", PIN_A);
    assertThat(http.bytes(path, notStarted).statusCode()).isEqualTo(409);
    String a = started("CODE-A", PIN_A, "sitting-a");

    var shown = http.bytes(path, a);

    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(shown.body()).isEqualTo(png);
    assertThat(http.bytes("/api/sittings/sitting-a/media/" + unshownSha, a).statusCode())
        .isEqualTo(404);
    assertThat(http.bytes(path, started("CODE-B", PIN_B, "sitting-b")).statusCode()).isEqualTo(403);
  }

  @Test
  void shouldRunASittingWithTheCommandSidesShapesByTheStationsClock() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)));
    StationHttp.Reply signIn =
        http.send(
            "POST",
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", "CODE-B", "pin", PIN_B));
    assertThat(signIn.status()).isEqualTo(200);
    assertThat(signIn.body().get("sittingId").asText()).isEqualTo("sitting-b");
    assertThat(signIn.body().get("tokenType").asText()).isEqualTo("Bearer");
    String token = signIn.body().get("token").asText();

    assertThat(http.send("GET", "/api/sittings/sitting-b/paper", token, null).problem())
        .isEqualTo("sitting-not-started");
    StationHttp.Reply start = http.start("sitting-b", token);
    assertThat(start.status()).isEqualTo(200);
    JsonNode view = start.body();
    assertThat(view.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(view.get("timeAuthority").asText()).isEqualTo("station");
    assertThat(view.get("stationId").asText()).isEqualTo("test-station");
    // the accommodations reach the student UI from the station as from the central server
    assertThat(view.get("accommodations").get("readAloud").asBoolean()).isTrue();
    assertThat(view.get("accommodations").get("scribe").asBoolean()).isTrue();
    assertThat(view.get("accommodations").get("restBreaks").asBoolean()).isFalse();
    Instant startedAt = Instant.parse(view.get("startedAt").asText());
    Instant deadline = Instant.parse(view.get("deadline").asText());
    // demo exam duration with 50 % extra time
    long allowedMs =
        Duration.ofMinutes(
                    StationFixtures.demoPackage(
                            "s", "c", "s", Instant.now(), Instant.now(), List.of())
                        .durationMinutes())
                .toMillis()
            * 150
            / 100;
    assertThat(Duration.between(startedAt, deadline).toMillis()).isEqualTo(allowedMs);
    assertThat(http.start("sitting-b", token).problem()).isEqualTo("sitting-already-started");

    JsonNode paper = http.send("GET", "/api/sittings/sitting-b/paper", token, null).body();
    assertThat(paper.get("items")).hasSize(StationFixtures.demoItems().size());
    assertThat(paper.toString()).doesNotContain("\"key\"").doesNotContain("correct");

    StationHttp.Reply answer = http.answer("sitting-b", token, "q1", List.of("B"), 1);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("duplicate").asBoolean()).isFalse();
    assertThat(answer.body().get("clientSeq").asLong()).isEqualTo(1);
    assertThat(
            http.answer("sitting-b", token, "q1", List.of("B"), 1)
                .body()
                .get("duplicate")
                .asBoolean())
        .isTrue();
    assertThat(http.answer("sitting-b", token, "q1", List.of("C"), 2).status()).isEqualTo(200);
    assertThat(
            http.send(
                    "POST",
                    "/api/sittings/sitting-b/flags",
                    token,
                    Map.of("itemId", "q3", "flagged", true))
                .body()
                .get("flaggedItems"))
        .extracting(JsonNode::asText)
        .containsExactly("q3");

    JsonNode after = http.view("sitting-b", token).body();
    assertThat(after.get("answers").get("q1").get("response").get(0).asText()).isEqualTo("C");
    assertThat(after.get("answers").get("q1").get("changes").asInt()).isEqualTo(1);
    assertThat(after.get("lastClientSeq").asLong()).isEqualTo(2);
    assertThat(after.get("answeredItems").asInt()).isEqualTo(1);

    assertThat(http.submit("sitting-b", token).body().get("status").asText())
        .isEqualTo("SUBMITTED");
    assertThat(http.answer("sitting-b", token, "q2", List.of("A"), 3).problem())
        .isEqualTo("sitting-finished");

    // the journal holds start, two answers, a flag and the hand-in; answers signed answer/1
    List<JournalEntry> entries = station.journal().all();
    assertThat(entries)
        .extracting(JournalEntry::kind)
        .containsExactly(
            JournalEntry.Kind.START,
            JournalEntry.Kind.ANSWER,
            JournalEntry.Kind.ANSWER,
            JournalEntry.Kind.FLAG,
            JournalEntry.Kind.SUBMIT);
    JournalEntry first = entries.get(1);
    assertThat(first.keyId()).isEqualTo(KEY.keyId().value());
    assertThat(
            AnswerSignatures.verify(
                KEY.publicKey(),
                first.signature(),
                "sitting-b",
                "q1",
                List.of("B"),
                1,
                first.stationTime()))
        .isTrue();
  }

  @Test
  void shouldRefuseAWrongPinAlikeForUnknownCodesAndLockTheCode() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)), "candidate.max-pin-attempts", "3");
    Map<String, String> wrong = Map.of("candidateCode", "CODE-A", "pin", "000000");
    assertThat(http.send("POST", "/api/candidate/sign-in", null, wrong).problem())
        .isEqualTo("wrong-pin");
    assertThat(
            http.send(
                    "POST",
                    "/api/candidate/sign-in",
                    null,
                    Map.of("candidateCode", "NO-SUCH", "pin", PIN_A))
                .problem())
        .isEqualTo("wrong-pin");
    http.send("POST", "/api/candidate/sign-in", null, wrong);
    assertThat(http.send("POST", "/api/candidate/sign-in", null, wrong).status()).isEqualTo(401);
    StationHttp.Reply locked =
        http.send(
            "POST",
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", "CODE-A", "pin", PIN_A));
    assertThat(locked.status()).isEqualTo(429);
    assertThat(locked.problem()).isEqualTo("candidate-locked");
    assertThat(locked.body().toString()).doesNotContain(PIN_A);
  }

  @Test
  void shouldCheckNoMoreThanTheMaximumOfManyParallelWrongPins() throws Exception {
    // the command side's cost, so the checks overlap as they would on a real station
    pinHashA =
        "{bcrypt}"
            + org.springframework.security.crypto.bcrypt.BCrypt.hashpw(
                PIN_A, org.springframework.security.crypto.bcrypt.BCrypt.gensalt(10));
    startStation(Instant.now().plus(Duration.ofHours(3)), "candidate.max-pin-attempts", "3");
    Map<String, String> wrong = Map.of("candidateCode", "CODE-A", "pin", "000000");
    int threads = 20;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        statuses.add(
            pool.submit(
                () -> {
                  go.await();
                  return http.send("POST", "/api/candidate/sign-in", null, wrong).status();
                }));
      }
      go.countDown();
      int checked = 0;
      for (var f : statuses) {
        int status = f.get();
        assertThat(status).isIn(401, 429);
        checked += status == 401 ? 1 : 0;
      }
      assertThat(checked).isLessThanOrEqualTo(3);
    } finally {
      pool.shutdownNow();
    }

    StationHttp.Reply right =
        http.send(
            "POST",
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", "CODE-A", "pin", PIN_A));

    assertThat(right.status()).isEqualTo(429);
    assertThat(right.problem()).isEqualTo("candidate-locked");
  }

  @Test
  void shouldRefuseBadAnswersWithTheCommandSidesProblemsAndJournalNothing() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)));
    String token = started("CODE-A", PIN_A, "sitting-a");
    assertThat(http.answer("sitting-a", token, "q1", List.of("A"), 1).status()).isEqualTo(200);
    long journaled = station.journal().lastSeq();
    JsonNode before = http.view("sitting-a", token).body();

    StationHttp.Reply tooMany =
        http.answer("sitting-a", token, "q2", Collections.nCopies(101, "A"), 2);
    assertThat(tooMany.status()).isEqualTo(413);
    assertThat(tooMany.problem()).isEqualTo("oversized-response");
    StationHttp.Reply tooLong =
        http.answer("sitting-a", token, "q8", List.of("ж".repeat(20_001)), 2);
    assertThat(tooLong.status()).isEqualTo(413);
    assertThat(tooLong.problem()).isEqualTo("oversized-response");
    // the station answers a body announced too large at once and closes without reading it, so a
    // client still sending it may see the close as a reset rather than the 413 (the answer itself:
    // shouldAnswerABodyAnnouncedTooLargeAtOnceWithoutWaitingForIt); either way nothing is journaled
    try {
      StationHttp.Reply bodyTooBig =
          http.send(
              "POST",
              "/api/sittings/sitting-a/answers",
              token,
              ("{\"itemId\":\"q8\",\"clientSeq\":2,\"response\":[\""
                      + "x".repeat(1_100_000)
                      + "\"]}")
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(bodyTooBig.status()).isEqualTo(413);
    } catch (java.io.IOException closed) {
      // the connection closed under the request: a reset, a broken pipe, or no answer at all
      assertThat(closed)
          .satisfiesAnyOf(
              e -> assertThat(e).hasStackTraceContaining("reset"),
              e -> assertThat(e).hasStackTraceContaining("Broken pipe"),
              e -> assertThat(e).hasStackTraceContaining("received no bytes"));
    }
    StationHttp.Reply unknown = http.answer("sitting-a", token, "q99", List.of("A"), 2);
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.problem()).isEqualTo("unknown-item");
    assertThat(unknown.body().get("detail").asText()).contains("q99");
    StationHttp.Reply reused = http.answer("sitting-a", token, "q1", List.of("D"), 1);
    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.problem()).isEqualTo("client-sequence-conflict");
    StationHttp.Reply notJson =
        http.send(
            "POST",
            "/api/sittings/sitting-a/answers",
            token,
            "{not json".getBytes(StandardCharsets.UTF_8));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.problem()).isEqualTo("malformed-body");
    byte[] answerBytes =
        "{\"itemId\":\"q2\",\"response\":[\"A\"],\"clientSeq\":2}".getBytes(StandardCharsets.UTF_8);
    StationHttp.Reply asText =
        http.send("POST", "/api/sittings/sitting-a/answers", token, answerBytes, "text/plain");
    assertThat(asText.status()).isEqualTo(415);
    assertThat(asText.problem()).isEqualTo("unsupported-media-type");
    StationHttp.Reply untyped =
        http.send("POST", "/api/sittings/sitting-a/answers", token, answerBytes, null);
    assertThat(untyped.status()).isEqualTo(415);
    StationHttp.Reply twice =
        http.send(
            "POST",
            "/api/sittings/sitting-a/answers",
            token,
            "{\"itemId\":\"q2\",\"itemId\":\"q3\",\"response\":[\"A\"],\"clientSeq\":2}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(twice.status()).as("a key twice").isEqualTo(400);
    assertThat(twice.problem()).isEqualTo("malformed-body");
    StationHttp.Reply trailing =
        http.send(
            "POST",
            "/api/sittings/sitting-a/answers",
            token,
            "{\"itemId\":\"q2\",\"response\":[\"A\"],\"clientSeq\":2} {}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(trailing.problem()).as("a second value after the first").isEqualTo("malformed-body");
    StationHttp.Reply badSubmit =
        http.send(
            "POST",
            "/api/sittings/sitting-a/submit",
            token,
            "{\"x\":".getBytes(StandardCharsets.UTF_8));
    assertThat(badSubmit.status()).as("a submit whose body is not JSON").isEqualTo(400);
    assertThat(badSubmit.problem()).isEqualTo("malformed-body");
    StationHttp.Reply noSeq =
        http.send(
            "POST",
            "/api/sittings/sitting-a/answers",
            token,
            Map.of("itemId", "q1", "response", List.of("A")));
    assertThat(noSeq.problem()).isEqualTo("invalid-request");
    StationHttp.Reply notAList =
        http.send(
            "POST",
            "/api/sittings/sitting-a/answers",
            token,
            Map.of("itemId", "q1", "response", "A", "clientSeq", 2));
    assertThat(notAList.problem()).isEqualTo("malformed-body");
    StationHttp.Reply zeroSeq = http.answer("sitting-a", token, "q1", List.of("A"), 0);
    assertThat(zeroSeq.problem()).isEqualTo("invalid-request");
    StationHttp.Reply noToken = http.answer("sitting-a", null, "q1", List.of("A"), 2);
    assertThat(noToken.status()).isEqualTo(401);
    assertThat(noToken.problem()).isEqualTo("unauthenticated");
    StationHttp.Reply forged = http.answer("sitting-a", token + "x", "q1", List.of("A"), 2);
    assertThat(forged.problem()).isEqualTo("unauthenticated");
    String otherToken = http.signIn("CODE-B", PIN_B);
    StationHttp.Reply other = http.answer("sitting-a", otherToken, "q1", List.of("A"), 2);
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.problem()).isEqualTo("forbidden");
    StationHttp.Reply notStarted = http.answer("sitting-b", otherToken, "q1", List.of("A"), 1);
    assertThat(notStarted.problem()).isEqualTo("sitting-not-started");
    for (StationHttp.Reply r :
        List.of(tooMany, unknown, notJson, other, asText, twice, badSubmit)) {
      assertThat(r.body().get("type").asText()).startsWith("urn:kg-exam:problem:");
      assertThat(r.body().has("title")).isTrue();
      assertThat(r.body().get("status").asInt()).isEqualTo(r.status());
    }

    assertThat(station.journal().lastSeq()).isEqualTo(journaled);
    JsonNode afterView = http.view("sitting-a", token).body();
    assertThat(afterView.get("answers")).isEqualTo(before.get("answers"));
    assertThat(afterView.get("lastClientSeq")).isEqualTo(before.get("lastClientSeq"));
    assertThat(afterView.get("status").asText()).as("not handed in").isEqualTo("IN_PROGRESS");
  }

  @Test
  void shouldAnswerABodyAnnouncedTooLargeAtOnceWithoutWaitingForIt() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)));
    String token = started("CODE-A", PIN_A, "sitting-a");
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", station.server().port())) {
      // long enough to tell an answer from the hang this guards against (60 s and more)
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/sittings/sitting-a/answers HTTP/1.1\r\nHost: station\r\n"
                      + "Authorization: Bearer "
                      + token
                      + "\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 99999999999\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      byte[] head = new byte[12];
      int read = socket.getInputStream().readNBytes(head, 0, head.length);

      assertThat(new String(head, 0, read, StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void shouldRefuseResponsesThatDoNotFitTheItemAsMalformedLikeTheCommandSide() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)));
    String token = started("CODE-A", PIN_A, "sitting-a");
    long journaled = station.journal().lastSeq();
    Map<String, kg.exam.contract.exam.ItemDefinition> paper = new java.util.HashMap<>();
    kg.exam.command.demo.DemoExam.content().items().forEach(i -> paper.put(i.itemId(), i));
    // each of these the command side refuses as malformed-response (checked with its own check,
    // on the item with its key, below); the station must refuse them with only the paper
    List<List<String>> bad =
        List.of(
            List.of("q1", "E"), // not among the choices
            List.of("q1", "A", "B"), // two values for a single choice
            List.of("q2", "A", "A"), // a choice given twice
            List.of("q3", "yes"), // not true or false
            List.of("q4", "бир жарым"), // not a number
            List.of("q6", "A", "X"), // an element the item does not have
            List.of("q7", "S 9"), // a matching target the item does not have
            List.of("q7", "S"), // not "source target"
            List.of("q8", "g3=1"), // a gap the item does not have
            List.of("q8", "30"), // not "gapId=value"
            List.of("q9", "бир", "эки")); // two texts for an essay
    for (List<String> c : bad) {
      String itemId = c.get(0);
      List<String> response = c.subList(1, c.size());
      assertThat(
              kg.exam.scoring.ItemScorer.checkResponse(
                  kg.exam.command.exam.ExamForms.toItem(paper.get(itemId)), response))
          .as("the command side's check of %s", c)
          .isPresent();
      StationHttp.Reply r = http.answer("sitting-a", token, itemId, response, 1);
      assertThat(r.status()).as(c.toString()).isEqualTo(422);
      assertThat(r.problem()).as(c.toString()).isEqualTo("malformed-response");
      assertThat(r.body().get("detail").asText()).startsWith("Item " + itemId + ":");
    }
    assertThat(station.journal().lastSeq()).isEqualTo(journaled);

    // what fits is recorded, a cleared answer included; the refusals used no clientSeq
    List<List<String>> good =
        List.of(
            List.of("q1", "B"),
            List.of("q2", "C", "A"),
            List.of("q3", "FALSE"),
            List.of("q4", "1,5"),
            List.of("q5", "ромб"),
            List.of("q6", "C", "A", "B"),
            List.of("q7", "C 2", "S 1"),
            List.of("q8", "g2=6"),
            List.of("q9", "бир"),
            List.of("q1"));
    long seq = 1;
    for (List<String> c : good) {
      String itemId = c.get(0);
      List<String> response = c.subList(1, c.size());
      assertThat(
              kg.exam.scoring.ItemScorer.checkResponse(
                  kg.exam.command.exam.ExamForms.toItem(paper.get(itemId)), response))
          .as("the command side's check of %s", c)
          .isEmpty();
      assertThat(http.answer("sitting-a", token, itemId, response, seq++).status())
          .as(c.toString())
          .isEqualTo(200);
    }
    assertThat(station.journal().lastSeq()).isEqualTo(journaled + good.size());
  }

  @Test
  void shouldCutTheDeadlineAtTheWindowRefuseLateAnswersAndHandInAutomatically() throws Exception {
    Instant closesAt = Instant.now().plusSeconds(2);
    startStation(closesAt);
    String token = started("CODE-A", PIN_A, "sitting-a");
    JsonNode view = http.view("sitting-a", token).body();
    assertThat(Instant.parse(view.get("deadline").asText())).isEqualTo(closesAt);
    assertThat(http.answer("sitting-a", token, "q1", List.of("A"), 1).status()).isEqualTo(200);

    awaitStatus("sitting-a", token, "TIMED_OUT");
    long journaled = station.journal().lastSeq();
    StationHttp.Reply late = http.answer("sitting-a", token, "q1", List.of("B"), 2);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problem()).isEqualTo("sitting-finished");
    assertThat(station.journal().lastSeq()).isEqualTo(journaled);
    JournalEntry last = station.journal().all().getLast();
    assertThat(last.kind()).isEqualTo(JournalEntry.Kind.TIMEOUT);
    assertThat(last.stationTime()).isAfterOrEqualTo(closesAt);
    assertThat(last.payload().get("deadline").asText()).isEqualTo(closesAt.toString());
    // a candidate who had not started cannot start after the window
    String tokenB = http.signIn("CODE-B", PIN_B);
    assertThat(http.start("sitting-b", tokenB).problem()).isEqualTo("session-not-open");
  }

  @Test
  void shouldRefuseAnAnswerAtTheDeadlineBeforeTheHandInRuns() throws Exception {
    Instant closesAt = Instant.now().plusSeconds(2);
    startStation(closesAt);
    String token = started("CODE-A", PIN_A, "sitting-a");
    // stop the automatic hand-in, so the answer meets the deadline check itself
    station.close();
    StationConfig cfg = station.config();
    station =
        Station.create(
            cfg, packages, signer, Clock.offset(Clock.systemUTC(), Duration.ofSeconds(5)));
    http = new StationHttp(URI.create("http://127.0.0.1:" + station.server().port()));
    station.server().start();
    StationHttp.Reply late = http.answer("sitting-a", token, "q1", List.of("B"), 1);
    assertThat(late.status()).isEqualTo(409);
    assertThat(late.problem()).isEqualTo("answer-after-deadline");
    assertThat(late.body().get("detail").asText()).contains("station's clock");
  }

  @Test
  void shouldRebuildEverySittingFromTheJournalAfterARestart() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)));
    String token = started("CODE-A", PIN_A, "sitting-a");
    List<String> values = new ArrayList<>(List.of("A", "B", "C", "D"));
    for (int i = 1; i <= 4; i++) {
      assertThat(http.answer("sitting-a", token, "q1", List.of(values.get(i - 1)), i).status())
          .isEqualTo(200);
    }
    JsonNode before = http.view("sitting-a", token).body();
    StationConfig cfg = station.config();
    station.close();
    restart(cfg);
    // the token survives (its secret is in the data directory), and so does every answer
    JsonNode after = http.view("sitting-a", token).body();
    assertThat(after.get("answers")).isEqualTo(before.get("answers"));
    assertThat(after.get("deadline")).isEqualTo(before.get("deadline"));
    assertThat(
            http.answer("sitting-a", token, "q1", List.of("D"), 4)
                .body()
                .get("duplicate")
                .asBoolean())
        .isTrue();
    assertThat(http.answer("sitting-a", token, "q1", List.of("A"), 4).problem())
        .isEqualTo("client-sequence-conflict");
  }

  @Test
  void shouldServeStaticFilesAndRefuseUnknownPathsAsProblems() throws Exception {
    startStation(Instant.now().plus(Duration.ofHours(3)));
    StationHttp.Reply page = http.send("GET", "/station-test/", null, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(http.send("GET", "/station-test/../station.properties", null, null).status())
        .isEqualTo(404);
    StationHttp.Reply missing = http.send("GET", "/api/nothing-here", null, null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.problem()).isEqualTo("not-found");
    assertThat(http.send("DELETE", "/api/sittings/sitting-a", null, null).status()).isEqualTo(405);
  }

  private void awaitStatus(String sittingId, String token, String status) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (http.view(sittingId, token).body().get("status").asText().equals(status)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(sittingId + " never reached " + status);
  }
}
