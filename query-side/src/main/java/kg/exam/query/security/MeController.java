package kg.exam.query.security;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in and which area they see. */
@RestController
class MeController {
  record Me(
      String account,
      String role,
      String region,
      String district,
      String schoolId,
      String centreId) {}

  @Operation(summary = "Who is signed in, with role and area")
  @GetMapping("/api/me")
  Me me(@AuthenticationPrincipal DashboardUser user) {
    return new Me(
        user.account(),
        user.role().name(),
        user.region(),
        user.district(),
        user.schoolId(),
        user.centreId());
  }
}
