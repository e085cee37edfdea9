package kg.exam.command.deadletter;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The centre's view of parked events, and a retry once the cause is fixed. */
@RestController
@RequestMapping("/api/dead-letters")
class DeadLetterController {
  private final ParkedEvents parked;
  private final DeadLetterRetry retry;

  DeadLetterController(ParkedEvents parked, DeadLetterRetry retry) {
    this.parked = parked;
    this.retry = retry;
  }

  /** What is parked: counts, and the sequences parked longest, at most {@code limit}. */
  record Parked(long sequences, long events, List<ParkedEvents.Parked> parked) {}

  @Operation(summary = "List the parked (dead-lettered) events per processor")
  @GetMapping
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR')")
  Parked list(@RequestParam(defaultValue = "100") int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "limit must be 1..10000.");
    }
    ParkedEvents.Counts counts = parked.counts();
    return new Parked(counts.sequences(), counts.events(), parked.list(limit));
  }

  /**
   * The outcome of a retry: sequences handled (and gone from the queue), and what is still parked.
   */
  record Retried(int handled, long stillParkedSequences, long stillParkedEvents) {}

  @Operation(summary = "Retry every parked event now")
  @PostMapping("/retry")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  Retried retry() {
    int handled = retry.retryAll();
    ParkedEvents.Counts counts = parked.counts();
    return new Retried(handled, counts.sequences(), counts.events());
  }
}
