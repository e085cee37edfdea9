package kg.exam.contract.trust.bundle;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import kg.exam.contract.trust.ChainLink;

/**
 * One event of a stream in a bundle: its sequence number, its payload type (informative: the chain
 * does not cover it), its canonical payload bytes and its recorded chain hash. Immutable.
 */
public final class BundleEvent {
  private final long sequenceNumber;
  private final String type;
  private final byte[] payload;
  private final byte[] hash;

  /**
   * @param sequenceNumber as recorded (not checked here: the verifier reports a wrong one)
   * @param type the payload's Java type name, e.g. {@code kg.exam.contract.sitting.AnswerRecorded}
   * @param payload the canonical JSON bytes (UTF-8)
   * @param hash the recorded chain hash, 32 bytes
   */
  public BundleEvent(long sequenceNumber, String type, byte[] payload, byte[] hash) {
    this.sequenceNumber = sequenceNumber;
    this.type = Objects.requireNonNull(type, "type");
    this.payload = Objects.requireNonNull(payload, "payload").clone();
    this.hash = Objects.requireNonNull(hash, "hash").clone();
  }

  /** The recorded sequence number. */
  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** The payload type name. */
  public String type() {
    return type;
  }

  /** The type name without its package. */
  public String simpleType() {
    return type.substring(type.lastIndexOf('.') + 1);
  }

  /** A copy of the canonical payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload as text. */
  public String payloadText() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /** A copy of the recorded chain hash. */
  public byte[] hash() {
    return hash.clone();
  }

  /** This event as the hash chain sees it (fails for a negative sequence number or bad hash). */
  public ChainLink toChainLink() {
    return new ChainLink(sequenceNumber, payload, hash);
  }

  /** A copy with another payload (same number, type and hash): for tamper tests and tools. */
  public BundleEvent withPayload(byte[] newPayload) {
    return new BundleEvent(sequenceNumber, type, newPayload, hash);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BundleEvent that
        && sequenceNumber == that.sequenceNumber
        && type.equals(that.type)
        && Arrays.equals(payload, that.payload)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(sequenceNumber, type, Arrays.hashCode(hash));
  }

  @Override
  public String toString() {
    return "BundleEvent[seq="
        + sequenceNumber
        + ", type="
        + simpleType()
        + ", hash="
        + HexFormat.of().formatHex(hash)
        + "]";
  }
}
