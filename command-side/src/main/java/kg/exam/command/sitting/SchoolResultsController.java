package kg.exam.command.sitting;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Results of one school's candidates (pseudonymous ids only). */
@RestController
class SchoolResultsController {
  private final SittingRecords sittings;

  SchoolResultsController(SittingRecords sittings) {
    this.sittings = sittings;
  }

  @Operation(summary = "Read the results of a school's sittings")
  @GetMapping("/api/schools/{schoolId}/results")
  @PreAuthorize("hasAnyRole('SCHOOL', 'AUDITOR', 'CENTRE_ADMIN')")
  List<SittingRecords.SittingRow> results(
      @PathVariable String schoolId, @RequestParam(required = false) String sessionId) {
    Actor actor = Actor.current();
    if (actor.is(Role.SCHOOL) && !schoolId.equals(actor.schoolId())) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "You may read the results of your own school only.");
    }
    return sittings.bySchool(schoolId, sessionId);
  }
}
