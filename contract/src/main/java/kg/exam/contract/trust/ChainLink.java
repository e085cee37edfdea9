package kg.exam.contract.trust;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One event of a stream as the hash chain sees it: its sequence number, its canonical payload bytes
 * and the chain hash recorded with it. Immutable (arrays are copied in and out) and therefore
 * thread-safe.
 */
public final class ChainLink {
  private final long sequenceNumber;
  private final byte[] canonicalBytes;
  private final byte[] hash;

  /**
   * @param sequenceNumber the event's position in its stream, from 0
   * @param canonicalBytes the payload's canonical bytes ({@link CanonicalJson})
   * @param hash the recorded chain hash, {@value StreamHashChain#HASH_LENGTH_BYTES} bytes
   */
  public ChainLink(long sequenceNumber, byte[] canonicalBytes, byte[] hash) {
    if (sequenceNumber < 0) {
      throw new IllegalArgumentException(
          "sequenceNumber must be >= 0: sequenceNumber=" + sequenceNumber);
    }
    Objects.requireNonNull(canonicalBytes, "canonicalBytes");
    Objects.requireNonNull(hash, "hash");
    if (hash.length != StreamHashChain.HASH_LENGTH_BYTES) {
      throw new IllegalArgumentException("hash must be 32 bytes: hash.length=" + hash.length);
    }
    this.sequenceNumber = sequenceNumber;
    this.canonicalBytes = canonicalBytes.clone();
    this.hash = hash.clone();
  }

  /** The event's position in its stream, from 0. */
  public long sequenceNumber() {
    return sequenceNumber;
  }

  /** A copy of the payload's canonical bytes. */
  public byte[] canonicalBytes() {
    return canonicalBytes.clone();
  }

  /** A copy of the recorded chain hash. */
  public byte[] hash() {
    return hash.clone();
  }

  byte[] canonicalBytesUnsafe() {
    return canonicalBytes;
  }

  byte[] hashUnsafe() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChainLink that
        && sequenceNumber == that.sequenceNumber
        && Arrays.equals(canonicalBytes, that.canonicalBytes)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequenceNumber) * 31 + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "ChainLink[sequenceNumber="
        + sequenceNumber
        + ", canonicalBytes.length="
        + canonicalBytes.length
        + ", hash="
        + HexFormat.of().formatHex(hash)
        + "]";
  }
}
