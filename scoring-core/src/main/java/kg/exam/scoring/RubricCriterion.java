package kg.exam.scoring;

import java.util.Objects;

/**
 * One criterion a human marker applies to an extended-text response.
 *
 * @param criterionId stable identifier, unique within the item's rubric
 * @param description what the marker looks for
 * @param maxPoints the most the criterion can award, finite and {@code > 0}
 */
public record RubricCriterion(String criterionId, String description, double maxPoints) {

  /**
   * Checks the arguments; throws {@link IllegalArgumentException} or {@link NullPointerException}
   * naming the bad value.
   */
  public RubricCriterion {
    Objects.requireNonNull(criterionId, "criterionId");
    Objects.requireNonNull(description, "description");
    if (criterionId.isBlank()) {
      throw new IllegalArgumentException("criterionId='" + criterionId + "' must not be blank");
    }
    if (!(maxPoints > 0) || !Double.isFinite(maxPoints)) {
      throw new IllegalArgumentException("maxPoints=" + maxPoints + " must be finite and > 0");
    }
  }
}
