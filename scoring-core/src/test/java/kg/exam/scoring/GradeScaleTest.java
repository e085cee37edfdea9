package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradeScaleTest {

  @ParameterizedTest(name = "{0} % -> {1}")
  @CsvSource({"0, 2", "49.99, 2", "50, 3", "69.9, 3", "70, 4", "84.99, 4", "85, 5", "100, 5"})
  void shouldMapPercentToKyrgyzFivePointGrade(double percent, int grade) {
    assertThat(GradeScale.kyrgyzFivePoint().gradeFor(percent)).isEqualTo(grade);
  }

  @Test
  void shouldRefuseScaleNotStartingAtZero() {
    assertThatThrownBy(() -> new GradeScale(List.of(new GradeBoundary(10, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("boundaries[0].minPercent=10.0 must be 0");
  }

  @Test
  void shouldRefuseBoundariesOutOfOrder() {
    assertThatThrownBy(
            () ->
                new GradeScale(
                    List.of(
                        new GradeBoundary(0, 2),
                        new GradeBoundary(70, 4),
                        new GradeBoundary(50, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("boundaries[2].minPercent=50.0 must be > boundaries[1].minPercent=70.0");
  }

  @Test
  void shouldDefaultToPassFromFiftyPercentWithoutWithholding() {
    ScoringPolicy policy = ScoringPolicy.defaults();

    assertThat(policy.passPercent()).isEqualTo(50.0);
    assertThat(policy.withholdGradesBelow()).isNull();
  }
}
