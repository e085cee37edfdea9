package kg.exam.command.trust;

import io.swagger.v3.oas.annotations.Operation;
import kg.exam.command.security.Actor;
import kg.exam.contract.session.SessionTreeHeadPublished;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A centre admin publishes the signed Merkle tree head of a session's sealed sittings. */
@RestController
class TreeHeadController {
  private final SessionTreeHeads heads;

  TreeHeadController(SessionTreeHeads heads) {
    this.heads = heads;
  }

  @Operation(summary = "Sign and publish the Merkle tree head over the session's sealed sittings")
  @PostMapping("/api/sessions/{sessionId}/tree-head")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  SessionTreeHeadPublished publish(@PathVariable String sessionId) {
    return heads.publish(sessionId, Actor.current().id());
  }
}
