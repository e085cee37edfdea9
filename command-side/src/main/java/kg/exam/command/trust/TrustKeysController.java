package kg.exam.command.trust;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import kg.exam.command.security.Actor;
import kg.exam.contract.Ids;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.RegisterStationKey;
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

  private final Clock clock;

  TrustKeysController(KeyRegistryReader registry, CommandGateway commands, Clock clock) {
    this.registry = registry;
    this.commands = commands;
    this.clock = clock;
  }

  /**
   * A station key to register: {@code publicKey} as base64url (or base64) of the raw 32 bytes or a
   * PEM {@code PUBLIC KEY}; {@code validFrom} defaults to now; {@code schoolId}, when given, limits
   * the station to that school's exam packages.
   */
  record StationKeyRequest(
      @NotBlank @Pattern(regexp = Ids.PATTERN) String stationId,
      @NotBlank @Pattern(regexp = Ids.PATTERN) String centreId,
      @NotBlank String publicKey,
      Instant validFrom,
      @Pattern(regexp = Ids.PATTERN) String schoolId) {}

  /** The registered station key. */
  record StationKeyResponse(
      String keyId, String stationId, String centreId, Instant validFrom, String schoolId) {}

  record RevokeRequest(@NotNull Instant revokedFrom, @NotBlank String reason) {}

  @Operation(summary = "List the key registry: server and station keys with their validity")
  @GetMapping("/api/trust/keys")
  @PreAuthorize("isAuthenticated()")
  List<KeyRegistry.Entry> keys() {
    return registry.current().entries();
  }

  @Operation(summary = "Register an exam station's public key for a centre")
  @PostMapping("/api/trust/stations")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  StationKeyResponse registerStation(@Valid @RequestBody StationKeyRequest request) {
    Instant validFrom = request.validFrom() == null ? clock.instant() : request.validFrom();
    String keyId =
        commands.sendAndWait(
            new RegisterStationKey(
                TrustRegistry.STREAM_ID,
                request.stationId(),
                request.centreId(),
                request.publicKey(),
                validFrom,
                Actor.current().id(),
                request.schoolId()));
    return new StationKeyResponse(
        keyId, request.stationId(), request.centreId(), validFrom, request.schoolId());
  }

  @Operation(summary = "Revoke a key from an instant on")
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
