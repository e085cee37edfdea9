package kg.exam.scoring.irt;

import java.util.List;

/**
 * The outcome of a marginal maximum likelihood calibration. A calibration that did not converge is
 * still returned, with {@code converged == false}, so that callers can inspect it; {@link
 * #requireConverged()} refuses it.
 *
 * @param model the model fitted
 * @param items per item, in column order; standard errors from the information matrix of the final
 *     M-step
 * @param latentMean mean of the ability distribution: 0 unless anchors are given ({@link
 *     GeneralCalibrator}), in which case it is estimated on the anchors' scale
 * @param latentSd standard deviation of the ability distribution: estimated for Rasch and partial
 *     credit, and for every model when anchors are given; fixed at 1 otherwise
 * @param latentSdSe standard error of {@code latentSd}; NaN when it is fixed
 * @param logLikelihood marginal log-likelihood at the final parameters (natural log)
 * @param iterations EM cycles run
 * @param converged whether the largest parameter change of the last cycle was within the tolerance
 * @param lastMaxChange the largest absolute parameter change of the last cycle
 * @param candidatesUsed candidates with at least one presented item (the others carry no
 *     information and are skipped)
 */
public record Calibration(
    IrtModel model,
    List<ItemParameters> items,
    double latentMean,
    double latentSd,
    double latentSdSe,
    double logLikelihood,
    int iterations,
    boolean converged,
    double lastMaxChange,
    int candidatesUsed) {

  /** Copies {@code items}. */
  public Calibration {
    items = List.copyOf(items);
  }

  /**
   * @return this calibration
   * @throws IllegalStateException if it did not converge
   */
  public Calibration requireConverged() {
    if (!converged) {
      throw new IllegalStateException(
          "calibration did not converge: iterations="
              + iterations
              + " lastMaxChange="
              + lastMaxChange);
    }
    return this;
  }
}
