package kg.exam.scoring.irt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Grades on a reporting scale: an ordered list of {@code (minimum scaled score, grade label)}.
 * {@link #grade(double)} gives the label of the highest boundary reached, inclusive; a score below
 * the first boundary gets the first (lowest) grade; a NaN score (no ability, no scaled score) gets
 * no grade ({@link Optional#empty()}).
 *
 * <p>Written compactly as {@code "0:2,110:3,130:4,150:5"}: below 110 → grade 2, 110 to under 130 →
 * 3, 130 to under 150 → 4, 150 and above → 5. So 109 → "2", 110 → "3", 149.5 → "4", 150 → "5", and
 * −7 → "2" (below the first boundary). Compare with the <em>reported</em> (rounded) score, as the
 * pass mark does: {@link #grade(ScoreScale, double)}.
 *
 * <p>Minimums are finite and strictly increasing; labels are non-blank, trimmed, and contain
 * neither {@code ','} nor {@code ':'}. Immutable and thread-safe.
 */
public final class GradeBoundaries {

  /**
   * One boundary.
   *
   * @param minimum lowest scaled score that earns {@code grade}, finite
   * @param grade label, e.g. {@code "5"} or {@code "excellent"}
   */
  public record Boundary(double minimum, String grade) {

    /**
     * @throws IllegalArgumentException on a non-finite minimum or an unusable label
     */
    public Boundary {
      if (!Double.isFinite(minimum)) {
        throw new IllegalArgumentException("grade boundary minimum=" + minimum + " must be finite");
      }
      if (grade == null || grade.isBlank()) {
        throw new IllegalArgumentException(
            "grade label at minimum=" + format(minimum) + " must not be blank");
      }
      grade = grade.trim();
      if (grade.indexOf(',') >= 0 || grade.indexOf(':') >= 0) {
        throw new IllegalArgumentException(
            "grade label '" + grade + "' must not contain ',' or ':'");
      }
    }
  }

  private final List<Boundary> boundaries;

  /**
   * @param boundaries at least one, minimums strictly increasing
   * @throws IllegalArgumentException when empty or not strictly increasing
   */
  public GradeBoundaries(List<Boundary> boundaries) {
    if (boundaries == null || boundaries.isEmpty()) {
      throw new IllegalArgumentException("grade boundaries need at least one boundary");
    }
    this.boundaries = List.copyOf(boundaries);
    for (int k = 1; k < this.boundaries.size(); k++) {
      double previous = this.boundaries.get(k - 1).minimum();
      double minimum = this.boundaries.get(k).minimum();
      if (!(minimum > previous)) {
        throw new IllegalArgumentException(
            "grade boundary "
                + (k + 1)
                + " minimum="
                + format(minimum)
                + " must be greater than the previous minimum="
                + format(previous));
      }
    }
  }

  /**
   * Reads {@code "minimum:grade,minimum:grade,..."}, e.g. {@code "0:2,110:3,130:4,150:5"} (spaces
   * around items allowed).
   *
   * @param text the boundaries
   * @return the grade boundaries
   * @throws IllegalArgumentException with a one-line message saying what is wrong and where
   */
  public static GradeBoundaries parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "grade boundaries are empty; expected minimum:grade,..., e.g. 0:2,110:3,130:4,150:5");
    }
    String[] parts = text.split(",", -1);
    List<Boundary> boundaries = new ArrayList<>(parts.length);
    for (int k = 0; k < parts.length; k++) {
      String[] pair = parts[k].split(":", -1);
      if (pair.length != 2) {
        throw new IllegalArgumentException(
            "grade boundary "
                + (k + 1)
                + " '"
                + parts[k].trim()
                + "' must be minimum:grade, e.g. 110:3");
      }
      double minimum =
          TableReportingScale.number(pair[0], "grade boundary " + (k + 1) + " minimum");
      boundaries.add(new Boundary(minimum, pair[1]));
    }
    return new GradeBoundaries(boundaries);
  }

  /**
   * @param scaledScore a reported scaled score
   * @return the grade of the highest boundary whose minimum is {@code <= scaledScore}, the first
   *     grade when below every boundary, empty when the score is NaN
   */
  public Optional<String> grade(double scaledScore) {
    if (Double.isNaN(scaledScore)) {
      return Optional.empty();
    }
    String grade = boundaries.get(0).grade();
    for (Boundary boundary : boundaries) {
      if (scaledScore >= boundary.minimum()) {
        grade = boundary.grade();
      } else {
        break;
      }
    }
    return Optional.of(grade);
  }

  /**
   * @param scale the reporting scale
   * @param theta ability
   * @return the grade of the reported (rounded) score {@code scale.scaled(theta)}
   */
  public Optional<String> grade(ScoreScale scale, double theta) {
    return grade(scale.scaled(theta));
  }

  /**
   * @return the boundaries, lowest first (unmodifiable)
   */
  public List<Boundary> boundaries() {
    return boundaries;
  }

  /**
   * @return the compact form {@link #parse(String)} reads, e.g. {@code "0:2,110:3,130:4,150:5"}
   */
  public String format() {
    StringBuilder text = new StringBuilder();
    for (Boundary boundary : boundaries) {
      if (!text.isEmpty()) {
        text.append(',');
      }
      text.append(format(boundary.minimum())).append(':').append(boundary.grade());
    }
    return text.toString();
  }

  /** Whole numbers without {@code ".0"}, other values as {@link Double#toString(double)}. */
  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GradeBoundaries that && boundaries.equals(that.boundaries);
  }

  @Override
  public int hashCode() {
    return boundaries.hashCode();
  }

  @Override
  public String toString() {
    return "GradeBoundaries[" + format() + "]";
  }
}
