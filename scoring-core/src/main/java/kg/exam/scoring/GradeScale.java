package kg.exam.scoring;

import java.util.List;
import java.util.Objects;

/**
 * Maps a percentage to a grade by inclusive lower boundaries.
 *
 * <p>Boundaries are inclusive with an allowance of {@value #BOUNDARY_TOLERANCE_PERCENT} percentage
 * points, so that a weighted total that lands on a boundary up to binary rounding
 * (84.99999999999999 for 85) earns the higher grade.
 *
 * @param boundaries ascending by {@code minPercent}, strictly; the first at 0 % so every percentage
 *     has a grade
 */
public record GradeScale(List<GradeBoundary> boundaries) {

  /** Allowance, in percentage points, for binary rounding at a boundary. */
  public static final double BOUNDARY_TOLERANCE_PERCENT = 1e-9;

  /**
   * Checks and copies the boundaries; throws {@link IllegalArgumentException} naming the bad value.
   */
  public GradeScale {
    boundaries = List.copyOf(Objects.requireNonNull(boundaries, "boundaries"));
    if (boundaries.isEmpty()) {
      throw new IllegalArgumentException("boundaries=[] must hold at least one boundary");
    }
    if (boundaries.get(0).minPercent() != 0.0) {
      throw new IllegalArgumentException(
          "boundaries[0].minPercent=" + boundaries.get(0).minPercent() + " must be 0");
    }
    for (int i = 1; i < boundaries.size(); i++) {
      if (!(boundaries.get(i).minPercent() > boundaries.get(i - 1).minPercent())) {
        throw new IllegalArgumentException(
            "boundaries["
                + i
                + "].minPercent="
                + boundaries.get(i).minPercent()
                + " must be > boundaries["
                + (i - 1)
                + "].minPercent="
                + boundaries.get(i - 1).minPercent());
      }
    }
  }

  /**
   * The Kyrgyz 5-point school scale as this engine's default: 2 ("unsatisfactory") below 50 %, 3
   * from 50 %, 4 from 70 %, 5 from 85 %. Schools and assessment centres that use other cut-offs
   * pass their own scale in the {@link ScoringPolicy}.
   *
   * @return the default scale
   */
  public static GradeScale kyrgyzFivePoint() {
    return new GradeScale(
        List.of(
            new GradeBoundary(0, 2),
            new GradeBoundary(50, 3),
            new GradeBoundary(70, 4),
            new GradeBoundary(85, 5)));
  }

  /**
   * @param percent a percentage in {@code [0, 100]}
   * @return the grade of the highest boundary at or below {@code percent}; e.g. 84.9 gives 4 and
   *     85.0 gives 5 on {@link #kyrgyzFivePoint()}
   */
  public int gradeFor(double percent) {
    if (!(percent >= 0 && percent <= 100 + BOUNDARY_TOLERANCE_PERCENT)) {
      throw new IllegalArgumentException("percent=" + percent + " must lie in [0, 100]");
    }
    int grade = boundaries.get(0).grade();
    for (GradeBoundary boundary : boundaries) {
      if (percent + BOUNDARY_TOLERANCE_PERCENT >= boundary.minPercent()) {
        grade = boundary.grade();
      } else {
        break;
      }
    }
    return grade;
  }
}
