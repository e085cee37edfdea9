package kg.exam.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPortsTest {
  @TempDir Path dataDir;

  @Test
  void shouldStartEachServiceOnTheSamePortAfterARestart() {
    EmbeddedPorts first = EmbeddedPorts.in(dataDir);
    int postgres = first.port("postgres");
    int kafka = first.port("kafka");
    first.save();

    EmbeddedPorts again = EmbeddedPorts.in(dataDir);
    assertThat(again.port("postgres")).isEqualTo(postgres);
    assertThat(again.port("kafka")).isEqualTo(kafka);
    assertThat(postgres).isNotEqualTo(kafka);
  }

  @Test
  void shouldTakeAFreePortWhenTheKeptOneIsTakenAndKeepTheNewOne() throws Exception {
    EmbeddedPorts first = EmbeddedPorts.in(dataDir);
    int kept = first.port("postgres");
    first.save();
    int replaced;
    try (ServerSocket squatter = new ServerSocket(kept, 1, InetAddress.getLoopbackAddress())) {
      assertThat(squatter.getLocalPort()).isEqualTo(kept);
      EmbeddedPorts again = EmbeddedPorts.in(dataDir);
      replaced = again.port("postgres");
      assertThat(replaced).isNotEqualTo(kept);
      again.save();
    }
    assertThat(EmbeddedPorts.in(dataDir).port("postgres")).isEqualTo(replaced);
  }

  @Test
  void shouldTakeNewPortsWhenTheFileIsNotAPortList() throws Exception {
    Files.writeString(dataDir.resolve(EmbeddedPorts.FILE), "postgres=not-a-port\n");
    int port = EmbeddedPorts.in(dataDir).port("postgres");
    assertThat(port).isBetween(1, 65535);
  }
}
