package kg.exam.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IrtCliTest {

  private static final Path EXAMPLES = Path.of("examples");

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return IrtCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void shouldReproduceTheCommittedExampleCalibration() throws IOException {
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "calibrate",
            "--responses",
            EXAMPLES.resolve("irt-responses.csv").toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_OK);
    assertThat(Files.readAllLines(outDir.resolve("items.csv")))
        .isEqualTo(Files.readAllLines(EXAMPLES.resolve("irt-items.csv")));
    assertThat(Files.readAllLines(outDir.resolve("calibration.csv")))
        .isEqualTo(Files.readAllLines(EXAMPLES.resolve("irt-calibration.csv")));
  }

  @Test
  void shouldWriteAbilitiesWithScaledScoresAndPassDecision() throws IOException {
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "abilities",
            "--responses",
            EXAMPLES.resolve("irt-responses.csv").toString(),
            "--items",
            EXAMPLES.resolve("irt-items.csv").toString(),
            "--calibration",
            EXAMPLES.resolve("irt-calibration.csv").toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_OK);
    List<String> lines = Files.readAllLines(outDir.resolve("abilities.csv"));
    assertThat(lines).hasSize(61);
    assertThat(lines.get(0)).isEqualTo("candidate_id,presented,raw_score,theta,se,scaled,passed");
    assertThat(lines.get(1)).startsWith("K001,5,4,");
  }

  @Test
  void shouldWriteInfiniteMleForPerfectScoreWithoutStandardError() throws IOException {
    Path responses = write("r.csv", "candidate_id,m1,m2\nA,1,1\nB,0,\n");
    Path items = write("items.csv", "item_id,discrimination,difficulty\nm1,1,0\nm2,1.5,0.5\n");
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "abilities",
            "--method",
            "mle",
            "--responses",
            responses.toString(),
            "--items",
            items.toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_OK);
    assertThat(Files.readAllLines(outDir.resolve("abilities.csv")))
        .containsExactly(
            "candidate_id,presented,raw_score,theta,se,scaled,passed",
            "A,2,2,inf,,160,true",
            "B,1,0,-inf,,40,false");
  }

  static Stream<Arguments> badResponses() {
    return Stream.of(
        Arguments.of("id,m1,m2\nA,1,0\n", ":1: first column must be 'candidate_id'"),
        Arguments.of("candidate_id,m1,m1\nA,1,0\n", ":1: item id 'm1' appears in two columns"),
        Arguments.of("candidate_id,m1,m2\nA,1,0\nB,1\n", ":3: expected 3 columns, found 2"),
        Arguments.of(
            "candidate_id,m1,m2\nA,1,0\nB,2,0\n",
            ":3: item 'm1': score 2 is above its highest score 1 (--model rasch is dichotomous;"
                + " use --model pcm or gpcm for partial credit)"),
        Arguments.of(
            "candidate_id,m1,m2\nA,1,0\nB,1.5,0\n",
            ":3: item 'm1': '1.5' is not a score (a whole number 0..100 or empty)"),
        Arguments.of("candidate_id,m1,m2\nA,1,0\nB,x,0\n", ":3: item 'm1': 'x' is not a score"),
        Arguments.of(
            "candidate_id,m1,m2\nA,1,0\nA,0,1\n", ":3: candidate_id 'A' already on line 2"),
        Arguments.of("candidate_id,m1,m2\nA,1,0\n,0,1\n", ":3: candidate_id is empty"),
        Arguments.of("candidate_id,m1,m2\nA,1,0\nB,\"0,1\n", ":3: quoted field is not closed"),
        Arguments.of(
            "candidate_id,m1,m2\nA,1,0\nB,1,1\n",
            ":1: item 'm1' cannot be calibrated: all 2 scores are 1"));
  }

  @ParameterizedTest
  @MethodSource("badResponses")
  void shouldRefuseBadResponsesWithOneLineAndWriteNothing(String content, String expected)
      throws IOException {
    Path responses = write("responses.csv", content);
    Path outDir = dir.resolve("out");

    int exit = run("calibrate", "--responses", responses.toString(), "--out", outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr()).startsWith("IrtCli: " + responses + expected).hasLineCount(1);
    assertThat(outDir).doesNotExist();
  }

  static Stream<Arguments> badItems() {
    return Stream.of(
        Arguments.of("item_id,difficulty\nm1,0\n", ":1: missing column 'discrimination'"),
        Arguments.of(
            "item_id,discrimination,difficulty\nm1,1,0\nm2,0,1\n",
            ":3: discrimination 0 must be > 0"),
        Arguments.of(
            "item_id,discrimination,difficulty\nm1,1,zero\n",
            ":2: difficulty 'zero' is not a number"),
        Arguments.of(
            "item_id,discrimination,difficulty\nm1,1,0\nm1,1,1\n",
            ":3: item_id 'm1' appears twice"));
  }

  @ParameterizedTest
  @MethodSource("badItems")
  void shouldRefuseBadItemParametersWithOneLineAndWriteNothing(String content, String expected)
      throws IOException {
    Path items = write("items.csv", content);
    Path responses = write("responses.csv", "candidate_id,m1\nA,1\n");
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "abilities",
            "--responses",
            responses.toString(),
            "--items",
            items.toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr()).startsWith("IrtCli: " + items + expected).hasLineCount(1);
    assertThat(outDir).doesNotExist();
  }

  @Test
  void shouldRefuseResponseColumnWithoutParameters() throws IOException {
    Path items = write("items.csv", "item_id,discrimination,difficulty\nm1,1,0\n");
    Path responses = write("responses.csv", "candidate_id,m1,m9\nA,1,0\n");
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "abilities",
            "--responses",
            responses.toString(),
            "--items",
            items.toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr())
        .startsWith("IrtCli: " + responses + ":1: item 'm9' has no parameters")
        .hasLineCount(1);
    assertThat(outDir).doesNotExist();
  }

  @Test
  void shouldRefuseToWriteCalibrationThatDidNotConverge() {
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "calibrate",
            "--model",
            "2pl",
            "--max-iterations",
            "2",
            "--responses",
            EXAMPLES.resolve("irt-responses.csv").toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_NOT_CONVERGED);
    assertThat(stderr()).contains("did not converge after 2 EM cycles").hasLineCount(1);
    assertThat(outDir).doesNotExist();
  }

  @Test
  void shouldWriteNonConvergedCalibrationMarkedAsSuchWhenAllowed() throws IOException {
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "calibrate",
            "--model",
            "2pl",
            "--max-iterations",
            "2",
            "--allow-not-converged",
            "--responses",
            EXAMPLES.resolve("irt-responses.csv").toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_OK);
    assertThat(Files.readAllLines(outDir.resolve("calibration.csv")))
        .contains("converged,false", "iterations,2");
  }

  @Test
  void shouldRefuseUnknownSubcommand() {
    int exit = run("equate", "--responses", "x.csv");

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr()).startsWith("IrtCli: unknown subcommand 'equate'");
  }
}
