package kg.exam.command.trust;

import java.util.ArrayList;
import java.util.List;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.KeyRevoked;
import kg.exam.contract.trust.registry.RegisterServerKey;
import kg.exam.contract.trust.registry.RegisterStationKey;
import kg.exam.contract.trust.registry.RevokeKey;
import kg.exam.contract.trust.registry.ServerKeyEndorsed;
import kg.exam.contract.trust.registry.ServerKeyRegistered;
import kg.exam.contract.trust.registry.SignRegistryStream;
import kg.exam.contract.trust.registry.StationKeyRegistered;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The key registry: one stream ({@value TrustRegistry#STREAM_ID}) of key registrations, rotations
 * and revocations, hash-chained like every stream and exported into every audit bundle.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class TrustRegistryAggregate {
  @AggregateIdentifier private String registryId;
  private KeyRegistry registry = new KeyRegistry();

  TrustRegistryAggregate() {
    // for Axon
  }

  /**
   * Registers the configured server key unless it is the current one. A key that was superseded or
   * revoked is refused: the server must not sign with it again.
   *
   * @return true when a registration (first key or rotation) was recorded
   */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  boolean handle(RegisterServerKey command, KeyEndorsements endorsements, StreamHeadSigner signer) {
    if (!TrustRegistry.STREAM_ID.equals(command.registryId())) {
      throw new IllegalArgumentException("the registry id is " + TrustRegistry.STREAM_ID);
    }
    var existing = registry.entry(command.keyId());
    if (existing.isPresent()) {
      KeyRegistry.Entry e = existing.get();
      if (e.revokedFrom() != null) {
        throw new IllegalStateException(
            "the configured server key "
                + e.keyId()
                + " was revoked from "
                + e.revokedFrom()
                + "; configure a new key (exam.trust.server-key-file)");
      }
      if (e.validUntil() != null) {
        throw new IllegalStateException(
            "the configured server key "
                + e.keyId()
                + " was superseded by "
                + e.supersededBy()
                + "; configure a new key (exam.trust.server-key-file)");
      }
      return false;
    }
    String supersedes = registry.currentServerKey().orElse(null);
    ServerKeyEndorsed endorsed = null;
    if (command.endorsement() != null) {
      if (supersedes == null) {
        throw new IllegalStateException(
            "an endorsement was given for the first server key; there is no key to endorse it");
      }
      endorsed =
          new ServerKeyEndorsed(
                  command.registryId(),
                  ServerKeyEndorsed.SCHEME,
                  command.keyId(),
                  command.publicKey(),
                  command.validFrom(),
                  supersedes,
                  null)
              .signed(command.endorsement());
      if (!endorsements.verifies(registry, endorsed)) {
        throw new IllegalStateException(
            "the endorsement of server key "
                + command.keyId()
                + " is not a valid signature of the superseded key "
                + supersedes
                + " (exam.trust.previous-server-key-* must name the key now current: "
                + supersedes
                + ")");
      }
    }
    List<Object> events = new ArrayList<>();
    events.add(
        new ServerKeyRegistered(
            command.registryId(),
            command.keyId(),
            command.publicKey(),
            TrustRegistry.ROLE_SERVER,
            command.validFrom(),
            supersedes,
            command.registeredBy()));
    if (endorsed != null) {
      events.add(endorsed);
    }
    signer.applySigned(command.registryId(), () -> registry, events);
    return true;
  }

  /** Signs the registry's head, so a key entry edited in the database fails verification. */
  @CommandHandler
  void handle(SignRegistryStream command, StreamHeadSigner signer) {
    signer
        .sign(registryId, AggregateLifecycle.getVersion() + 1)
        .ifPresent(AggregateLifecycle::apply);
  }

  /**
   * Registers an exam station's key for a centre (a centre administrator's act). A key already in
   * the registry (any role) is refused: a key has one role and one station.
   *
   * @return the key id
   */
  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  String handle(RegisterStationKey command, StreamHeadSigner signer) {
    if (!TrustRegistry.STREAM_ID.equals(command.registryId())) {
      throw new IllegalArgumentException("the registry id is " + TrustRegistry.STREAM_ID);
    }
    Ed25519PublicKey key;
    try {
      key = AnswerSignatures.parsePublicKey(command.publicKey());
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          ProblemType.INVALID_KEY,
          "publicKey is not an Ed25519 public key (base64url of the raw 32 bytes, or PEM): "
              + e.getMessage());
    }
    String keyId = key.keyId().value();
    if (registry.entry(keyId).isPresent()) {
      throw new RuleViolation(
          ProblemType.INVALID_KEY, "Key " + keyId + " is already in the key registry.");
    }
    signer.applySigned(
        command.registryId(),
        () -> registry,
        List.of(
            new StationKeyRegistered(
                command.registryId(),
                keyId,
                command.stationId(),
                command.centreId(),
                key.toBase64Url(),
                TrustRegistry.ROLE_STATION,
                command.validFrom(),
                command.registeredBy(),
                command.schoolId())));
    return keyId;
  }

  @CommandHandler
  void handle(RevokeKey command, StreamHeadSigner signer) {
    if (registry.entry(command.keyId()).isEmpty()) {
      throw new RuleViolation(ProblemType.NOT_FOUND, "No key " + command.keyId() + ".");
    }
    if (command.reason() == null || command.reason().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "A revocation needs a reason.");
    }
    signer.applySigned(
        registryId,
        () -> registry,
        List.of(
            new KeyRevoked(
                registryId,
                command.keyId(),
                command.revokedFrom(),
                command.reason(),
                command.revokedBy())));
  }

  @EventSourcingHandler
  void on(ServerKeyRegistered event) {
    registryId = event.registryId();
    registry.apply(event);
  }

  @EventSourcingHandler
  void on(StationKeyRegistered event) {
    registryId = event.registryId();
    registry.apply(event);
  }

  @EventSourcingHandler
  void on(KeyRevoked event) {
    registry.apply(event);
  }
}
