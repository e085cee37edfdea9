package kg.exam.scoring.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kg.exam.scoring.irt.Responses;
import org.junit.jupiter.api.Test;

/**
 * DIF checked against base R 4.2 ({@code mantelhaen.test} with continuity correction, {@code glm}
 * binomial) on the simulated data committed under {@code src/test/resources/dif/}, produced once by
 * {@code dif-reference.R} there: 3,000 candidates, 20 items, uniform DIF planted in i05 and
 * non-uniform DIF in i12. R is not needed here.
 */
class DifReferenceTest {

  private static List<String[]> csv(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                DifReferenceTest.class.getResourceAsStream("/dif/" + name),
                StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static List<Dif.Result> analysed() throws IOException {
    List<String[]> rows = csv("responses.csv");
    int items = rows.getFirst().length - 1;
    byte[] cells = new byte[rows.size() * items];
    int[] group = new int[rows.size()];
    for (int c = 0; c < rows.size(); c++) {
      group[c] = Integer.parseInt(rows.get(c)[0]);
      for (int j = 0; j < items; j++) {
        String cell = rows.get(c)[j + 1];
        cells[c * items + j] = cell.isEmpty() ? Responses.NOT_PRESENTED : Byte.parseByte(cell);
      }
    }
    return Dif.analyse(Responses.wrap(cells, rows.size(), items), group);
  }

  @Test
  void shouldMatchRsMantelHaenszelTestAndGlmDeviancesOnEveryItem() throws IOException {
    List<Dif.Result> results = analysed();
    List<String[]> expected = csv("dif.csv");

    assertThat(results).hasSize(expected.size());
    for (int j = 0; j < expected.size(); j++) {
      String[] r = expected.get(j);
      Dif.MantelHaenszel mh = results.get(j).mantelHaenszel();
      Dif.Logistic lr = results.get(j).logistic();
      assertThat(mh.statistic()).as(r[0]).isCloseTo(Double.parseDouble(r[1]), within(1e-8));
      assertThat(mh.p()).as(r[0] + " p").isCloseTo(Double.parseDouble(r[2]), within(1e-9));
      assertThat(mh.p() / Double.parseDouble(r[2]))
          .as(r[0] + " p, relative")
          .isCloseTo(1, within(1e-6));
      assertThat(mh.oddsRatio()).as(r[0] + " α").isCloseTo(Double.parseDouble(r[3]), within(1e-8));
      assertThat(mh.logOddsRatioSe())
          .as(r[0] + " SE ln α")
          .isCloseTo(Double.parseDouble(r[4]), within(1e-8));
      // R's glm stops at a relative change of the deviance below 1e-8; we go on to the optimum
      assertThat(lr.deviance0()).as(r[0] + " D0").isCloseTo(Double.parseDouble(r[5]), within(1e-5));
      assertThat(lr.deviance1()).as(r[0] + " D1").isCloseTo(Double.parseDouble(r[6]), within(1e-5));
      assertThat(lr.deviance2()).as(r[0] + " D2").isCloseTo(Double.parseDouble(r[7]), within(1e-5));
    }
  }

  @Test
  void shouldFlagThePlantedItemsAndNoOther() throws IOException {
    List<Dif.Result> results = analysed();

    Dif.Result uniform = results.get(4);
    assertThat(uniform.mantelHaenszel().delta()).as("i05 harder for the focal group").isNegative();
    assertThat(uniform.mantelHaenszel().ets()).isIn("B", "C");
    assertThat(uniform.logistic().uniformP()).isLessThan(1e-6);
    Dif.Result nonUniform = results.get(11);
    assertThat(nonUniform.logistic().nonUniformP()).isLessThan(1e-3);
    for (int j = 0; j < results.size(); j++) {
      if (j != 4 && j != 11) {
        assertThat(results.get(j).mantelHaenszel().ets()).as("item %d", j + 1).isEqualTo("A");
      }
    }
  }

  @Test
  void shouldClassAnItemNoFocalCandidateSolvedAsCAndAConstantItemAsNotComputable() {
    int n = 400;
    int items = 4;
    byte[] cells = new byte[n * items];
    int[] group = new int[n];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int c = 0; c < n; c++) {
      group[c] = c % 2;
      for (int j = 0; j < items; j++) {
        cells[c * items + j] = (byte) (random.nextDouble() < 0.6 ? 1 : 0);
      }
      cells[c * items] = (byte) (group[c] == 1 ? 0 : random.nextDouble() < 0.7 ? 1 : 0);
      cells[c * items + 3] = 1; // everyone right
    }

    List<Dif.Result> results = Dif.analyse(Responses.wrap(cells, n, items), group);

    assertThat(results.get(0).mantelHaenszel().delta()).isInfinite().isNegative();
    assertThat(results.get(0).mantelHaenszel().ets()).isEqualTo("C");
    assertThat(results.get(3).mantelHaenszel().ets()).isNull();
  }
}
