package kg.exam.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreCliTest {

  private static final Path EXAMPLES = Path.of("examples");

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ScoreCli.run(
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

  private int scoreKeyedExample(Path responses, Path outDir) {
    return run(
        "--form",
        EXAMPLES.resolve("form-keyed.csv").toString(),
        "--responses",
        responses.toString(),
        "--out",
        outDir.toString());
  }

  @Test
  void shouldWriteCandidateScoresForMixedExample() throws IOException {
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "--form",
            EXAMPLES.resolve("form-mixed.csv").toString(),
            "--responses",
            EXAMPLES.resolve("responses-mixed.csv").toString(),
            "--out",
            outDir.toString());

    assertThat(exit).isEqualTo(ScoreCli.EXIT_OK);
    assertThat(Files.readAllLines(outDir.resolve("candidates.csv")))
        .containsExactly(
            "candidate_id,raw_total,max_total,percentage,passed,grade,grade_withheld,needs_human_marking,unanswered,malformed,"
                + "section:geography,section:math,section:language,section:history",
            "C0001,14,19,73.684211,true,4,false,true,0,0,7,2,3,2",
            "C0002,4.333333,19,22.807018,false,2,false,false,1,0,2,0,1,1.333333",
            "C0003,2,19,10.526316,false,2,false,false,4,2,0,0,2,0",
            "C0004,0,19,0,false,2,false,false,9,0,0,0,0,0");
  }

  @Test
  void shouldWriteOneItemScoreRowPerCandidateAndItemWithMalformedDetail() throws IOException {
    Path outDir = dir.resolve("out");

    run(
        "--form",
        EXAMPLES.resolve("form-mixed.csv").toString(),
        "--responses",
        EXAMPLES.resolve("responses-mixed.csv").toString(),
        "--out",
        outDir.toString());

    List<String> lines = Files.readAllLines(outDir.resolve("item_scores.csv"));
    assertThat(lines).hasSize(1 + 4 * 9);
    assertThat(lines)
        .contains(
            "C0003,q1,0,1,MALFORMED,unknown choice 'E'",
            "C0003,q4,0,1,MALFORMED,'3.5 m' is not a number");
  }

  @Test
  void shouldScoreKeyedFormOnColumnarPath() throws IOException {
    Path outDir = dir.resolve("out");

    int exit = scoreKeyedExample(EXAMPLES.resolve("responses-keyed.csv"), outDir);

    assertThat(exit).isEqualTo(ScoreCli.EXIT_OK);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("keyed columnar path");
    assertThat(Files.readAllLines(outDir.resolve("candidates.csv")))
        .contains("P009,6,8,75,true,4,false,false,1,1,3,3");
  }

  @Test
  void shouldRefuseUnknownItemIdWithLineNumberAndWriteNothing() throws IOException {
    Path responses = write("responses.csv", "candidate_id,m1,zz\nP1,A,B\n");
    Path outDir = dir.resolve("out");

    int exit = scoreKeyedExample(responses, outDir);

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr())
        .isEqualTo(
            "ScoreCli: "
                + responses
                + ":1: unknown item id 'zz' in column 3 (not on the form)"
                + System.lineSeparator());
    assertThat(outDir).doesNotExist();
  }

  @Test
  void shouldRefuseRowWithWrongColumnCountNamingItsLine() throws IOException {
    Path responses = write("responses.csv", "candidate_id,m1,m2\nP1,A,B\nP2,A\n");

    int exit = scoreKeyedExample(responses, dir.resolve("out"));

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).contains(responses + ":3: expected 3 columns, found 2");
  }

  @Test
  void shouldRefuseRepeatedCandidateId() throws IOException {
    Path responses = write("responses.csv", "candidate_id,m1\nP1,A\nP1,B\n");

    int exit = scoreKeyedExample(responses, dir.resolve("out"));

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).contains(responses + ":3: candidate_id 'P1' already on line 2");
  }

  @Test
  void shouldRefuseUnclosedQuoteNamingTheLineWhereItOpened() throws IOException {
    Path responses = write("responses.csv", "candidate_id,m1\nP1,\"A\nP2,B\n");

    int exit = scoreKeyedExample(responses, dir.resolve("out"));

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).contains(responses + ":2: quoted field is not closed");
  }

  @Test
  void shouldRefuseFormRowWithUnknownType() throws IOException {
    Path form =
        write(
            "form.csv",
            "item_id,type,max_score,choices,correct\nq1,SINGLE_CHOICE,1,A|B,A\nq2,ESSAY,1,,\n");
    Path responses = write("responses.csv", "candidate_id,q1\nP1,A\n");

    int exit =
        run(
            "--form",
            form.toString(),
            "--responses",
            responses.toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).startsWith("ScoreCli: " + form + ":3: type 'ESSAY' is not one of");
  }

  @Test
  void shouldRefuseFormItemWhoseKeyNamesUnknownChoice() throws IOException {
    Path form =
        write("form.csv", "item_id,type,max_score,choices,correct\nq1,SINGLE_CHOICE,1,A|B,E\n");
    Path responses = write("responses.csv", "candidate_id,q1\nP1,A\n");

    int exit =
        run(
            "--form",
            form.toString(),
            "--responses",
            responses.toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).contains(form + ":2: item 'q1': correct names unknown choice 'E'");
  }

  @Test
  void shouldRefuseResponsesThatAreNotUtf8() throws IOException {
    Path responses = dir.resolve("responses.csv");
    Files.write(
        responses,
        new byte[] {
          'c',
          'a',
          'n',
          'd',
          'i',
          'd',
          'a',
          't',
          'e',
          '_',
          'i',
          'd',
          ',',
          'm',
          '1',
          '\n',
          'P',
          '1',
          ',',
          (byte) 0xC3,
          '\n'
        });

    int exit = scoreKeyedExample(responses, dir.resolve("out"));

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).contains("not valid UTF-8");
  }

  @Test
  void shouldRefuseUnknownArgumentWithUsage() {
    int exit = run("--frm", "x");

    assertThat(exit).isEqualTo(ScoreCli.EXIT_BAD_INPUT);
    assertThat(stderr()).contains("unknown argument '--frm'").contains("usage: ScoreCli");
  }

  @Test
  void shouldDrawProgressBarOnStderrWhenAsked() {
    run(
        "--form",
        EXAMPLES.resolve("form-keyed.csv").toString(),
        "--responses",
        EXAMPLES.resolve("responses-keyed.csv").toString(),
        "--out",
        dir.resolve("out").toString(),
        "--progress");

    assertThat(stderr()).contains("scoring  [##############################] 100%");
  }

  @Test
  void shouldApplyPolicyOptionsFromCommandLine() throws IOException {
    Path outDir = dir.resolve("out");

    run(
        "--form",
        EXAMPLES.resolve("form-keyed.csv").toString(),
        "--responses",
        EXAMPLES.resolve("responses-keyed.csv").toString(),
        "--out",
        outDir.toString(),
        "--pass-percent",
        "80",
        "--grades",
        "0:2,60:3,75:4,90:5",
        "--withhold-grades-below",
        "3");

    assertThat(Files.readAllLines(outDir.resolve("candidates.csv")))
        .contains(
            "P002,6,8,75,false,4,false,false,0,0,4,2", "P005,3,8,37.5,false,2,true,false,0,0,1,2");
  }

  @Test
  void shouldWriteItemAnalysisFlaggingDistractorChosenByHighScorers() throws IOException {
    Path outDir = dir.resolve("out");

    scoreKeyedExample(EXAMPLES.resolve("responses-keyed.csv"), outDir);

    assertThat(Files.readAllLines(outDir.resolve("item_analysis.csv")))
        .contains("k2,1,0.4,0.4,0.633038,0.507856,0.845411,D");
    assertThat(Files.readAllLines(outDir.resolve("test_analysis.csv")))
        .contains("candidates,10", "kr20,0.853056");
    assertThat(Files.readAllLines(outDir.resolve("distractors.csv")))
        .contains("m1,B,true,6,0.6,5.833333,1,0,false");
    assertThat(Files.readAllLines(outDir.resolve("score_distribution.csv"))).hasSize(1 + 9);
  }

  @Test
  void shouldAnalyseMixedFormWithoutKr20() throws IOException {
    Path outDir = dir.resolve("out");

    run(
        "--form",
        EXAMPLES.resolve("form-mixed.csv").toString(),
        "--responses",
        EXAMPLES.resolve("responses-mixed.csv").toString(),
        "--out",
        outDir.toString());

    assertThat(Files.readAllLines(outDir.resolve("test_analysis.csv"))).contains("kr20,");
  }

  @Test
  void shouldSkipAnalysisAndItemScoresWhenAsked() throws IOException {
    Path outDir = dir.resolve("out");

    run(
        "--form",
        EXAMPLES.resolve("form-keyed.csv").toString(),
        "--responses",
        EXAMPLES.resolve("responses-keyed.csv").toString(),
        "--out",
        outDir.toString(),
        "--no-analysis",
        "--no-item-scores");

    try (var files = Files.list(outDir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("candidates.csv");
    }
  }

  @Test
  void shouldStayQuietOnSmallInputUnlessAsked() {
    run(
        "--form",
        EXAMPLES.resolve("form-keyed.csv").toString(),
        "--responses",
        EXAMPLES.resolve("responses-keyed.csv").toString(),
        "--out",
        dir.resolve("out").toString());

    assertThat(stderr()).isEmpty();
  }
}
