package kg.exam.contract.results;

import java.util.List;

/**
 * Everything needed to recompute every scaled score of a session from the event stream: which
 * scores went in (the sittings, in row order, and the digest of the response matrix), how the items
 * were calibrated, and how abilities are estimated and scaled. No names or other personal
 * identifiers: sitting ids are pseudonymous.
 *
 * <p>The response matrix has one row per included sitting, in ascending sitting id order, and one
 * column per entry of {@code items} (in that order); a cell is the sitting's integer item score
 * from its {@code SittingScored} event of {@code keyVersion}, or {@code -1} for an item not on its
 * form. See {@link ResponseMatrixDigest} for the digest.
 *
 * @param examId exam offered in the session
 * @param examVersion its version
 * @param keyVersion the key version every included sitting was scored against
 * @param sittingScoringVersions the scoring-core versions named by the included {@code
 *     SittingScored} events, sorted
 * @param model scoring-core {@code IrtModel} name: {@code RASCH}, {@code TWO_PL}, {@code THREE_PL},
 *     {@code PARTIAL_CREDIT} or {@code GENERALIZED_PARTIAL_CREDIT}; under the partial credit models
 *     an item's categories are its integer scores {@code 0..m}, {@code m} its highest score in the
 *     response matrix (so {@code m} thresholds)
 * @param method calibration method: {@code MML-EM} (marginal maximum likelihood, Bock–Aitkin EM)
 * @param abilityMethod scoring-core {@code AbilityMethod} name for the candidates' θ: {@code WLE},
 *     {@code MLE} or {@code EAP}
 * @param eapQuadraturePoints nodes of the EAP prior {@code N(latentMean, latentSd²)} on ±6 SD
 * @param scoringCoreVersion scoring-core version that calibrated
 * @param settings EM settings
 * @param guessingPrior the Beta prior on {@code c} under {@code THREE_PL}; null for every other
 *     model (and in calibrations recorded before 3PL was offered)
 * @param items calibrated items, in column order (item id order)
 * @param latentMean mean of the ability distribution (fixed at 0)
 * @param latentSd SD of the ability distribution (estimated for Rasch and partial credit, 1 for
 *     2PL, 3PL and generalized partial credit)
 * @param latentSdSe SE of {@code latentSd}, or null when it is fixed
 * @param logLikelihood marginal log-likelihood (natural log)
 * @param iterations EM cycles run
 * @param converged whether EM met the tolerance (always true in a recorded event)
 * @param lastMaxChange largest parameter change of the last cycle
 * @param scale reporting scale
 * @param candidateCount rows of the response matrix
 * @param sittingIds in calibrations recorded before the rows were batched ({@code rowBatches} 0):
 *     every included sitting in row order; since then empty, and the rows are listed by the {@link
 *     SessionResultRowsListed} events recorded on the session's stream just before the finalisation
 *     (so that no event lists a whole national cohort)
 * @param responseMatrixSha256 lower-case hex SHA-256 of the whole response matrix
 * @param rowBatches how many {@link SessionResultRowsListed} events list the rows; 0 when {@code
 *     sittingIds} lists them
 */
public record SessionCalibration(
    String examId,
    int examVersion,
    int keyVersion,
    List<String> sittingScoringVersions,
    String model,
    String method,
    String abilityMethod,
    int eapQuadraturePoints,
    String scoringCoreVersion,
    EmSettings settings,
    GuessingPriorDefinition guessingPrior,
    List<CalibratedItem> items,
    double latentMean,
    double latentSd,
    Double latentSdSe,
    double logLikelihood,
    int iterations,
    boolean converged,
    double lastMaxChange,
    ScaleDefinition scale,
    int candidateCount,
    List<String> sittingIds,
    String responseMatrixSha256,
    int rowBatches) {

  /** The calibration method every recorded calibration uses so far. */
  public static final String MML_EM = "MML-EM";

  /** Copies the lists; a missing list is empty. */
  public SessionCalibration {
    sittingScoringVersions =
        sittingScoringVersions == null ? List.of() : List.copyOf(sittingScoringVersions);
    items = items == null ? List.of() : List.copyOf(items);
    sittingIds = sittingIds == null ? List.of() : List.copyOf(sittingIds);
  }

  /**
   * @param ids the sitting ids to show, e.g. only a school's own
   * @return a copy with those sitting ids; every other field is unchanged
   */
  public SessionCalibration withSittingIds(List<String> ids) {
    return new SessionCalibration(
        examId,
        examVersion,
        keyVersion,
        sittingScoringVersions,
        model,
        method,
        abilityMethod,
        eapQuadraturePoints,
        scoringCoreVersion,
        settings,
        guessingPrior,
        items,
        latentMean,
        latentSd,
        latentSdSe,
        logLikelihood,
        iterations,
        converged,
        lastMaxChange,
        scale,
        candidateCount,
        ids,
        responseMatrixSha256,
        rowBatches);
  }
}
