package kg.exam.command.trust;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import kg.exam.contract.trust.StreamHeadSigned;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signs the head of an exam, session or key registry stream (scheme {@value
 * StreamHeadSigned#SCHEME}) in the command that changes it: the aggregate applies its events
 * through {@link #applySigned}, which appends the server's signature over the chain hash those
 * events will have. One transaction, no second command: nothing can come between a change and its
 * signature, and no node's signing ever collides with another node's command.
 *
 * <p>A signature that cannot be made (the server key superseded or revoked per the registry) never
 * fails the command, which may be the revocation itself: the change is recorded unsigned, with a
 * warning, and the next signed change or an audit export ({@link #sign}) covers it. Nothing is
 * signed while trust is off for a benchmark.
 */
@Component
public class StreamHeadSigner {
  private static final Logger log = LoggerFactory.getLogger(StreamHeadSigner.class);

  private final StoredStreams streams;
  private final SignedPayloads signed;
  private final ServerKey key;
  private final KeyRegistryReader registry;
  private final ChainingEventStorageEngine chain;
  private final Clock clock;

  @Autowired
  StreamHeadSigner(
      StoredStreams streams,
      SignedPayloads signed,
      ServerKey key,
      KeyRegistryReader registry,
      EventStorageEngine engine,
      Clock clock,
      TrustProperties trust) {
    this.streams = streams;
    this.signed = signed;
    this.key = key;
    this.registry = registry;
    this.chain = trust.enabled() && engine instanceof ChainingEventStorageEngine c ? c : null;
    this.clock = clock;
  }

  private StreamHeadSigner() {
    this.streams = null;
    this.signed = null;
    this.key = null;
    this.registry = null;
    this.chain = null;
    this.clock = null;
  }

  /** A signer that signs nothing: for aggregate tests without a store. */
  public static StreamHeadSigner none() {
    return new StreamHeadSigner();
  }

  /**
   * Applies the events to the current aggregate, then its signed head over them. Call from inside a
   * command handler of the aggregate owning {@code streamId}.
   */
  public void applySigned(String streamId, Object... events) {
    applySigned(streamId, null, List.of(events));
  }

  /**
   * As {@link #applySigned(String, Object...)}, checking the server key against {@code keys} (read
   * after the events are applied) instead of the stored registry: for the registry's own commands,
   * whose events are not stored yet.
   */
  public void applySigned(String streamId, Supplier<KeyRegistry> keys, List<?> events) {
    Long version = AggregateLifecycle.getVersion();
    long first = version == null ? 0 : version + 1;
    for (Object event : events) {
      AggregateLifecycle.apply(event);
    }
    if (chain == null || events.isEmpty()) {
      return;
    }
    byte[] head = chain.hashAfter(streamId, first, events);
    signed(streamId, first + events.size(), head, keys == null ? registry.current() : keys.get())
        .ifPresent(AggregateLifecycle::apply);
  }

  /**
   * The signed head over the first {@code eventCount} stored events of the stream, or empty when
   * there is nothing to sign: no events, the last one is a signed head already, or the server key
   * is not valid now. For streams whose latest change went unsigned (recorded before streams were
   * signed, or while the key could not sign); the audit export asks for it.
   */
  public Optional<StreamHeadSigned> sign(String streamId, long eventCount) {
    if (chain == null || eventCount < 1) {
      return Optional.empty();
    }
    BundleEvent last =
        streams
            .event(streamId, eventCount - 1)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "stream " + streamId + " has no event " + (eventCount - 1)));
    if (last.type().equals(StreamHeadSigned.class.getName())) {
      return Optional.empty();
    }
    return signed(streamId, eventCount, last.hash(), registry.current());
  }

  private Optional<StreamHeadSigned> signed(
      String streamId, long eventCount, byte[] headHash, KeyRegistry keys) {
    Instant now = clock.instant();
    KeyRegistry.Validity validity =
        keys.validAt(key.keyId().value(), TrustRegistry.ROLE_SERVER, now);
    if (!validity.valid()) {
      log.warn(
          "Stream {} left unsigned at event {}: the server key cannot sign ({})",
          streamId,
          eventCount - 1,
          validity.reason());
      return Optional.empty();
    }
    StreamHeadSigned unsigned =
        new StreamHeadSigned(
            streamId,
            StreamHeadSigned.SCHEME,
            eventCount,
            HexFormat.of().formatHex(headHash),
            key.keyId().value(),
            now,
            null);
    return Optional.of(
        unsigned.signed(
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.sign(signed.signedBytes(unsigned)))));
  }
}
