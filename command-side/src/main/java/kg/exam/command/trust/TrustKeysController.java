package kg.exam.command.trust;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import kg.exam.command.security.Actor;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.RevokeKey;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The key registry: public keys with their validity (anyone signed in), revocation (admin). */
@RestController
class TrustKeysController {
  private final KeyRegistryReader registry;
  private final CommandGateway commands;

  TrustKeysController(KeyRegistryReader registry, CommandGateway commands) {
    this.registry = registry;
    this.commands = commands;
  }

  record RevokeRequest(@NotNull Instant revokedFrom, @NotBlank String reason) {}

  @GetMapping("/api/trust/keys")
  @PreAuthorize("isAuthenticated()")
  List<KeyRegistry.Entry> keys() {
    return registry.current().entries();
  }

  @PostMapping("/api/trust/keys/{keyId}/revocation")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  void revoke(@PathVariable String keyId, @Valid @RequestBody RevokeRequest request) {
    commands.sendAndWait(
        new RevokeKey(
            TrustRegistry.STREAM_ID,
            keyId,
            request.revokedFrom(),
            request.reason(),
            Actor.current().id()));
  }
}
