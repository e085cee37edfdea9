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
 * Checks {@link GeneralCalibrator}'s partial credit thresholds against R's eRm (conditional ML) on
 * the data set and outputs committed under {@code src/test/resources/irt/}, produced once by {@code
 * erm-pcm.R} in that directory; R is not needed here.
 */
class PartialCreditErmReferenceTest {

  private static List<String[]> csv(String name) throws IOException {
    InputStream in = PartialCreditErmReferenceTest.class.getResourceAsStream("/irt/" + name);
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
    List<String[]> rows = csv("pcm-10000x12.csv.gz");
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

  /** Our thresholds in the order of the eRm file (item, step). */
  private static double[] thresholds(Calibration calibration, List<String[]> rows) {
    double[] values = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      int item = Integer.parseInt(rows.get(r)[0].substring(1)) - 1;
      values[r] = calibration.items().get(item).threshold(Integer.parseInt(rows.get(r)[1]));
    }
    return values;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  @Test
  void shouldMatchErmThresholdsWithinTwoHundredthsOfALogitAfterCentring() throws IOException {
    Responses responses = simulatedData();
    List<String[]> erm = csv("erm-pcm-thresholds.csv");

    Calibration calibration =
        GeneralCalibrator.calibrate(
            responses, IrtModel.PARTIAL_CREDIT, CalibrationSettings.defaults());

    assertThat(responses.candidateCount()).isEqualTo(10_000);
    assertThat(calibration.converged()).isTrue();
    double[] ours = thresholds(calibration, erm);
    double[] reference = new double[erm.size()];
    for (int r = 0; r < erm.size(); r++) {
      reference[r] = Double.parseDouble(erm.get(r)[2]);
    }
    double ourMean = mean(ours);
    double referenceMean = mean(reference);
    double largestDifference = 0;
    for (int r = 0; r < erm.size(); r++) {
      double difference = Math.abs(ours[r] - ourMean - (reference[r] - referenceMean));
      largestDifference = Math.max(largestDifference, difference);
    }
    assertThat(largestDifference).isLessThan(0.02);
  }

  @Test
  void shouldGiveThresholdStandardErrorsCloseToErms() throws IOException {
    Responses responses = simulatedData();
    List<String[]> erm = csv("erm-pcm-thresholds.csv");

    Calibration calibration =
        GeneralCalibrator.calibrate(
            responses, IrtModel.PARTIAL_CREDIT, CalibrationSettings.defaults());

    for (String[] row : erm) {
      ItemParameters item = calibration.items().get(Integer.parseInt(row[0].substring(1)) - 1);
      int step = Integer.parseInt(row[1]);
      double referenceSe = Double.parseDouble(row[3]);
      assertThat(item.thresholdSes()[step - 1])
          .as("SE of %s threshold %d", row[0], step)
          .isCloseTo(referenceSe, within(0.1 * referenceSe));
    }
  }
}
