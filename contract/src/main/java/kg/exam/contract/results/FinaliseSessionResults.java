package kg.exam.contract.results;

import java.time.Instant;
import java.util.List;
import kg.exam.contract.session.ExamSessionCommand;

/**
 * Records the calibration of a closed session's results. The command side computes {@code
 * calibration} and the {@code rows} from the sittings' {@code SittingScored} events; the session
 * refuses it unless it is closed, not yet finalised, the calibration converged and the rows list
 * {@code calibration.candidateCount()} sittings in {@code calibration.rowBatches()} contiguous
 * batches. The session records each batch of rows, then the finalisation.
 */
public record FinaliseSessionResults(
    String sessionId,
    SessionCalibration calibration,
    List<SessionResultRowsListed> rows,
    Instant finalisedAt,
    String finalisedBy)
    implements ExamSessionCommand {

  /** Copies the list; a missing list is empty. */
  public FinaliseSessionResults {
    rows = rows == null ? List.of() : List.copyOf(rows);
  }
}
