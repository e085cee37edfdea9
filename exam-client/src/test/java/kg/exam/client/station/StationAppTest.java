package kg.exam.client.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station's command line: exit codes and one-line errors that name the file and line. */
class StationAppTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        StationApp.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldNameTheFileAndLineOfABadSetting() throws Exception {
    Path config = dir.resolve("station.properties");
    Files.writeString(
        config, "# a school station\nstation.data-dir=data\nstation.port=80a\nserver.url=x\n");
    Run r = run("serve", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("error: " + config + ":3: station.port=80a is not a whole number")
        .doesNotContain("\n");
  }

  @Test
  void shouldRefuseASyncBackoffOfZeroOrAMaximumBelowTheMinimum() throws Exception {
    Path config = dir.resolve("station.properties");
    Files.writeString(config, "station.data-dir=data\nsync.min-backoff=0ms\n");
    Run zero = run("serve", "--config", config.toString());
    Files.writeString(config, "station.data-dir=data\nsync.min-backoff=2s\nsync.max-backoff=1s\n");
    Run inverted = run("serve", "--config", config.toString());

    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err().strip())
        .isEqualTo("error: " + config + ":2: sync.min-backoff=0ms is below 1ms");
    assertThat(inverted.exit()).isEqualTo(2);
    assertThat(inverted.err().strip())
        .isEqualTo("error: " + config + ":3: sync.max-backoff=1s is below sync.min-backoff");
  }

  @Test
  void shouldRefuseAServerUrlThatIsNotHttp() throws Exception {
    Path config = dir.resolve("station.properties");
    Files.writeString(config, "station.data-dir=data\nserver.url = ftp://exam.example\n");
    Run r = run("--config", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .contains(config + ":2: server.url=ftp://exam.example is not an http(s) URL");
  }

  @Test
  void shouldAskForEnrolmentWhenTheStationHasNoKey() throws Exception {
    Path config = dir.resolve("station.properties");
    Files.writeString(config, "station.data-dir=data\n");
    Run r = run("serve", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "error: "
                + dir.resolve("data/station-key.pem")
                + ": no station key; run 'enrol' first");
  }

  @Test
  void shouldRefuseAMissingConfigAndAnUnknownCommand() {
    Run missing = run("serve", "--config", dir.resolve("nope.properties").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.properties: no such file");
    Run unknown = run("launch", "--config", "x");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown command 'launch'");
    Run noConfig = run("serve");
    assertThat(noConfig.exit()).isEqualTo(2);
    assertThat(noConfig.err()).startsWith("usage:");
  }
}
