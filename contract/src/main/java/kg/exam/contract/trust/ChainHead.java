package kg.exam.contract.trust;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The trusted end of a stream, as a server seal states it: how many events the stream has and the
 * chain hash of the last one. Verifying against a head is what detects events removed from or
 * appended to the end of a stream, which the chain alone cannot. Immutable.
 */
public final class ChainHead {
  private final long eventCount;
  private final byte[] headHash;

  /**
   * @param eventCount number of events in the stream, &ge; 0
   * @param headHash chain hash of the last event, or {@link StreamHashChain#genesisHash()} for an
   *     empty stream
   */
  public ChainHead(long eventCount, byte[] headHash) {
    if (eventCount < 0) {
      throw new IllegalArgumentException("eventCount must be >= 0: eventCount=" + eventCount);
    }
    Objects.requireNonNull(headHash, "headHash");
    if (headHash.length != StreamHashChain.HASH_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "headHash must be 32 bytes: headHash.length=" + headHash.length);
    }
    this.eventCount = eventCount;
    this.headHash = headHash.clone();
  }

  /** Number of events in the stream. */
  public long eventCount() {
    return eventCount;
  }

  /** A copy of the last event's chain hash. */
  public byte[] headHash() {
    return headHash.clone();
  }

  boolean hashEquals(byte[] hash) {
    return java.security.MessageDigest.isEqual(headHash, hash);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChainHead that
        && eventCount == that.eventCount
        && Arrays.equals(headHash, that.headHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(eventCount) * 31 + Arrays.hashCode(headHash);
  }

  @Override
  public String toString() {
    return "ChainHead[eventCount="
        + eventCount
        + ", headHash="
        + HexFormat.of().formatHex(headHash)
        + "]";
  }
}
