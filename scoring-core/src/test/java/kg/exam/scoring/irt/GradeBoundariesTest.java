package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradeBoundariesTest {

  private final GradeBoundaries grades = GradeBoundaries.parse("0:2,110:3,130:4,150:5");

  @Test
  void shouldGiveTheGradeOfTheHighestBoundaryReachedInclusively() {
    assertThat(grades.grade(109)).contains("2");
    assertThat(grades.grade(109.999)).contains("2");
    assertThat(grades.grade(110)).contains("3");
    assertThat(grades.grade(129.5)).contains("3");
    assertThat(grades.grade(130)).contains("4");
    assertThat(grades.grade(150)).contains("5");
    assertThat(grades.grade(160)).contains("5");
  }

  @Test
  void shouldGiveTheLowestGradeBelowTheFirstBoundary() {
    assertThat(grades.grade(-7)).contains("2");
    assertThat(grades.grade(Double.NEGATIVE_INFINITY)).contains("2");
  }

  @Test
  void shouldGiveNoGradeWithoutAScore() {
    assertThat(grades.grade(Double.NaN)).isEmpty();
    assertThat(grades.grade(ReportingScale.nationalExample(), Double.NaN)).isEmpty();
  }

  @Test
  void shouldGradeTheReportedRoundedScore() {
    ReportingScale national = ReportingScale.nationalExample(); // 20 θ + 100

    assertThat(grades.grade(national, 0.47)).contains("2"); // 109.4 → 109
    assertThat(grades.grade(national, 0.475)).contains("3"); // 109.5 → 110
  }

  @Test
  void shouldParseSpacesAndFormatCompactly() {
    GradeBoundaries parsed = GradeBoundaries.parse(" 0 : fail , 112.5: pass ,140:merit");

    assertThat(parsed.boundaries())
        .containsExactly(
            new GradeBoundaries.Boundary(0, "fail"),
            new GradeBoundaries.Boundary(112.5, "pass"),
            new GradeBoundaries.Boundary(140, "merit"));
    assertThat(parsed.format()).isEqualTo("0:fail,112.5:pass,140:merit");
    assertThat(GradeBoundaries.parse(parsed.format())).isEqualTo(parsed);
    assertThat(grades.format()).isEqualTo("0:2,110:3,130:4,150:5");
  }

  @Test
  void shouldAcceptASingleBoundary() {
    GradeBoundaries one = new GradeBoundaries(List.of(new GradeBoundaries.Boundary(50, "all")));

    assertThat(one.grade(0)).contains("all");
    assertThat(one.grade(99)).contains("all");
  }

  @Test
  void shouldRefuseBoundariesThatDoNotStrictlyIncrease() {
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,110:3,110:4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grade boundary 3 minimum=110 must be greater than the previous minimum=110");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,130:3,110:4"))
        .hasMessage("grade boundary 3 minimum=110 must be greater than the previous minimum=130");
  }

  @Test
  void shouldRefuseMalformedTextInOneLine() {
    assertThatThrownBy(() -> GradeBoundaries.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "grade boundaries are empty; expected minimum:grade,..., e.g. 0:2,110:3,130:4,150:5");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,110"))
        .hasMessage("grade boundary 2 '110' must be minimum:grade, e.g. 110:3");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,1:2:3"))
        .hasMessage("grade boundary 2 '1:2:3' must be minimum:grade, e.g. 110:3");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,abc:3"))
        .hasMessage("grade boundary 2 minimum 'abc' is not a number");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,110: "))
        .hasMessage("grade label at minimum=110 must not be blank");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,,110:3"))
        .hasMessage("grade boundary 2 '' must be minimum:grade, e.g. 110:3");
    assertThatThrownBy(() -> GradeBoundaries.parse("0:2,Infinity:3"))
        .hasMessage("grade boundary minimum=Infinity must be finite");
  }

  @Test
  void shouldRefuseNoBoundariesAndUnwritableLabels() {
    assertThatThrownBy(() -> new GradeBoundaries(List.of()))
        .hasMessage("grade boundaries need at least one boundary");
    assertThatThrownBy(() -> new GradeBoundaries.Boundary(10, "a,b"))
        .hasMessage("grade label 'a,b' must not contain ',' or ':'");
  }
}
