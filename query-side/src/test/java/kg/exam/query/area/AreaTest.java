package kg.exam.query.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import org.junit.jupiter.api.Test;

class AreaTest {
  @Test
  void shouldReadLevelAndCode() {
    Area area = Area.parse("district:chuy-alamudun");

    assertThat(area.level()).isEqualTo(Area.Level.DISTRICT);
    assertThat(area.code()).isEqualTo("chuy-alamudun");
    assertThat(area.sql("s")).isEqualTo("s.district = ?");
  }

  @Test
  void shouldTakeNothingAsTheWholeCountry() {
    assertThat(Area.parse(null)).isEqualTo(Area.NATIONAL);
    assertThat(Area.parse("national")).isEqualTo(Area.NATIONAL);
    assertThat(Area.NATIONAL.sql("s")).isEqualTo("TRUE");
  }

  @Test
  void shouldRefuseAnUnknownLevelAsAnInvalidRequest() {
    assertThatThrownBy(() -> Area.parse("planet:earth"))
        .isInstanceOf(QueryRefused.class)
        .extracting(e -> ((QueryRefused) e).type())
        .isEqualTo(ProblemType.INVALID_REQUEST);
  }

  @Test
  void shouldNameTheParentLevel() {
    assertThat(Area.Level.SCHOOL.parent()).isEqualTo(Area.Level.DISTRICT);
    assertThat(Area.Level.REGION.parent()).isEqualTo(Area.Level.NATIONAL);
  }
}
