package kg.exam.contract.results;

import java.util.List;

/**
 * One batch of the rows of a finalised session's response matrix: which sittings rows {@code
 * firstRow .. firstRow + sittingIds.size() - 1} are, and the digest of just those rows. Recorded on
 * the session's stream, batch 0 first, immediately before the {@link SessionResultsFinalised} whose
 * calibration counts them ({@code rowBatches}); together the batches list every included sitting
 * once, in ascending id order, so no single event has to list a national cohort.
 *
 * @param sessionId the session
 * @param batch 0-based index of this batch
 * @param firstRow the response matrix row of the first sitting listed
 * @param sittingIds the sittings of the rows, ascending by id
 * @param responseMatrixSha256 lower-case hex {@link ResponseMatrixDigest} of these rows only (the
 *     whole matrix's digest is in the calibration)
 */
public record SessionResultRowsListed(
    String sessionId,
    int batch,
    int firstRow,
    List<String> sittingIds,
    String responseMatrixSha256) {

  /** The most sittings one batch may list (about 50 KB of JSON). */
  public static final int MAX_SITTINGS = 1_000;

  /** Copies the list; a missing list is empty. */
  public SessionResultRowsListed {
    sittingIds = sittingIds == null ? List.of() : List.copyOf(sittingIds);
  }
}
