package kg.exam.client.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kg.exam.client.station.ExamPackages;
import kg.exam.client.station.PackageCandidate;
import kg.exam.client.station.PackageItem;
import kg.exam.client.station.SessionPackage;
import kg.exam.client.station.Station;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.command.demo.DemoExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The simulator against a school exam station (in this JVM, offline: no command side to sync to),
 * through the same candidate API it uses against the command side: every candidate signs in with
 * the slip of the station's session package, sits, loses connections, submits, and the station
 * holds every acknowledged answer.
 */
class SimulationAgainstStationTest {
  private static final int CANDIDATES = 6;

  @TempDir Path dir;
  private Station station;

  @AfterEach
  void stop() throws IOException {
    if (station != null) {
      station.close();
    }
  }

  @Test
  void shouldSitEveryCandidateAtAStationWithTheCommandSidesCandidateApi() throws Exception {
    List<Slips.Slip> slips = new ArrayList<>();
    List<PackageCandidate> candidates = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < CANDIDATES; i++) {
      String pin = String.format("%06d", random.nextInt(1_000_000));
      slips.add(new Slips.Slip("CODE-" + i, pin));
      candidates.add(
          new PackageCandidate(
              "sitting-" + i,
              "cand-" + i,
              "CODE-" + i,
              "{bcrypt}" + BCrypt.hashpw(pin, BCrypt.gensalt(4)),
              0));
    }
    ExamContent demo = DemoExam.content();
    List<PackageItem> items =
        demo.items().stream()
            .map(
                i ->
                    new PackageItem(
                        i.itemId(),
                        i.sectionId(),
                        i.type(),
                        i.maxScore(),
                        i.prompt(),
                        i.choices(),
                        i.targets()))
            .toList();
    SessionPackage sessionPackage =
        new SessionPackage(
            "session-1",
            "demo-exam",
            1,
            "centre-1",
            "school-1",
            Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofHours(3)),
            demo.durationMinutes(),
            demo.title(),
            demo.subject(),
            demo.language(),
            items,
            candidates);
    Path dataDir = Files.createDirectories(dir.resolve("data"));
    Properties p = new Properties();
    p.setProperty("station.data-dir", dataDir.toString());
    p.setProperty("station.port", "0");
    p.setProperty("station.bind", "127.0.0.1");
    p.setProperty("station.id", "sim-station");
    Path config = dir.resolve("station.properties");
    try (var out = Files.newBufferedWriter(config)) {
      p.store(out, null);
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("47".repeat(32)));
    Files.writeString(dataDir.resolve("station-key.pem"), key.toPem());
    station =
        Station.create(
            StationConfig.load(config),
            ExamPackages.of(List.of(sessionPackage)),
            new StationSigner(key, Clock.systemUTC()),
            Clock.systemUTC());
    station.start();
    SimulationOptions options =
        SimulationOptions.parse(
            new String[] {
              "--server", "http://127.0.0.1:" + station.server().port(),
              "--slips", "unused.csv",
              "--think", "fixed:2ms",
              "--ramp-up", "50ms",
              "--change-rate", "0.5",
              "--flag-rate", "0.3",
              "--drop-rate", "0.3",
              "--reconnect-after", "50ms",
              "--seed", "20261130",
              "--quiet"
            },
            Map.of());

    SimulationReport report = new Simulation(options, null, slips, System.err, null).run();

    assertThat(report.errorsByType()).isEmpty();
    assertThat(report.submitted()).isEqualTo(CANDIDATES);
    assertThat(report.answersAcknowledged()).isEqualTo(CANDIDATES * 9 + report.answersChanged());
    assertThat(report.drops()).isPositive();
    assertThat(report.latencies().get(RequestKind.ANSWER_RESENT).count()).isEqualTo(report.drops());
    assertThat(report.sittingsVerified()).isEqualTo(CANDIDATES);
    assertThat(report.answersVerified()).isEqualTo(CANDIDATES * 9);
    assertThat(report.answersMissing()).isZero();
    assertThat(report.passed()).isTrue();
  }
}
