package kg.exam.client.station;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.command.demo.DemoExam;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Session packages, keys and configurations for station tests. */
final class StationFixtures {
  private StationFixtures() {}

  /** The demo exam's items as a package carries them (no keys). */
  static List<PackageItem> demoItems() {
    return DemoExam.content().items().stream()
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
  }

  /** A PIN verifier as the command side stores it. */
  static String pinHash(String pin) {
    return "{bcrypt}" + BCrypt.hashpw(pin, BCrypt.gensalt(4));
  }

  static SessionPackage demoPackage(
      String sessionId,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      List<PackageCandidate> candidates) {
    ExamContent c = DemoExam.content();
    return new SessionPackage(
        sessionId,
        "demo-exam",
        1,
        centreId,
        schoolId,
        opensAt,
        closesAt,
        c.durationMinutes(),
        c.title(),
        c.subject(),
        c.language(),
        demoItems(),
        candidates);
  }

  /** Writes a station key PEM into the data directory and returns its signer. */
  static StationSigner writeKey(Path dataDir, Ed25519PrivateKey key) throws IOException {
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("station-key.pem"), key.toPem());
    return new StationSigner(key, Clock.systemUTC());
  }

  /** A configuration file in {@code dir}; {@code extra} as key, value, key, value... */
  static StationConfig config(Path dir, String... extra) throws Exception {
    Properties p = new Properties();
    p.setProperty("station.data-dir", dir.resolve("data").toString());
    p.setProperty("station.port", "0");
    p.setProperty("station.bind", "127.0.0.1");
    p.setProperty("station.id", "test-station");
    for (int i = 0; i < extra.length; i += 2) {
      p.setProperty(extra[i], extra[i + 1]);
    }
    Path file = dir.resolve("station.properties");
    try (var out = Files.newBufferedWriter(file)) {
      p.store(out, null);
    }
    return StationConfig.load(file);
  }
}
