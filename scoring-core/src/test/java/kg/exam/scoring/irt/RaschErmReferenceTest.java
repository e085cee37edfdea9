package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Checks against R's eRm 1.0.2 (conditional ML) on the data set and outputs committed under {@code
 * src/test/resources/irt/}, produced once by {@code erm-rasch.R} in that directory; R is not needed
 * here.
 */
class RaschErmReferenceTest {

  private static List<String[]> csv(String name) throws IOException {
    InputStream in = RaschErmReferenceTest.class.getResourceAsStream("/irt/" + name);
    if (name.endsWith(".gz")) {
      in = new GZIPInputStream(in);
    }
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static Responses simulatedData() throws IOException {
    List<String[]> rows = csv("rasch-10000x25.csv.gz");
    int items = rows.get(0).length - 1;
    byte[] cells = new byte[rows.size() * items];
    for (int c = 0; c < rows.size(); c++) {
      for (int i = 0; i < items; i++) {
        String cell = rows.get(c)[i + 1];
        cells[c * items + i] = cell.isEmpty() ? Responses.NOT_PRESENTED : Byte.parseByte(cell);
      }
    }
    return Responses.wrap(cells, rows.size(), items);
  }

  @Test
  void shouldMatchErmDifficultiesWithinTwoHundredthsOfALogitAfterCentring() throws IOException {
    Responses responses = simulatedData();
    List<String[]> erm = csv("erm-items.csv");

    Calibration calibration =
        MarginalCalibrator.calibrate(responses, IrtModel.RASCH, CalibrationSettings.defaults());

    assertThat(responses.candidateCount()).isEqualTo(10_000);
    assertThat(calibration.converged()).isTrue();
    double mean =
        calibration.items().stream()
            .mapToDouble(ItemParameters::difficulty)
            .average()
            .orElseThrow();
    double largestDifference = 0;
    for (int i = 0; i < erm.size(); i++) {
      ItemParameters item = calibration.items().get(i);
      double reference = Double.parseDouble(erm.get(i)[1]);
      double referenceSe = Double.parseDouble(erm.get(i)[2]);
      largestDifference =
          Math.max(largestDifference, Math.abs(item.difficulty() - mean - reference));
      assertThat(item.difficulty() - mean)
          .as("centred difficulty of %s", erm.get(i)[0])
          .isCloseTo(reference, within(0.02));
      assertThat(item.difficultySe())
          .as("SE of %s", erm.get(i)[0])
          .isCloseTo(referenceSe, within(0.1 * referenceSe));
    }
    assertThat(largestDifference).isLessThan(0.02);
  }

  @Test
  void shouldMatchErmPersonParametersWithMleForTheSameDifficulties() throws IOException {
    List<ItemParameters> items = new ArrayList<>();
    for (String[] row : csv("erm-items-complete.csv")) {
      items.add(ItemParameters.of(1, Double.parseDouble(row[1])));
    }
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(items);
    for (String[] row : csv("erm-persons.csv")) {
      int rawScore = Integer.parseInt(row[0]);
      byte[] pattern = new byte[items.size()];
      for (int i = 0; i < rawScore; i++) {
        pattern[i] = 1;
      }

      double[] estimate = estimator.estimate(AbilityMethod.MLE, pattern);

      assertThat(estimate[0])
          .as("theta for raw score %d", rawScore)
          .isCloseTo(Double.parseDouble(row[1]), within(1e-3));
      assertThat(estimate[1])
          .as("SE for raw score %d", rawScore)
          .isCloseTo(Double.parseDouble(row[2]), within(1e-3));
    }
  }
}
