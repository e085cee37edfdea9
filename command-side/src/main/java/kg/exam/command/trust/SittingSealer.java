package kg.exam.command.trust;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.trust.SignedStatement;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.springframework.stereotype.Component;

/**
 * Makes the server's seal of a sitting (scheme {@value SittingSealed#SCHEME}): the stream head
 * (event count and the chain hash of the last event), the digest of the latest score, the key id
 * and the time, signed with the server key. Called by the sitting aggregate inside its command, so
 * the stream cannot move between reading the head and appending the seal.
 */
@Component
public class SittingSealer {
  private final StoredStreams streams;
  private final SignedPayloads signed;
  private final ServerKey key;
  private final KeyRegistryReader registry;
  private final Clock clock;

  SittingSealer(
      StoredStreams streams,
      SignedPayloads signed,
      ServerKey key,
      KeyRegistryReader registry,
      Clock clock) {
    this.streams = streams;
    this.signed = signed;
    this.key = key;
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * The seal of the first {@code eventCount} events of the sitting's stream.
   *
   * @throws IllegalStateException when the stream has no score yet or the server key is not valid
   *     now per the registry (not yet registered, superseded or revoked): sealing is retried
   */
  public SittingSealed seal(String sittingId, long eventCount) {
    BundleEvent last =
        streams
            .event(sittingId, eventCount - 1)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "sitting " + sittingId + " has no event " + (eventCount - 1)));
    BundleEvent scored =
        streams
            .lastOfType(sittingId, SittingScored.class, eventCount)
            .orElseThrow(
                () -> new IllegalStateException("sitting " + sittingId + " is not scored"));
    Instant now = clock.instant();
    KeyRegistry.Validity validity =
        registry.current().validAt(key.keyId().value(), TrustRegistry.ROLE_SERVER, now);
    if (!validity.valid()) {
      throw new IllegalStateException("cannot seal: " + validity.reason());
    }
    HexFormat hex = HexFormat.of();
    SittingSealed unsigned =
        new SittingSealed(
            sittingId,
            SittingSealed.SCHEME,
            eventCount,
            hex.formatHex(last.hash()),
            scored.sequenceNumber(),
            hex.formatHex(SignedStatement.sha256(scored.payload())),
            key.keyId().value(),
            now,
            null);
    byte[] signature = key.sign(signed.signedBytes(unsigned));
    return new SittingSealed(
        unsigned.sittingId(),
        unsigned.scheme(),
        unsigned.eventCount(),
        unsigned.headHash(),
        unsigned.scoredSequence(),
        unsigned.scoreDigest(),
        unsigned.keyId(),
        unsigned.sealedAt(),
        Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
  }
}
