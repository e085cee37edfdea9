package kg.exam.command.trust;

import java.time.Clock;
import kg.exam.contract.trust.registry.RegisterServerKey;
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
  private final Clock clock;

  ServerKeyRegistrar(CommandGateway commands, ServerKey key, Clock clock) {
    this.commands = commands;
    this.key = key;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void register() {
    Boolean registered =
        commands.sendAndWait(
            new RegisterServerKey(
                TrustRegistry.STREAM_ID,
                key.keyId().value(),
                key.publicKey().toBase64Url(),
                clock.instant(),
                "server"));
    if (Boolean.TRUE.equals(registered)) {
      log.info("Server key {} registered in the key registry", key.keyId());
    }
  }
}
