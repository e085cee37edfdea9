package kg.exam.scoring.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks the weights and every estimate against R's {@code survey} 4.1 ({@code svrepdesign} with
 * {@code mse = TRUE}, {@code svymean}, {@code svyquantile} rule "math") on the sample committed
 * under {@code src/test/resources/survey/}, produced once by {@code survey-reference.R} there; R is
 * not needed here. The tolerance is 1e-6.
 */
class SurveyReferenceTest {
  private static final double TOLERANCE = 1e-6;

  private static List<String[]> csv(String name) throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                SurveyReferenceTest.class.getResourceAsStream("/survey/" + name),
                StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static SampleDesign design(Replication replication) throws IOException {
    List<SampledSchool> schools = new ArrayList<>();
    for (String[] r : csv("design.csv")) {
      schools.add(
          new SampledSchool(
              r[0],
              r[1],
              Double.parseDouble(r[2]),
              Integer.parseInt(r[3]),
              Integer.parseInt(r[4]),
              Integer.parseInt(r[5])));
    }
    return new SampleDesign(replication, SampleDesign.PISA_FAY_FACTOR, schools);
  }

  /** The respondents as the estimator takes them, with their gender and region. */
  private record Pupils(
      int[] school,
      double[] score,
      int[] grade,
      String[] gender,
      String[] region,
      double[][] plausible) {}

  private static Pupils pupils(SampleDesign design) throws IOException {
    Map<String, Integer> index = new HashMap<>();
    for (int s = 0; s < design.schools().size(); s++) {
      index.put(design.schools().get(s).schoolId(), s);
    }
    List<String[]> rows = csv("pupils.csv");
    int n = rows.size();
    Pupils p =
        new Pupils(
            new int[n], new double[n], new int[n], new String[n], new String[n], new double[5][n]);
    for (int i = 0; i < n; i++) {
      String[] r = rows.get(i);
      p.school[i] = index.get(r[0]);
      p.gender[i] = r[1];
      p.score[i] = Double.parseDouble(r[2]);
      p.grade[i] = Integer.parseInt(r[3]);
      p.region[i] = design.schools().get(p.school[i]).stratum().split("\\|")[0];
      for (int k = 0; k < 5; k++) {
        p.plausible[k][i] = Double.parseDouble(r[4 + k]);
      }
    }
    return p;
  }

  private static SurveyWeights weights(SampleDesign design, Pupils pupils) {
    int[] respondents = new int[design.schools().size()];
    for (int s : pupils.school()) {
      respondents[s]++;
    }
    return SurveyWeights.compute(design, respondents);
  }

  @Test
  void shouldWeighEverySchoolAsRDoes() throws IOException {
    SampleDesign design = design(Replication.JK2);
    SurveyWeights weights = weights(design, pupils(design));

    List<String[]> expected = csv("weights.csv");
    assertThat(expected).hasSize(design.schools().size());
    for (int s = 0; s < expected.size(); s++) {
      assertThat(design.schools().get(s).schoolId()).isEqualTo(expected.get(s)[0]);
      assertThat(weights.schoolWeight()[s])
          .as(expected.get(s)[0])
          .isCloseTo(Double.parseDouble(expected.get(s)[1]), within(TOLERANCE));
    }
    assertThat(weights.participating()).isEqualTo(design.schools().size() - 2);
    assertThat(weights.unrepresentedStrata()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Replication.class)
  void shouldMatchRsEstimatesAndReplicateStandardErrors(Replication replication)
      throws IOException {
    SampleDesign design = design(replication);
    Pupils pupils = pupils(design);
    SurveyEstimator estimator = new SurveyEstimator(design, weights(design, pupils));
    double[] atOrAbove4 = new double[pupils.grade().length];
    for (int i = 0; i < atOrAbove4.length; i++) {
      atOrAbove4[i] = pupils.grade()[i] >= 4 ? 100 : 0;
    }

    int checked = 0;
    for (String[] row : csv("estimates.csv")) {
      if (!row[0].equals(replication.name()) || row[1].startsWith("pv_")) {
        continue;
      }
      String statistic = row[1];
      String[] attribute =
          switch (row[2]) {
            case "gender" -> pupils.gender();
            case "region" -> pupils.region();
            default -> null;
          };
      List<String> levels =
          attribute == null ? List.of("all") : new ArrayList<>(new TreeSet<>(List.of(attribute)));
      int[] domain = new int[pupils.school().length];
      for (int i = 0; i < domain.length; i++) {
        domain[i] = attribute == null ? 0 : levels.indexOf(attribute[i]);
      }
      Estimate[] estimates =
          switch (statistic) {
            case "mean" -> estimator.means(pupils.school(), pupils.score(), domain, levels.size());
            case "percent_grade4" ->
                estimator.means(pupils.school(), atOrAbove4, domain, levels.size());
            default ->
                estimator.quantiles(
                    pupils.school(),
                    pupils.score(),
                    domain,
                    levels.size(),
                    Integer.parseInt(statistic.substring(1)) / 100.0);
          };
      Estimate e = estimates[levels.indexOf(row[3])];
      String what = String.join(" ", row[0], statistic, row[2], row[3]);
      assertThat(e.value()).as(what).isCloseTo(Double.parseDouble(row[4]), within(TOLERANCE));
      assertThat(e.standardError())
          .as(what + " SE")
          .isCloseTo(Double.parseDouble(row[5]), within(TOLERANCE));
      checked++;
    }
    assertThat(checked).isEqualTo(35);
    assertThat(estimator.replicates()).isEqualTo(replication == Replication.JK2 ? 33 : 40);
  }

  @ParameterizedTest
  @EnumSource(Replication.class)
  void shouldCombineFivePlausibleValuesByRubinsRulesAsMitoolsDoes(Replication replication)
      throws IOException {
    SampleDesign design = design(replication);
    Pupils pupils = pupils(design);
    SurveyEstimator estimator = new SurveyEstimator(design, weights(design, pupils));
    List<String> genders = List.of("F", "M");
    int[] byGender = new int[pupils.school().length];
    for (int i = 0; i < byGender.length; i++) {
      byGender[i] = genders.indexOf(pupils.gender()[i]);
    }
    int[] national = new int[byGender.length];

    int checked = 0;
    for (String[] row : csv("estimates.csv")) {
      if (!row[0].equals(replication.name()) || !row[1].startsWith("pv_")) {
        continue;
      }
      boolean all = row[2].equals("all");
      int level = all ? 0 : genders.indexOf(row[3]);
      Estimate[] perValue = new Estimate[5];
      for (int k = 0; k < 5; k++) {
        int[] domain = all ? national : byGender;
        int levels = all ? 1 : 2;
        perValue[k] =
            row[1].equals("pv_mean")
                ? estimator.means(pupils.school(), pupils.plausible()[k], domain, levels)[level]
                : estimator
                    .quantiles(pupils.school(), pupils.plausible()[k], domain, levels, 0.5)[level];
      }
      Estimate combined = RubinsRules.combine(perValue);
      String what = String.join(" ", row[0], row[1], row[2], row[3]);
      assertThat(combined.value())
          .as(what)
          .isCloseTo(Double.parseDouble(row[4]), within(TOLERANCE));
      assertThat(combined.standardError())
          .as(what + " SE")
          .isCloseTo(Double.parseDouble(row[5]), within(TOLERANCE));
      checked++;
    }
    assertThat(checked).isEqualTo(6);
  }
}
