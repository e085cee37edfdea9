package kg.exam.contract.results;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One item's parameters from a session's calibration, in scoring-core's parameterisation: a
 * dichotomous item answers correctly with {@code P(θ) = c + (1 − c) / (1 + exp(−a (θ − b)))}; a
 * polytomous item (partial credit, generalized partial credit) scores {@code x} in {@code 0..m}
 * with {@code P(x | θ) ∝ exp(Σ_{v ≤ x} a (θ − δ_v))}, its step difficulties {@code δ_1..δ_m} in
 * {@code thresholds}, and {@code b} is their mean.
 *
 * <p>A standard error is {@code null} when the parameter is fixed by the model (for Rasch and
 * partial credit {@code a = 1}; for every model but 3PL {@code c = 0}); JSON has no NaN.
 *
 * @param itemId the exam item
 * @param discrimination {@code a}
 * @param difficulty {@code b}, on the θ scale
 * @param guessing {@code c}, 0 for every model but 3PL
 * @param thresholds step difficulties of a polytomous item; empty for a dichotomous item
 * @param discriminationSe SE of {@code a}, or null
 * @param difficultySe SE of {@code b}, or null
 * @param guessingSe SE of {@code c}, or null
 * @param thresholdSes SEs of the thresholds (elements may be null), same length as {@code
 *     thresholds}
 */
public record CalibratedItem(
    String itemId,
    double discrimination,
    double difficulty,
    double guessing,
    List<Double> thresholds,
    Double discriminationSe,
    Double difficultySe,
    Double guessingSe,
    List<Double> thresholdSes) {

  /** Copies the lists; a missing list is empty. */
  public CalibratedItem {
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    thresholdSes =
        thresholdSes == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(thresholdSes));
  }
}
