package kg.exam.client.station.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.client.station.SessionPackage;
import kg.exam.client.station.StationConfig;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A station enrols with a real command side (in-process, real PostgreSQL), fetches its packages,
 * finds the open session unlocked by the released key and the future one locked, and opens the
 * future one with the release code the centre administrator reads.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StationEnrolmentEndToEndTest {
  private static InProcessCommandSide server;
  private static Path dir;
  private static Path configFile;
  private static JsonNode openSlip;
  private static JsonNode laterSlip;

  @BeforeAll
  static void start() throws Exception {
    server = new InProcessCommandSide();
    server.publishDemoExam("enrol-exam");
    server.openSession(
        "enrol-now", "enrol-exam", Instant.now().minusSeconds(60), Instant.now().plusSeconds(7200));
    server.openSession(
        "enrol-later",
        "enrol-exam",
        Instant.now().plus(Duration.ofHours(2)),
        Instant.now().plus(Duration.ofHours(5)));
    openSlip = server.register("enrol-now", "cand-1", 50);
    laterSlip = server.register("enrol-later", "cand-2", 0);
    dir = Files.createTempDirectory("station-enrol");
    configFile = dir.resolve("station.properties");
    Files.writeString(
        configFile,
        "server.url="
            + server.base()
            + "\nstation.data-dir=data\nstation.centre-id="
            + InProcessCommandSide.CENTRE
            + "\nstation.school-id="
            + InProcessCommandSide.SCHOOL
            + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String command, List<String> args, Map<String, String> env)
      throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    StationConfig config = StationConfig.load(configFile);
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int exit =
        switch (command) {
          case "enrol" -> EnrolCommands.enrol(config, args, o, e, env, null);
          case "fetch" -> EnrolCommands.fetch(config, args, o, e);
          case "unlock" -> EnrolCommands.unlock(config, args, o, e);
          default -> throw new IllegalArgumentException(command);
        };
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @Order(1)
  void shouldRefuseToEnrolWithoutAnAdministratorAccount() throws Exception {
    Run r = run("enrol", List.of("--station-id", "lab-1"), Map.of());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(EnrolCommands.ACCOUNT_ENV);
  }

  @Test
  @Order(2)
  void shouldEnrolWithAPrivateKeyRegisteredAtTheCommandSide() throws Exception {
    Run r =
        run(
            "enrol",
            List.of("--station-id", "lab-1"),
            Map.of(
                EnrolCommands.ACCOUNT_ENV,
                server.adminAccount(),
                EnrolCommands.PASSWORD_ENV,
                server.adminPassword()));

    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    Path keyFile = dir.resolve("data/station-key.pem");
    assertThat(Files.getPosixFilePermissions(keyFile))
        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    String keyId = Ed25519PrivateKey.fromPemFile(keyFile).keyId().value();
    assertThat(r.out()).contains(keyId).doesNotContain("PRIVATE KEY");
    JsonNode keys = server.send("GET", "/api/trust/keys", null, 200);
    JsonNode entry = null;
    for (JsonNode k : keys) {
      if (k.get("keyId").asText().equals(keyId)) {
        entry = k;
      }
    }
    assertThat(entry).isNotNull();
    assertThat(entry.get("stationId").asText()).isEqualTo("lab-1");
    assertThat(entry.get("centreId").asText()).isEqualTo(InProcessCommandSide.CENTRE);
    assertThat(entry.get("schoolId").asText()).isEqualTo(InProcessCommandSide.SCHOOL);
    assertThat(Files.readString(configFile)).contains("station.id=lab-1");
    assertThat(Files.readString(dir.resolve("data/enrolment.properties")))
        .contains("key.id=" + keyId)
        .doesNotContain(server.adminPassword());
  }

  @Test
  @Order(3)
  void shouldReportAnExistingEnrolmentInsteadOfEnrollingTwice() throws Exception {
    Run r = run("enrol", List.of(), Map.of());

    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("already enrolled as station lab-1");
  }

  @Test
  @Order(4)
  void shouldFetchPackagesEncryptedAndUnlockOnlyTheOpenSession() throws Exception {
    Run r = run("fetch", List.of(), Map.of());

    assertThat(r.exit()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).contains("fetched 2 session package(s)").contains("unlocked [enrol-now]");
    String later = Files.readString(dir.resolve("data/packages/enrol-later.package.json"));
    assertThat(later)
        .doesNotContain(laterSlip.get("candidateCode").asText())
        .doesNotContain("cand-2")
        .doesNotContain("bcrypt");
    assertThat(Files.exists(dir.resolve("data/packages/enrol-later.key"))).isFalse();
    PackageStore store = PackageStore.open(dir.resolve("data"));
    assertThat(store.unlocked("enrol-later")).isEmpty();
    SessionPackage now = store.unlocked("enrol-now").orElseThrow();
    assertThat(now.candidates()).hasSize(1);
    assertThat(now.candidates().get(0).candidateCode())
        .isEqualTo(openSlip.get("candidateCode").asText());
    assertThat(now.candidates().get(0).extraTimePercent()).isEqualTo(50);
    assertThat(now.items()).isNotEmpty();
    assertThat(store.byCandidateCode(openSlip.get("candidateCode").asText())).isPresent();
  }

  @Test
  @Order(5)
  void shouldRefuseAWrongReleaseCodeAndOpenWithTheRightOne() throws Exception {
    String code =
        server
            .send("GET", "/api/sessions/enrol-later/package-release-code", null, 200)
            .get("releaseCode")
            .asText();
    String wrong = (code.charAt(0) == 'A' ? "B" : "A") + code.substring(1);

    Run refused = run("unlock", List.of("--session", "enrol-later", "--code", wrong), Map.of());
    Run opened = run("unlock", List.of("--session", "enrol-later", "--code", code), Map.of());

    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("release code is wrong");
    assertThat(opened.exit()).as(opened.err()).isEqualTo(0);
    SessionPackage later =
        PackageStore.open(dir.resolve("data")).unlocked("enrol-later").orElseThrow();
    assertThat(later.candidates().get(0).candidateCode())
        .isEqualTo(laterSlip.get("candidateCode").asText());
  }

  @Test
  @Order(6)
  void shouldCorrectASkewedStationClockFromTheServerTime() throws Exception {
    java.time.Clock skewed =
        java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-10));
    StationSigner signer = StationSigner.load(dir.resolve("data/station-key.pem"), skewed);
    PackageStore store = PackageStore.open(dir.resolve("data"));

    PackageFetcher.Fetched f;
    try (PackageFetcher fetcher = new PackageFetcher(server.base(), signer, store, skewed)) {
      f = fetcher.fetchAll();
    }

    assertThat(f.sessionIds()).containsExactlyInAnyOrder("enrol-now", "enrol-later");
    assertThat(signer.clockOffset()).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(11));
  }

  @Test
  @Order(7)
  void shouldRefuseAPackageDamagedOnDisk() throws Exception {
    Path file = dir.resolve("data/packages/enrol-now.package.json");
    JsonNode envelope = kg.exam.client.station.StationJson.MAPPER.readTree(file.toFile());
    String ct = envelope.get("ciphertext").asText();
    ((com.fasterxml.jackson.databind.node.ObjectNode) envelope)
        .put("ciphertext", (ct.charAt(0) == 'A' ? "B" : "A") + ct.substring(1));
    Files.write(file, kg.exam.client.station.StationJson.MAPPER.writeValueAsBytes(envelope));

    assertThat(
            org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> PackageStore.open(dir.resolve("data"))))
        .hasMessageContaining("damaged");
  }

  @Test
  @Order(8)
  void shouldNameAStationThatHasNoIdYetAndWriteTheIdIntoItsConfig() throws Exception {
    Path other = Files.createTempDirectory("station-enrol-unnamed");
    Path file = other.resolve("station.properties");
    Files.writeString(
        file,
        "server.url="
            + server.base()
            + "\nstation.data-dir=data\nstation.centre-id="
            + InProcessCommandSide.CENTRE
            + "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        EnrolCommands.enrol(
            StationConfig.load(file),
            List.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(
                EnrolCommands.ACCOUNT_ENV,
                server.adminAccount(),
                EnrolCommands.PASSWORD_ENV,
                server.adminPassword()),
            null);

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(Files.readString(file)).containsPattern("station\\.id=station-[0-9a-f]{10}\\n");
  }
}
