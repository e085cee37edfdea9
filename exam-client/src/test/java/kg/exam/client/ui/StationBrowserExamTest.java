package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.client.station.JournalEntry;
import kg.exam.client.station.Station;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.TcpProxy;
import kg.exam.client.station.enrol.EnrolCommands;
import kg.exam.client.station.enrol.InProcessCommandSide;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.client.station.invigilator.InvigilatorApi;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * The student UI in a real headless Chromium on a phone-sized window, served by a school exam
 * station at {@code /exam/}: the station is enrolled with a real command side (in-process, embedded
 * PostgreSQL), has fetched its session package and unlocked it with the released key, and reaches
 * the command side through a link the test can cut. A candidate signs in with the admission slip,
 * answers every item type in Kyrgyz, reloads and resumes, hands in; the station syncs and the
 * command side holds every answer exactly once, signed by the station, and scores the sitting. With
 * the link cut during the exam the UI still says "saved" (the station journaled it), and the
 * answers arrive once the link is back.
 */
class StationBrowserExamTest {
  private static final String SESSION = "station-ui-session";
  private static final String ESSAY =
      "Пифагордун теоремасы: тик бурчтуу үч бурчтукта c² = a² + b². Мисалы, 3² + 4² = 5².";

  private static InProcessCommandSide server;
  private static TcpProxy link;
  private static Station station;
  private static Ed25519PublicKey stationKey;
  private static URI stationBase;
  private static Map<String, String> ky;
  private static int candidates;

  @BeforeAll
  static void start() throws Exception {
    Phone.requireBrowser();
    ky = StudentUiBrowserTest.dictionary("ky");
    server = new InProcessCommandSide();
    server.publishDemoExam("station-ui-exam");
    server.openSession(
        SESSION,
        "station-ui-exam",
        Instant.now().minusSeconds(60),
        Instant.now().plusSeconds(10800));
    // every candidate is registered before the package is fetched: the package lists them
    for (int i = 1; i <= 2; i++) {
      SLIPS.add(server.register(SESSION, "station-ui-" + i, 0));
    }
    link = new TcpProxy(server.base().getPort());
    link.restore();
    Path dir = Files.createTempDirectory("station-ui");
    Path configFile = dir.resolve("station.properties");
    Files.writeString(
        configFile,
        String.join(
            "\n",
            "server.url=http://127.0.0.1:" + link.port(),
            "station.data-dir=data",
            "station.id=lab-ui",
            "station.centre-id=" + InProcessCommandSide.CENTRE,
            "station.school-id=" + InProcessCommandSide.SCHOOL,
            "station.port=0",
            // every interface, as a school's station does, so a lab PC may reach it over the LAN
            "station.bind=0.0.0.0",
            "sync.min-backoff=100ms",
            "sync.max-backoff=1s",
            "invigilator.pin-hash=" + InvigilatorApi.hashPin("480913".toCharArray()),
            ""));
    StationConfig config = StationConfig.load(configFile);
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
    assertThat(
            EnrolCommands.enrol(
                config,
                List.of(),
                out,
                out,
                Map.of(
                    EnrolCommands.ACCOUNT_ENV,
                    server.adminAccount(),
                    EnrolCommands.PASSWORD_ENV,
                    server.adminPassword()),
                null))
        .as(log.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(EnrolCommands.fetch(config, List.of(), out, out))
        .as(log.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("unlocked [" + SESSION + "]");
    config = StationConfig.load(configFile);
    // as `serve` does (StationApp)
    StationSigner signer = StationSigner.load(config.stationKeyFile(), Clock.systemUTC());
    stationKey = Ed25519PrivateKey.fromPemFile(config.stationKeyFile()).publicKey();
    EnrolCommands.Serving serving = EnrolCommands.serving(config, signer, Clock.systemUTC());
    station = Station.create(config, serving.store(), signer, Clock.systemUTC());
    InvigilatorApi.install(station, serving.store(), Clock.systemUTC());
    station.start();
    stationBase = URI.create("http://localhost:" + station.server().port());
  }

  private static final List<JsonNode> SLIPS = new ArrayList<>();

  @AfterAll
  static void stop() throws Exception {
    if (station != null) {
      station.close();
    }
    if (link != null) {
      link.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldSitAWholeKyrgyzExamAtTheStationAndArriveAtTheCommandSideOnceSignedAndScored()
      throws Exception {
    JsonNode slip = nextSlip();
    String sittingId = slip.get("sittingId").asText();
    try (Phone phone = new Phone(stationBase)) {
      signIn(phone, slip);
      phone.awaitPage("start");
      phone.audit("student UI start page at the station, ky, 360 px");
      phone.find("#start").click();
      phone.awaitPage("item");
      phone.audit("student UI q1 at the station, ky, 360 px");
      // the station's countdown: the demo exam's 40 minutes
      long remainingMs = Long.parseLong(phone.find("#timer").getAttribute("data-remaining-ms"));
      assertThat(remainingMs).isBetween(39 * 60_000L, 40 * 60_000L);
      assertThat(phone.find(".qnum").getText()).isEqualTo(ky("item.of", "i", "1", "n", "9"));

      // q1 single choice, q2 multiple response, q3 true/false, q4 numeric
      phone.find("#item input[value='B']").click();
      next(phone);
      phone.find("#item input[value='A']").click();
      phone.find("#item input[value='C']").click();
      next(phone);
      phone.find("#item input[value='true']").sendKeys(Keys.SPACE);
      next(phone);
      phone.find("#in-q4").sendKeys("1,41");
      phone.awaitSaved();
      assertThat(phone.find("#save").getText()).isEqualTo(ky.get("save.saved"));
      phone.audit("student UI q4 at the station, saved, ky, 360 px");

      // reload mid-exam: the station's state restores the answers and the current question
      phone.driver.navigate().refresh();
      phone.awaitPage("item");
      assertThat(phone.find("#item").getAttribute("data-item")).isEqualTo("q4");
      assertThat(phone.find("#in-q4").getAttribute("value")).isEqualTo("1.41");
      phone.find("[data-goto='q1']").click();
      assertThat(phone.find("#item input[value='B']").isSelected()).isTrue();
      phone.find("[data-goto='q2']").click();
      assertThat(phone.find("#item input[value='A']").isSelected()).isTrue();
      assertThat(phone.find("#item input[value='C']").isSelected()).isTrue();
      phone.find("[data-goto='q3']").click();
      assertThat(phone.find("#item input[value='true']").isSelected()).isTrue();

      // q5 short text (flagged), q6 ordering, q7 matching, q8 gaps, q9 extended text
      phone.find("[data-goto='q5']").click();
      phone.find("#in-q5").sendKeys("ромб");
      phone.find("#flag").click();
      next(phone);
      phone.find("[data-move='Ad']").sendKeys(Keys.ENTER);
      next(phone);
      new Select(phone.find("#m-q7-S")).selectByValue("1");
      new Select(phone.find("#m-q7-C")).selectByValue("2");
      next(phone);
      phone.find("[data-gap='g1']").sendKeys("30");
      phone.find("[data-gap='g2']").sendKeys("6");
      next(phone);
      phone.find("#in-q9").sendKeys(ESSAY);
      phone.awaitSaved();

      phone.find("#to-review").click();
      phone.awaitPage("review");
      assertThat(phone.find("#review-counts").getText())
          .isEqualTo(ky("review.counts", "a", "9", "n", "9", "f", "1"));
      phone.find("#submit").click();
      phone.await(d -> phone.find("#confirm").isDisplayed());
      phone.find("#confirm-yes").click();
      phone.awaitPage("done");
      assertThat(phone.find("#done-status").getAttribute("data-status")).isEqualTo("SUBMITTED");
      assertThat(phone.find("#done-status").getText()).isEqualTo(ky.get("done.submitted"));
      phone.audit("student UI handed in at the station, ky, 360 px");
    }

    Map<String, List<String>> expected = new LinkedHashMap<>();
    expected.put("q1", List.of("B"));
    expected.put("q2", List.of("A", "C"));
    expected.put("q3", List.of("true"));
    expected.put("q4", List.of("1.41"));
    expected.put("q5", List.of("ромб"));
    expected.put("q6", List.of("B", "A", "C"));
    expected.put("q7", List.of("S 1", "C 2"));
    expected.put("q8", List.of("g1=30", "g2=6"));
    expected.put("q9", List.of(ESSAY));
    JsonNode sitting = awaitScored(sittingId);
    assertThat(sitting.get("status").asText()).isEqualTo("SUBMITTED");
    assertThat(currentAnswers(sitting)).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(sitting.get("flaggedItems").toString()).contains("q5");
    // every objectively scored item earned full marks
    for (JsonNode s : sitting.at("/result/itemScores")) {
      if (!s.get("itemId").asText().equals("q9")) {
        assertThat(s.get("score").asDouble())
            .as(s.toString())
            .isEqualTo(s.get("maxScore").asDouble());
      }
    }
    assertArrivedExactlyOnceSignedByTheStation(sittingId);
  }

  @Test
  void shouldSaySavedWhileTheStationsLinkIsCutAndDeliverOnReconnection() throws Exception {
    JsonNode slip = nextSlip();
    String sittingId = slip.get("sittingId").asText();
    // a lab PC reaches the station at its LAN address: plain HTTP there is not a secure context,
    // so the browser has no WebCrypto and sends its answers unsigned (the station signs them)
    java.util.Optional<String> lan = lanAddress();
    URI base =
        lan.map(a -> URI.create("http://" + a + ":" + station.server().port())).orElse(stationBase);
    link.cut();
    try {
      try (Phone phone = new Phone(base)) {
        signIn(phone, slip);
        phone.awaitPage("start");
        assertThat((Boolean) phone.js("return window.isSecureContext"))
            .as("secure context at " + base)
            .isEqualTo(lan.isEmpty());
        phone.find("#start").click();
        phone.awaitPage("item");
        phone.find("#item input[value='C']").click();
        next(phone);
        phone.find("#item input[value='B']").click();
        phone.find("[data-goto='q4']").click();
        phone.find("#in-q4").sendKeys("2,5");
        phone.find("[data-goto='q5']").click();
        phone.find("#in-q5").sendKeys("квадрат");
        // the station journaled every answer: the page says "saved" though the command side is
        // out of reach
        phone.awaitSaved();
        assertThat(phone.find("#save").getText()).isEqualTo(ky.get("save.saved"));
        phone.find("[data-goto='q9']").click();
        phone.find("#to-review").click();
        phone.awaitPage("review");
        phone.find("#submit").click();
        phone.await(d -> phone.find("#confirm").isDisplayed());
        phone.find("#confirm-yes").click();
        phone.awaitPage("done");
        assertThat(phone.find("#done-status").getAttribute("data-status")).isEqualTo("SUBMITTED");
      }
      // nothing of the exam has reached the command side
      assertThat(station.sync().sitting(sittingId).pending()).isPositive();
      assertThat(server.send("GET", "/api/sittings/" + sittingId, null, 200).get("status").asText())
          .isEqualTo("REGISTERED");
    } finally {
      link.restore();
    }
    JsonNode sitting = awaitScored(sittingId);
    assertThat(sitting.get("status").asText()).isEqualTo("SUBMITTED");
    assertThat(currentAnswers(sitting))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "q1", List.of("C"),
                "q2", List.of("B"),
                "q4", List.of("2.5"),
                "q5", List.of("квадрат")));
    assertArrivedExactlyOnceSignedByTheStation(sittingId);
    assertThat(station.sync().sitting(sittingId).pending()).isZero();
    assertThat(station.sync().sitting(sittingId).rejected()).isZero();
  }

  // --- helpers ---

  /** An IPv4 address of this machine other than loopback, as a LAN would give the station. */
  private static java.util.Optional<String> lanAddress() throws java.net.SocketException {
    for (java.net.NetworkInterface ni :
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (java.net.InetAddress a : java.util.Collections.list(ni.getInetAddresses())) {
        if (a instanceof java.net.Inet4Address && !a.isLinkLocalAddress()) {
          return java.util.Optional.of(a.getHostAddress());
        }
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The command side recorded each answer the station journaled for the sitting exactly once (same
   * client sequence numbers, items and responses), each with a valid signature of the station key.
   */
  private static void assertArrivedExactlyOnceSignedByTheStation(String sittingId)
      throws Exception {
    Map<Long, JournalEntry> journaled = new HashMap<>();
    for (JournalEntry e : station.journal().all()) {
      if (e.sittingId().equals(sittingId) && e.kind() == JournalEntry.Kind.ANSWER) {
        journaled.put(e.payload().get("clientSeq").asLong(), e);
      }
    }
    assertThat(journaled).isNotEmpty();
    Map<Long, JsonNode> recorded = new HashMap<>();
    for (JsonNode e : server.send("GET", "/api/sittings/" + sittingId + "/events", null, 200)) {
      if (!e.get("type").asText().endsWith("AnswerRecorded")) {
        continue;
      }
      JsonNode a = e.get("payload");
      assertThat(recorded.put(a.get("clientSeq").asLong(), a))
          .as("one event per clientSeq")
          .isNull();
      assertThat(a.get("keyId").asText()).isEqualTo(stationKey.keyId().value());
      assertThat(
              AnswerSignatures.verify(
                  stationKey,
                  a.get("signature").asText(),
                  sittingId,
                  a.get("itemId").asText(),
                  strings(a.get("response")),
                  a.get("clientSeq").asLong(),
                  Instant.parse(a.get("clientTimestamp").asText())))
          .as(a.toString())
          .isTrue();
    }
    assertThat(recorded.keySet()).containsExactlyInAnyOrderElementsOf(journaled.keySet());
    for (Map.Entry<Long, JsonNode> r : recorded.entrySet()) {
      JsonNode j = journaled.get(r.getKey()).payload();
      assertThat(r.getValue().get("itemId").asText()).isEqualTo(j.get("itemId").asText());
      assertThat(strings(r.getValue().get("response"))).isEqualTo(strings(j.get("response")));
    }
  }

  private static JsonNode awaitScored(String sittingId) throws Exception {
    JsonNode s = null;
    for (int i = 0; i < 600; i++) {
      s = server.send("GET", "/api/sittings/" + sittingId, null, 200);
      if (s.hasNonNull("result")) {
        return s;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sitting " + sittingId + " not scored at the command side: " + s);
  }

  private static Map<String, List<String>> currentAnswers(JsonNode sitting) {
    Map<String, List<String>> answers = new LinkedHashMap<>();
    sitting
        .get("answers")
        .properties()
        .forEach(e -> answers.put(e.getKey(), strings(e.getValue().get("response"))));
    return answers;
  }

  private static List<String> strings(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(v -> list.add(v.asText()));
    return list;
  }

  private static synchronized JsonNode nextSlip() {
    return SLIPS.get(candidates++);
  }

  private static void signIn(Phone phone, JsonNode slip) {
    phone.open("/exam/");
    phone.awaitPage("signin");
    phone.find("#code").sendKeys(slip.get("candidateCode").asText());
    phone.find("#pin").sendKeys(slip.get("pin").asText(), Keys.ENTER);
  }

  private static void next(Phone phone) {
    String from = phone.find("#item").getAttribute("data-item");
    phone.find("#next").click();
    phone.await(d -> !from.equals(phone.find("#item").getAttribute("data-item")));
  }

  private static String ky(String key, String... args) {
    String s = ky.get(key);
    for (int i = 0; i < args.length; i += 2) {
      s = s.replace("{" + args[i] + "}", args[i + 1]);
    }
    return s;
  }
}
