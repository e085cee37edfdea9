package kg.exam.command.trust;

import io.swagger.v3.oas.annotations.Operation;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Auditors check that a stream (a sitting, an exam, a session) is still exactly what was appended.
 */
@RestController
class ChainController {
  private final ChainVerifier verifier;

  ChainController(ChainVerifier verifier) {
    this.verifier = verifier;
  }

  @Operation(summary = "Check a stream's hash chain on the server")
  @GetMapping("/api/audit/streams/{streamId}/chain")
  @PreAuthorize("hasAnyRole('AUDITOR', 'CENTRE_ADMIN')")
  ChainVerifier.Report verify(@PathVariable String streamId) {
    ChainVerifier.Report report = verifier.verify(streamId);
    if (report.eventCount() == 0) {
      throw new RuleViolation(ProblemType.NOT_FOUND, "No stream " + streamId + ".");
    }
    return report;
  }
}
