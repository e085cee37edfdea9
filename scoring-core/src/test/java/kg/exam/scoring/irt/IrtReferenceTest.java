package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MLE, WLE and EAP against reference values computed in R from the model definitions (symbolic
 * derivatives, {@code uniroot}, {@code integrate}) for Rasch, 2PL, 3PL, partial credit and
 * generalized partial credit items; produced once by {@code irt-reference.R} under {@code
 * src/test/resources/irt/}, R is not needed here. The estimator runs with its defaults (61 EAP
 * nodes on ±6 prior SD, R integrates over ±10 SD); the largest difference measured was 4.1e-7, in
 * any of θ and SE, so the test asks for 1e-6, well beyond the 3 decimals asked for.
 */
class IrtReferenceTest {

  private static List<String[]> csv(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                IrtReferenceTest.class.getResourceAsStream("/irt/" + name),
                StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static Map<String, List<ItemParameters>> items() throws IOException {
    Map<String, List<ItemParameters>> sets = new LinkedHashMap<>();
    for (String[] row : csv("irt-reference-items.csv")) {
      double a = Double.parseDouble(row[2]);
      ItemParameters item =
          row[5].isEmpty()
              ? ItemParameters.threePl(a, Double.parseDouble(row[3]), Double.parseDouble(row[4]))
              : ItemParameters.partialCredit(
                  a, Arrays.stream(row[5].split(" ")).mapToDouble(Double::parseDouble).toArray());
      sets.computeIfAbsent(row[0], set -> new ArrayList<>()).add(item);
    }
    return sets;
  }

  private static double value(String text) {
    return switch (text) {
      case "NA" -> Double.NaN;
      case "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  @Test
  void shouldMatchReferenceAbilitiesOfEveryModel() throws IOException {
    Map<String, List<ItemParameters>> sets = items();
    List<String[]> rows = csv("irt-reference-abilities.csv");
    for (String[] row : rows) {
      List<ItemParameters> items = sets.get(row[0]);
      AbilityEstimator estimator =
          new AbilityEstimator(items, Double.parseDouble(row[1]), Double.parseDouble(row[2]), 61);
      String[] cells = row[3].split(" ");
      byte[] pattern = new byte[cells.length];
      for (int i = 0; i < cells.length; i++) {
        pattern[i] = cells[i].equals(".") ? Responses.NOT_PRESENTED : Byte.parseByte(cells[i]);
      }
      AbilityMethod[] methods = {AbilityMethod.MLE, AbilityMethod.WLE, AbilityMethod.EAP};
      for (int m = 0; m < methods.length; m++) {
        double[] estimate = estimator.estimate(methods[m], pattern);
        double theta = value(row[4 + 2 * m]);
        double se = value(row[5 + 2 * m]);
        String what = row[0] + " " + methods[m] + " of " + row[3];
        if (Double.isInfinite(theta)) {
          assertThat(estimate[0]).as(what).isEqualTo(theta);
          assertThat(estimate[1]).as(what).isNaN();
          continue;
        }
        assertThat(estimate[0]).as(what).isCloseTo(theta, within(1e-6));
        assertThat(estimate[1]).as(what + " SE").isCloseTo(se, within(1e-6));
      }
    }
    assertThat(rows).hasSize(36);
  }
}
