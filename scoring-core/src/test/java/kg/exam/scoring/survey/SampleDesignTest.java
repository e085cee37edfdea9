package kg.exam.scoring.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleDesignTest {
  private static SampledSchool school(String id, String stratum, int zone, int half) {
    return new SampledSchool(id, stratum, 0.25, 40, zone, half);
  }

  private static final List<SampledSchool> FOUR =
      List.of(
          school("a", "h1", 1, 1),
          school("b", "h1", 1, 2),
          school("c", "h2", 2, 1),
          school("d", "h2", 2, 2));

  @Test
  void shouldDoubleHalfOneAndDropHalfTwoOfOneZonePerJk2Replicate() {
    SampleDesign design = new SampleDesign(Replication.JK2, 0, FOUR);

    assertThat(design.replicateFactors())
        .isDeepEqualTo(new double[][] {{2, 0, 1, 1}, {1, 1, 2, 0}});
    assertThat(design.varianceScale()).isEqualTo(1);
  }

  @Test
  void shouldGiveEachZoneBalancedFayFactorsUnderBrr() {
    SampleDesign design = new SampleDesign(Replication.BRR_FAY, 0.5, FOUR);
    double[][] f = design.replicateFactors();

    assertThat(f).hasNumberOfRows(4);
    for (double[] replicate : f) {
      assertThat(replicate[0] + replicate[1]).isEqualTo(2);
      assertThat(replicate[0]).isIn(0.5, 1.5);
    }
    double up = 0;
    for (double[] replicate : f) {
      up += replicate[0] == 1.5 ? 1 : 0;
    }
    assertThat(up).as("half 1 of zone 1 raised in half the replicates").isEqualTo(2);
    assertThat(design.varianceScale()).isEqualTo(1 / (4 * 0.25));
  }

  @Test
  void shouldNameTheSchoolAndTheFaultOfABadDesign() {
    assertThat(
            SampleDesign.problems(
                Replication.JK2,
                List.of(
                    school("a", "h1", 1, 1),
                    new SampledSchool("a", "h1", 0, 0, 1, 3),
                    school("c", "", 2, 1))))
        .containsExactly(
            "school 2: school a is listed twice",
            "school 2: selectionProbability must be above 0 and at most 1",
            "school 2: enrolled must be at least 1",
            "school 2: half must be 1 or 2",
            "school 3: stratum is required",
            "zone 1 needs a school in each half (1 and 2)",
            "zone 2 needs a school in each half (1 and 2)");
    assertThatThrownBy(() -> new SampleDesign(Replication.BRR_FAY, 1, FOUR))
        .hasMessageContaining("fayFactor");
  }

  @Test
  void shouldAdjustForANonParticipatingSchoolWithinItsStratumOnly() {
    SampleDesign design = new SampleDesign(Replication.JK2, 0, FOUR);

    SurveyWeights w = SurveyWeights.compute(design, new int[] {20, 0, 10, 40});

    // a carries b's base weight too: 4 · (8 / 4) · 40 / 20; h2 is untouched: 4 · 40 / n
    assertThat(w.schoolWeight()).containsExactly(16, 0, 16, 4);
    assertThat(w.participating()).isEqualTo(3);
    assertThat(SurveyWeights.compute(design, new int[] {0, 0, 5, 5}).unrepresentedStrata())
        .containsExactly("h1");
  }
}
