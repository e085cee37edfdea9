package kg.exam.command.trust;

import java.time.Clock;
import java.time.Instant;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.registry.RegisterServerKey;
import kg.exam.contract.trust.registry.ServerKeyEndorsed;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * At start-up, enters the configured server key in the key registry unless it is already the
 * current server key: on first start a {@code ServerKeyRegistered}, after a key change a rotation
 * (the new key's registration names the one it supersedes).
 */
@Component
class ServerKeyRegistrar {
  private static final Logger log = LoggerFactory.getLogger(ServerKeyRegistrar.class);

  private final CommandGateway commands;
  private final ServerKey key;
  private final KeyRegistryReader registry;
  private final KeyEndorsements endorsements;
  private final Clock clock;

  ServerKeyRegistrar(
      CommandGateway commands,
      ServerKey key,
      KeyRegistryReader registry,
      KeyEndorsements endorsements,
      Clock clock) {
    this.commands = commands;
    this.key = key;
    this.registry = registry;
    this.endorsements = endorsements;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void register() {
    Instant validFrom = clock.instant();
    String keyId = key.keyId().value();
    String publicKey = key.publicKey().toBase64Url();
    String current = registry.current().currentServerKey().orElse(null);
    String endorsement = null;
    if (current != null && !current.equals(keyId)) {
      Ed25519PrivateKey previous = key.previous().orElse(null);
      if (previous == null) {
        log.warn(
            "Server key rotation from {} to {} is not cross-signed: set"
                + " exam.trust.previous-server-key-file (or -alias) to the key being replaced for"
                + " the start that rotates. Verifiers that pin {} must pin {} as well.",
            current,
            keyId,
            current,
            keyId);
      } else if (!previous.keyId().value().equals(current)) {
        throw new IllegalStateException(
            "exam.trust.previous-server-key-* holds key "
                + previous.keyId()
                + ", but the server key being replaced is "
                + current
                + "; configure that one to cross-sign the rotation");
      } else {
        endorsement =
            endorsements.sign(
                previous,
                new ServerKeyEndorsed(
                    TrustRegistry.STREAM_ID,
                    ServerKeyEndorsed.SCHEME,
                    keyId,
                    publicKey,
                    validFrom,
                    current,
                    null));
      }
    }
    Boolean registered =
        commands.sendAndWait(
            new RegisterServerKey(
                TrustRegistry.STREAM_ID, keyId, publicKey, validFrom, "server", endorsement));
    if (Boolean.TRUE.equals(registered)) {
      log.info(
          "Server key {} registered in the key registry{}",
          key.keyId(),
          endorsement == null ? "" : ", cross-signed by " + current);
    }
  }
}
