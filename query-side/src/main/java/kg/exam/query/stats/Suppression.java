package kg.exam.query.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.UnaryOperator;

/** The small-cell rule's second half, shared by every dashboard that publishes sibling cells. */
public final class Suppression {
  private Suppression() {}

  /**
   * Complementary suppression: sibling cells (the areas of a parent, the groups of an area) add up
   * to a total that is published (the parent's row, the area's row one level up), so a single
   * suppressed cell among them could be recovered by subtracting the others from it. When exactly
   * one cell with scored sittings is suppressed, the smallest other such cell is suppressed with
   * it.
   */
  public static <R> List<R> complement(
      List<R> rows, Predicate<R> suppressed, ToIntFunction<R> scored, UnaryOperator<R> suppress) {
    long alone = rows.stream().filter(r -> scored.applyAsInt(r) > 0 && suppressed.test(r)).count();
    if (alone != 1) {
      return rows;
    }
    int smallest = -1;
    for (int i = 0; i < rows.size(); i++) {
      R r = rows.get(i);
      if (scored.applyAsInt(r) > 0
          && !suppressed.test(r)
          && (smallest < 0 || scored.applyAsInt(r) < scored.applyAsInt(rows.get(smallest)))) {
        smallest = i;
      }
    }
    if (smallest < 0) {
      return rows;
    }
    List<R> out = new ArrayList<>(rows);
    out.set(smallest, suppress.apply(rows.get(smallest)));
    return out;
  }
}
