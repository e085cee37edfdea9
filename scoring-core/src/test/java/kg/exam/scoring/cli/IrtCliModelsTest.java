package kg.exam.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kg.exam.scoring.irt.GradeBoundaries;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.TableReportingScale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IrtCli} with 3PL, partial credit, anchors, linking, table scales and grades. */
class IrtCliModelsTest {

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

  /** Responses simulated from the given items for {@code n} candidates with θ ~ N(mean, sd²). */
  private Path simulate(
      String name, List<ItemParameters> items, int n, double mean, double sd, long seed)
      throws IOException {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder("candidate_id");
    for (int i = 0; i < items.size(); i++) {
      csv.append(",i").append(i + 1);
    }
    csv.append('\n');
    double[] p = new double[101];
    for (int c = 0; c < n; c++) {
      double theta = mean + sd * random.nextGaussian();
      csv.append('c').append(c);
      for (ItemParameters item : items) {
        item.categoryProbabilities(theta, p);
        double u = random.nextDouble();
        int score = 0;
        double cumulative = p[0];
        while (u > cumulative && score < item.maxScore()) {
          score++;
          cumulative += p[score];
        }
        csv.append(',').append(score);
      }
      csv.append('\n');
    }
    return write(name, csv.toString());
  }

  private static List<Map<String, String>> readCsv(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String[] header = lines.get(0).split(",", -1);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      Map<String, String> row = new HashMap<>();
      for (int k = 0; k < header.length; k++) {
        row.put(header[k], cells[k]);
      }
      rows.add(row);
    }
    return rows;
  }

  private static Map<String, String> statistics(Path file) throws IOException {
    Map<String, String> values = new HashMap<>();
    for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
      int comma = line.indexOf(',');
      values.put(line.substring(0, comma), line.substring(comma + 1));
    }
    return values;
  }

  @Test
  void shouldCalibrateGeneralizedPartialCreditItemsAndEstimateAbilitiesFromThem()
      throws IOException {
    List<ItemParameters> truth =
        List.of(
            ItemParameters.partialCredit(1.2, -1.0, 0.5),
            ItemParameters.partialCredit(0.8, -0.5, 1.0),
            ItemParameters.partialCredit(1.0, 0.0),
            ItemParameters.partialCredit(1.5, -1.5, -0.2, 1.2),
            ItemParameters.partialCredit(0.9, 0.3, 0.8));
    Path responses = simulate("poly.csv", truth, 3000, 0, 1, 7);
    Path calibration = dir.resolve("calibration");

    int exit =
        run(
            "calibrate",
            "--responses",
            responses.toString(),
            "--model",
            "gpcm",
            "--out",
            calibration.toString());

    assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
    List<Map<String, String>> items = readCsv(calibration.resolve("items.csv"));
    assertThat(items).hasSize(5);
    assertThat(items.get(0).get("model")).isEqualTo("gpcm");
    assertThat(items.get(0).get("max_score")).isEqualTo("2");
    assertThat(items.get(3).get("thresholds").split("\\|")).hasSize(3);
    assertThat(items.get(3).get("threshold_ses").split("\\|")).hasSize(3);
    assertThat(Double.parseDouble(items.get(0).get("discrimination"))).isCloseTo(1.2, within(0.25));

    Path abilities = dir.resolve("abilities");
    exit =
        run(
            "abilities",
            "--responses",
            responses.toString(),
            "--items",
            calibration.resolve("items.csv").toString(),
            "--out",
            abilities.toString());

    assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
    List<Map<String, String>> rows = readCsv(abilities.resolve("abilities.csv"));
    assertThat(rows).hasSize(3000);
    List<String> responseLines = Files.readAllLines(responses);
    String[] first = responseLines.get(1).split(",");
    int raw = 0;
    for (int k = 1; k < first.length; k++) {
      raw += Integer.parseInt(first[k]);
    }
    assertThat(rows.get(0).get("raw_score")).isEqualTo(String.valueOf(raw));
    assertThat(rows.get(0).get("theta")).isNotEmpty();
  }

  @Test
  void shouldReproduceTheCommittedPartialCreditExample() throws IOException {
    Path examples = Path.of("examples");
    Path calibration = dir.resolve("calibration");

    int exit =
        run(
            "calibrate",
            "--responses",
            examples.resolve("irt-responses-partial-credit.csv").toString(),
            "--model",
            "pcm",
            "--out",
            calibration.toString());

    assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
    assertThat(Files.readAllLines(calibration.resolve("items.csv")))
        .isEqualTo(Files.readAllLines(examples.resolve("irt-items-partial-credit.csv")));
  }

  @Test
  void shouldCalibrateThreeParameterItemsWithTheirGuessingParameters() throws IOException {
    List<ItemParameters> truth = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      truth.add(ItemParameters.threePl(1.0 + 0.1 * (i % 4), -1.5 + 0.3 * i, 0.2));
    }
    Path responses = simulate("3pl.csv", truth, 4000, 0, 1, 11);
    Path calibration = dir.resolve("calibration");

    int exit =
        run(
            "calibrate",
            "--responses",
            responses.toString(),
            "--model",
            "3pl",
            "--guessing-prior",
            "5,17",
            "--out",
            calibration.toString());

    assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
    for (Map<String, String> item : readCsv(calibration.resolve("items.csv"))) {
      assertThat(item.get("model")).isEqualTo("3pl");
      assertThat(Double.parseDouble(item.get("guessing"))).isBetween(0.0, 0.5);
      assertThat(item.get("guessing_se")).isNotEmpty();
    }
  }

  @Test
  void shouldRefuseAPartialCreditItemWithAScoreNobodyObtained() throws IOException {
    Path responses = write("gap.csv", "candidate_id,a,b\nx,0,1\ny,2,0\nz,2,1\n");

    int exit =
        run(
            "calibrate",
            "--responses",
            responses.toString(),
            "--model",
            "pcm",
            "--out",
            dir.resolve("out").toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr())
        .startsWith(
            "IrtCli: "
                + responses
                + ":1: item 'a' cannot be calibrated: no candidate scored 1 (of 0..2)")
        .hasLineCount(1);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldKeepAnchorItemsFixedAndPutTheOthersOnTheirScale() throws IOException {
    List<ItemParameters> truth = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      truth.add(ItemParameters.of(1, -2 + 0.45 * i));
    }
    Path responses = simulate("anchored.csv", truth, 4000, 0.6, 1.0, 3);
    Path anchors =
        write(
            "anchors.csv",
            "item_id,discrimination,difficulty\n"
                + "i1,1,-2\n"
                + "i3,1,-1.1\n"
                + "i5,1,-0.2\n"
                + "i7,1,0.7\n"
                + "i9,1,1.6\n"
                + "other,1,0\n");
    Path calibration = dir.resolve("calibration");

    int exit =
        run(
            "calibrate",
            "--responses",
            responses.toString(),
            "--anchors",
            anchors.toString(),
            "--out",
            calibration.toString());

    assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
    List<Map<String, String>> items = readCsv(calibration.resolve("items.csv"));
    assertThat(items.get(0).get("anchor")).isEqualTo("true");
    assertThat(items.get(0).get("difficulty")).isEqualTo("-2");
    assertThat(items.get(1).get("anchor")).isEqualTo("false");
    // free item i2 (true b = -1.55) comes out on the anchors' scale, not centred at the sample
    assertThat(Double.parseDouble(items.get(1).get("difficulty"))).isCloseTo(-1.55, within(0.15));
    Map<String, String> summary = statistics(calibration.resolve("calibration.csv"));
    assertThat(Double.parseDouble(summary.get("latent_mean"))).isCloseTo(0.6, within(0.1));
  }

  @Test
  void shouldLinkANewFormToTheReferenceScaleThroughCommonItems() throws IOException {
    double slope = 1.25;
    double intercept = 0.4;
    StringBuilder reference = new StringBuilder("item_id,discrimination,difficulty,thresholds\n");
    StringBuilder newForm = new StringBuilder("item_id,discrimination,difficulty,thresholds\n");
    double[][] items = {{1.1, -1.2}, {0.8, -0.3}, {1.4, 0.5}, {0.9, 1.3}, {1.2, 0.1}};
    for (int i = 0; i < items.length; i++) {
      double a = items[i][0];
      double b = items[i][1];
      reference.append("c").append(i).append(',').append(a).append(',').append(b).append(",\n");
      // the same item on the new form's scale: θ_new = (θ_ref - B) / A
      newForm
          .append("c")
          .append(i)
          .append(',')
          .append(a * slope)
          .append(',')
          .append((b - intercept) / slope)
          .append(",\n");
    }
    newForm
        .append("p1,1.0,0,")
        .append((-1 - intercept) / slope)
        .append('|')
        .append((1 - intercept) / slope)
        .append('\n');
    newForm.append("n1,1.0,").append((0.75 - intercept) / slope).append(",\n");
    Path newItems = write("new.csv", newForm.toString());
    Path referenceItems = write("reference.csv", reference.toString());

    for (String method : List.of("stocking-lord", "mean-sigma")) {
      Path linked = dir.resolve("linked-" + method);
      int exit =
          run(
              "link",
              "--items",
              newItems.toString(),
              "--reference",
              referenceItems.toString(),
              "--linking-method",
              method,
              "--out",
              linked.toString());

      assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
      Map<String, String> linking = statistics(linked.resolve("linking.csv"));
      assertThat(Double.parseDouble(linking.get("slope"))).isCloseTo(slope, within(1e-5));
      assertThat(Double.parseDouble(linking.get("intercept"))).isCloseTo(intercept, within(1e-5));
      assertThat(linking.get("common_items")).isEqualTo("5");
      List<Map<String, String>> rows = readCsv(linked.resolve("items.csv"));
      Map<String, String> n1 = rows.get(6);
      assertThat(n1.get("item_id")).isEqualTo("n1");
      assertThat(n1.get("common")).isEqualTo("false");
      assertThat(Double.parseDouble(n1.get("difficulty"))).isCloseTo(0.75, within(1e-5));
      Map<String, String> p1 = rows.get(5);
      String[] thresholds = p1.get("thresholds").split("\\|");
      assertThat(Double.parseDouble(thresholds[0])).isCloseTo(-1, within(1e-5));
      assertThat(Double.parseDouble(thresholds[1])).isCloseTo(1, within(1e-5));
    }
  }

  @Test
  void shouldRefuseLinkingWithFewerThanTwoCommonItems() throws IOException {
    Path newItems = write("new.csv", "item_id,discrimination,difficulty\na,1,0\nb,1,1\n");
    Path referenceItems = write("ref.csv", "item_id,discrimination,difficulty\na,1,0\nz,1,1\n");

    int exit =
        run(
            "link",
            "--items",
            newItems.toString(),
            "--reference",
            referenceItems.toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr())
        .startsWith("IrtCli: " + newItems + ":1: linking needs at least 2 items also in")
        .hasLineCount(1);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldReportScaledScoresFromAConversionTableWithGrades() throws IOException {
    Path items =
        write(
            "items.csv",
            "item_id,discrimination,difficulty\nm1,1,-1\nm2,1,-0.5\nm3,1,0\nm4,1,0.5\nm5,1,1\n");
    Path responses =
        write(
            "responses.csv",
            "candidate_id,m1,m2,m3,m4,m5\na,0,0,0,0,0\nb,1,0,0,0,0\nc,1,1,0,0,0\n"
                + "d,1,1,1,0,0\ne,1,1,1,1,0\nf,1,1,1,1,1\n");
    Path table = write("table.csv", "theta,scaled\n-3,40\n-1,80\n0,100\n1,125\n3,160\n");
    Path outDir = dir.resolve("out");

    int exit =
        run(
            "abilities",
            "--responses",
            responses.toString(),
            "--items",
            items.toString(),
            "--scale-table",
            table.toString(),
            "--pass-mark",
            "110",
            "--grades",
            "0:2,90:3,110:4,130:5",
            "--out",
            outDir.toString());

    assertThat(exit).as(stderr()).isEqualTo(IrtCli.EXIT_OK);
    TableReportingScale scale =
        new TableReportingScale(
            new double[] {-3, -1, 0, 1, 3}, new double[] {40, 80, 100, 125, 160}, 1, 110);
    GradeBoundaries grades = GradeBoundaries.parse("0:2,90:3,110:4,130:5");
    List<Map<String, String>> rows = readCsv(outDir.resolve("abilities.csv"));
    assertThat(rows).hasSize(6);
    for (Map<String, String> row : rows) {
      double theta = Double.parseDouble(row.get("theta"));
      double scaled = Double.parseDouble(row.get("scaled"));
      assertThat(scaled).isEqualTo(scale.scaled(theta));
      assertThat(row.get("passed")).isEqualTo(String.valueOf(scaled >= 110));
      assertThat(row.get("grade")).isEqualTo(grades.grade(scaled).orElseThrow());
    }
    assertThat(rows.get(0).get("grade")).isEqualTo("2");
    assertThat(rows.get(5).get("grade")).isEqualTo("5");
  }

  @Test
  void shouldRefuseAConversionTableWhoseThetasDoNotIncreaseNamingTheLine() throws IOException {
    Path items = write("items.csv", "item_id,discrimination,difficulty\nm1,1,0\n");
    Path responses = write("responses.csv", "candidate_id,m1\na,1\n");
    Path table = write("table.csv", "theta,scaled\n-1,80\n1,120\n0.5,130\n");

    int exit =
        run(
            "abilities",
            "--responses",
            responses.toString(),
            "--items",
            items.toString(),
            "--scale-table",
            table.toString(),
            "--out",
            dir.resolve("out").toString());

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr())
        .startsWith("IrtCli: " + table + ":4: theta 0.5 must be above the previous row's")
        .hasLineCount(1);
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldRefuseAConversionTableTogetherWithALinearScale() {
    int exit =
        run(
            "abilities",
            "--responses",
            "r.csv",
            "--items",
            "i.csv",
            "--scale-table",
            "t.csv",
            "--scale-slope",
            "20",
            "--out",
            "out");

    assertThat(exit).isEqualTo(IrtCli.EXIT_BAD_INPUT);
    assertThat(stderr()).startsWith("IrtCli: --scale-table replaces the linear scale");
  }
}
