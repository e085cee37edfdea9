package kg.exam.query.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComplementarySuppressionTest {
  private static ResultsController.AreaRow row(String area, int scored, boolean suppressed) {
    return suppressed
        ? new ResultsController.AreaRow(area, scored, scored, null, null, null, null, null, true)
        : new ResultsController.AreaRow(area, scored, scored, 50.0, 45.0, 55.0, 10.0, 0.5, false);
  }

  private static List<ResultsController.AreaRow> complement(List<ResultsController.AreaRow> rows) {
    return kg.exam.query.stats.Suppression.complement(
        rows,
        ResultsController.AreaRow::suppressed,
        ResultsController.AreaRow::scored,
        r ->
            new ResultsController.AreaRow(
                r.area(), r.candidates(), r.scored(), null, null, null, null, null, true));
  }

  @Test
  void shouldHideTheSmallestOtherCellWhenOneSmallCellAloneIsHidden() {
    List<ResultsController.AreaRow> rows =
        complement(
            List.of(
                row("a", 40, false), row("b", 3, true), row("c", 12, false), row("d", 25, false)));
    assertThat(rows)
        .extracting(ResultsController.AreaRow::area, ResultsController.AreaRow::suppressed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", false),
            org.assertj.core.groups.Tuple.tuple("b", true),
            org.assertj.core.groups.Tuple.tuple("c", true),
            org.assertj.core.groups.Tuple.tuple("d", false));
    assertThat(rows.get(2).mean()).isNull();
    assertThat(rows.get(2).passRate()).isNull();
    assertThat(rows.get(2).scored()).as("counts stay").isEqualTo(12);
    assertThat(rows.get(0).mean()).isEqualTo(50.0);
  }

  @Test
  void shouldLeaveTheCellsAsTheyAreWhenNoneOrTwoOrMoreAreHidden() {
    List<ResultsController.AreaRow> none = List.of(row("a", 40, false), row("b", 30, false));
    assertThat(complement(none)).isEqualTo(none);
    List<ResultsController.AreaRow> two =
        List.of(row("a", 40, false), row("b", 3, true), row("c", 4, true));
    assertThat(complement(two)).isEqualTo(two);
  }

  @Test
  void shouldNotCountEmptyCellsAsTheHiddenCellsPartner() {
    List<ResultsController.AreaRow> rows =
        List.of(row("a", 0, false), row("b", 3, true), row("c", 20, false));
    assertThat(complement(rows))
        .extracting(ResultsController.AreaRow::suppressed)
        .containsExactly(false, true, true);
    List<ResultsController.AreaRow> alone = List.of(row("a", 0, false), row("b", 3, true));
    assertThat(complement(alone)).isEqualTo(alone);
  }
}
