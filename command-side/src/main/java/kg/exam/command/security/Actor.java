package kg.exam.command.security;

import java.util.List;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: an opaque id (a staff account id or a pseudonymous candidate id, never a name),
 * one role, and the centre, school or sitting the role is limited to.
 */
public record Actor(String id, Role role, String centreId, String schoolId, String sittingId) {

  /** The caller of the current request. */
  public static Actor current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null) {
      throw new IllegalStateException("no authenticated caller");
    }
    if (auth.getPrincipal() instanceof StaffUser staff) {
      return new Actor(staff.getUsername(), staff.role(), staff.centreId(), staff.schoolId(), null);
    }
    if (auth instanceof ActorAuthentication token) {
      return token.actor();
    }
    if (auth.getPrincipal() instanceof Actor actor) {
      return actor; // an exam station (kg.exam.command.stationauth)
    }
    throw new IllegalStateException(
        "unsupported authentication " + auth.getClass().getSimpleName());
  }

  public boolean is(Role... roles) {
    return List.of(roles).contains(role);
  }

  /**
   * Staff whose account names a centre reach only that centre's sessions.
   *
   * @throws kg.exam.command.problem.RuleViolation {@code forbidden} for another centre
   */
  public Actor requireCentre(String sessionCentreId) {
    if (centreId != null && !centreId.equals(sessionCentreId)) {
      throw new kg.exam.command.problem.RuleViolation(
          kg.exam.command.problem.ProblemType.FORBIDDEN, "This session is not at your centre.");
    }
    return this;
  }

  public boolean ownsSitting(String sitting) {
    return role == Role.CANDIDATE && Objects.equals(sittingId, sitting);
  }
}
