package kg.exam.client.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad command-line input never reaches a server: one line on stderr and exit status 2. */
class SimulateCliInputTest {
  @TempDir Path dir;

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(new String[] {"--slips", "s.csv"}, "--server URL is required"),
        Arguments.of(
            new String[] {"--server", "ftp://x", "--slips", "s.csv"}, "expected http://host:port"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1"}, "either --slips FILE or --provision"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--provision"},
            "either --slips FILE or --provision"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--drop-rate", "2"},
            "--drop-rate 2: a probability, 0..1"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--think", "exp:3"},
            "needs a unit"),
        Arguments.of(
            new String[] {
              "--server", "http://localhost:1", "--slips", "s.csv", "--candidates", "x"
            },
            "--candidates x: not a number"),
        Arguments.of(
            new String[] {
              "--server", "http://localhost:1", "--slips", "s.csv", "--frobnicate", "1"
            },
            "unknown option --frobnicate"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--provision", "--candidates", "3"},
            "needs either --admin ACCOUNT or --credentials FILE"),
        Arguments.of(
            new String[] {
              "--server", "http://localhost:1", "--provision", "--admin", "a", "--candidates", "3"
            },
            "set the password in the environment as EXAM_ADMIN_PASSWORD"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--schools", "3"},
            "go with --provision"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--timeout"},
            "--timeout needs a value"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--rate", "0/s"},
            "--rate 0/s: must be more than 0"),
        Arguments.of(
            new String[] {"--server", "http://localhost:1", "--slips", "s.csv", "--rate", "fast"},
            "--rate fast: expected requests per second"),
        Arguments.of(
            new String[] {
              "--server",
              "http://localhost:1",
              "--slips",
              "s.csv",
              "--rate",
              "100/s",
              "--think",
              "0"
            },
            "give --think (closed loop) or --rate (open loop), not both"));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void shouldRefuseBadArgumentsInOneLineWithExitTwo(String[] args, String reason) {
    Outcome o = run(args);

    assertThat(o.exit).isEqualTo(2);
    assertThat(o.err).startsWith("simulate: ").contains(reason);
    assertThat(o.err.strip().lines()).hasSize(1);
    assertThat(o.out).isEmpty();
  }

  @Test
  void shouldNameTheFileAndLineOfABadSlip() throws Exception {
    Path slips = dir.resolve("slips.csv");
    Files.writeString(slips, "candidateCode,pin\nK-1,1234\n\nK-2\n");

    Outcome o = run(new String[] {"--server", "http://localhost:1", "--slips", slips.toString()});

    assertThat(o.exit).isEqualTo(2);
    assertThat(o.err.strip())
        .isEqualTo("simulate: " + slips + ":4: expected candidateCode,pin, got 1 cells");
  }

  @Test
  void shouldRefuseMoreCandidatesThanSlips() throws Exception {
    Path slips = dir.resolve("slips.csv");
    Files.writeString(slips, "K-1,1234\nK-2,5678\n");

    Outcome o =
        run(
            new String[] {
              "--server", "http://localhost:1", "--slips", slips.toString(), "--candidates", "3"
            });

    assertThat(o.exit).isEqualTo(2);
    assertThat(o.err.strip())
        .isEqualTo("simulate: " + slips + ":2: 2 slips, fewer than --candidates 3");
  }

  @Test
  void shouldReportAnUnreachableServerWhenProvisioningInOneLine() {
    Outcome o =
        run(
            new String[] {
              "--server", "http://localhost:1", "--provision", "--admin", "a", "--candidates", "1"
            },
            Map.of(SimulationOptions.PASSWORD_VARIABLE, "not-a-real-password"));

    assertThat(o.exit).isEqualTo(2);
    assertThat(o.err).startsWith("simulate: provisioning on http://localhost:1 failed: ");
    assertThat(o.err.strip().lines()).hasSize(1);
    assertThat(o.err).doesNotContain("not-a-real-password");
  }

  @Test
  void shouldReadTheCentreAdminFromACredentialsFile() throws Exception {
    Path credentials = dir.resolve("demo-credentials.txt");
    Files.writeString(
        credentials,
        "staff school-1 pw-school SCHOOL\nstaff centre-admin pw-admin CENTRE_ADMIN\n"
            + "candidate C-1 K-1 1234 sitting-1\n");

    SimulationOptions options =
        SimulationOptions.parse(
            new String[] {
              "--server",
              "http://localhost:1",
              "--provision",
              "--credentials",
              credentials.toString(),
              "--candidates",
              "2"
            },
            Map.of());

    assertThat(options.adminAccount()).isEqualTo("centre-admin");
    assertThat(options.adminPassword()).isEqualTo("pw-admin");
    assertThat(options.toString()).doesNotContain("pw-admin");
  }

  private record Outcome(int exit, String out, String err) {}

  private static Outcome run(String[] args) {
    return run(args, Map.of());
  }

  private static Outcome run(String[] args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        SimulateCli.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
