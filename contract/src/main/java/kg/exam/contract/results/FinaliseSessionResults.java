package kg.exam.contract.results;

import java.time.Instant;
import kg.exam.contract.session.ExamSessionCommand;

/**
 * Records the calibration of a closed session's results. The command side computes {@code
 * calibration} from the sittings' {@code SittingScored} events; the session refuses it unless it is
 * closed, not yet finalised and the calibration converged.
 */
public record FinaliseSessionResults(
    String sessionId, SessionCalibration calibration, Instant finalisedAt, String finalisedBy)
    implements ExamSessionCommand {}
