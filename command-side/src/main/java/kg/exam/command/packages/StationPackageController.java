package kg.exam.command.packages;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import kg.exam.command.security.Actor;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Exam packages for enrolled stations (role STATION, {@code Authorization: ExamStation …}) and the
 * release codes of sessions for centre administrators.
 */
@RestController
class StationPackageController {
  private final StationPackages packages;

  StationPackageController(StationPackages packages) {
    this.packages = packages;
  }

  @Operation(summary = "List the sessions of the station's centre")
  @GetMapping("/api/stations/sessions")
  @PreAuthorize("hasRole('STATION')")
  List<StationPackages.StationSession> sessions() {
    return packages.sessionsFor(Actor.current());
  }

  @Operation(summary = "Download a session's encrypted exam package")
  @GetMapping("/api/stations/sessions/{sessionId}/package")
  @PreAuthorize("hasRole('STATION')")
  StationPackages.ExamPackage examPackage(@PathVariable String sessionId) {
    return packages.packageFor(sessionId, Actor.current());
  }

  @Operation(summary = "Fetch the package key once the session opens")
  @GetMapping("/api/stations/sessions/{sessionId}/package-key")
  @PreAuthorize("hasRole('STATION')")
  StationPackages.PackageKey packageKey(@PathVariable String sessionId) {
    return packages.keyFor(sessionId, Actor.current());
  }

  /** The code a centre reads out (by phone) at the session's start to schools without a link. */
  @Operation(summary = "Read the release code that opens a package offline")
  @GetMapping("/api/sessions/{sessionId}/package-release-code")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  StationPackages.ReleaseCode releaseCode(@PathVariable String sessionId) {
    return packages.releaseCode(sessionId);
  }
}
