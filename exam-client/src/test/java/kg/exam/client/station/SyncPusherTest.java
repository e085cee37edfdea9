package kg.exam.client.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncPusherTest {
  @TempDir Path dir;

  @Test
  void shouldCountAnEntryRejectedAgainAfterACrashOnce() throws Exception {
    // the station crashed after writing entry 3's rejection but before its cursor: 3 was re-sent,
    // rejected again and written a second time
    Files.writeString(
        dir.resolve("sync-rejected.jsonl"),
        "{\"seq\":3,\"sittingId\":\"sit-1\",\"kind\":\"answer\",\"type\":\"x\"}\n"
            + "{\"seq\":3,\"sittingId\":\"sit-1\",\"kind\":\"answer\",\"type\":\"x\"}\n"
            + "{\"seq\":4,\"sittingId\":\"sit-1\",\"kind\":\"answer\",\"type\":\"x\"}\n"
            + "{\"seq\":5,\"sittingId\":\"sit-2\",\"kind\":\"answer\",\"type\":\"x\"}\n",
        StandardCharsets.UTF_8);
    try (Journal journal = Journal.open(dir.resolve("journal.log"));
        SyncPusher pusher =
            new SyncPusher(
                journal,
                dir,
                URI.create("http://127.0.0.1:1"),
                new StationSigner(
                    Ed25519PrivateKey.generate(new SecureRandom()), Clock.systemUTC()),
                100,
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Clock.systemUTC())) {

      assertThat(pusher.sitting("sit-1").rejected()).isEqualTo(2);
      assertThat(pusher.sitting("sit-2").rejected()).isEqualTo(1);
    }
  }
}
