package kg.exam.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The scored result of one sitting of a form. Totals are weighted: an item contributes {@code score
 * * weight}.
 *
 * <p>While {@code needsHumanMarking} is true, the totals, percentage, pass and grade are
 * provisional: unmarked extended-text items count 0 until marked.
 *
 * @param items per-item scores in form order (unweighted)
 * @param rawTotal weighted total, {@code sum(score * weight)}
 * @param maxTotal weighted maximum, {@code sum(maxScore * weight)}
 * @param sectionTotals weighted total per section, in order of first appearance in the form
 * @param percentage {@code 100 * rawTotal / maxTotal}
 * @param passed whether {@code percentage} reaches the policy's pass threshold
 * @param grade the policy's grade for {@code percentage}; always computed
 * @param gradeWithheld whether the grade is kept out of the e-journal by the policy
 * @param needsHumanMarking whether any item awaits a human marker
 */
public record SittingScore(
    List<ItemScore> items,
    double rawTotal,
    double maxTotal,
    Map<String, Double> sectionTotals,
    double percentage,
    boolean passed,
    int grade,
    boolean gradeWithheld,
    boolean needsHumanMarking) {

  /** Copies the collections; throws {@link NullPointerException} naming a missing one. */
  public SittingScore {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
    sectionTotals =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(sectionTotals, "sectionTotals")));
  }
}
