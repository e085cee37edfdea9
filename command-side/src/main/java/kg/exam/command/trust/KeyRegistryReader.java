package kg.exam.command.trust;

import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.KeyRevoked;
import kg.exam.contract.trust.registry.ServerKeyRegistered;
import kg.exam.contract.trust.registry.StationKeyRegistered;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Folds the key registry stream into a {@link KeyRegistry} (a few events: read on demand). */
@Component
public class KeyRegistryReader {
  private final EventStore events;

  KeyRegistryReader(EventStore events) {
    this.events = events;
  }

  /** The registry as it stands now. */
  public KeyRegistry current() {
    KeyRegistry registry = new KeyRegistry();
    events
        .readEvents(TrustRegistry.STREAM_ID)
        .asStream()
        .forEach(
            m -> {
              if (m.getPayload() instanceof ServerKeyRegistered r) {
                registry.apply(r);
              } else if (m.getPayload() instanceof StationKeyRegistered r) {
                registry.apply(r);
              } else if (m.getPayload() instanceof KeyRevoked r) {
                registry.apply(r);
              }
            });
    return registry;
  }
}
