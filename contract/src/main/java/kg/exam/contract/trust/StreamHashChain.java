package kg.exam.contract.trust;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hash chain over the events of one stream (scheme {@value #SCHEME}).
 *
 * <p>For the event with sequence number {@code n} (the first event has {@code n = 0}):
 *
 * <pre>
 * hash_n = SHA-256( hash_{n-1}                  32 bytes; 32 zero bytes when n = 0
 *                 ‖ len(streamId)               4 bytes, unsigned big-endian, byte count
 *                 ‖ streamId                    UTF-8
 *                 ‖ n                           8 bytes, big-endian two's complement
 *                 ‖ len(canonicalBytes)         4 bytes, unsigned big-endian, byte count
 *                 ‖ canonicalBytes )            the payload's canonical form
 * </pre>
 *
 * <p>Example: stream {@code "s-1"}, {@code n = 0}, payload {@code {}} hashes the 53 bytes {@code
 * 00×32 00000003 732d31 0000000000000000 00000002 7b7d}. The length prefixes make the encoding
 * injective: no two (stream id, payload) pairs hash the same input.
 *
 * <p>Stateless and thread-safe.
 */
public final class StreamHashChain {

  /** Name and version of this chain layout. */
  public static final String SCHEME = "sha256-chain/1";

  /** Length of every chain hash. */
  public static final int HASH_LENGTH_BYTES = 32;

  private StreamHashChain() {}

  /** The "previous hash" of the first event: 32 zero bytes (a fresh copy). */
  public static byte[] genesisHash() {
    return new byte[HASH_LENGTH_BYTES];
  }

  /** Computes {@code hash_n} from {@code hash_{n-1}} as laid out in the class comment. */
  public static byte[] nextHash(
      byte[] previousHash, String streamId, long sequenceNumber, byte[] canonicalBytes) {
    Objects.requireNonNull(previousHash, "previousHash");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(canonicalBytes, "canonicalBytes");
    if (previousHash.length != HASH_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "previousHash must be 32 bytes: previousHash.length=" + previousHash.length);
    }
    if (sequenceNumber < 0) {
      throw new IllegalArgumentException(
          "sequenceNumber must be >= 0: sequenceNumber=" + sequenceNumber);
    }
    byte[] id = streamId.getBytes(StandardCharsets.UTF_8);
    MessageDigest sha256 = sha256();
    sha256.update(previousHash);
    sha256.update(ByteBuffer.allocate(4).putInt(id.length).array());
    sha256.update(id);
    sha256.update(ByteBuffer.allocate(8).putLong(sequenceNumber).array());
    sha256.update(ByteBuffer.allocate(4).putInt(canonicalBytes.length).array());
    sha256.update(canonicalBytes);
    return sha256.digest();
  }

  /** Chains payloads from sequence 0: returns one link per payload, in order. */
  public static List<ChainLink> chain(String streamId, List<byte[]> canonicalPayloads) {
    Objects.requireNonNull(canonicalPayloads, "canonicalPayloads");
    List<ChainLink> links = new ArrayList<>(canonicalPayloads.size());
    byte[] previous = genesisHash();
    for (int i = 0; i < canonicalPayloads.size(); i++) {
      byte[] payload = canonicalPayloads.get(i);
      previous = nextHash(previous, streamId, i, payload);
      links.add(new ChainLink(i, payload, previous));
    }
    return List.copyOf(links);
  }

  /**
   * Verifies a whole stream from its first event: link {@code i} must have sequence number {@code
   * i} and the hash recomputed from link {@code i-1}. Never throws for a bad chain.
   *
   * <p>This cannot detect events missing from, or appended to, the end of the stream; use {@link
   * #verify(String, List, ChainHead)} with a sealed head for that.
   */
  public static ChainVerification verify(String streamId, List<ChainLink> links) {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(links, "links");
    byte[] previous = genesisHash();
    for (int i = 0; i < links.size(); i++) {
      ChainLink link = links.get(i);
      if (link == null) {
        return ChainVerification.brokenAt(i, "link is missing (null)");
      }
      if (link.sequenceNumber() != i) {
        return ChainVerification.brokenAt(
            i, "sequence number " + link.sequenceNumber() + " where " + i + " was expected");
      }
      byte[] expected = nextHash(previous, streamId, i, link.canonicalBytesUnsafe());
      if (!MessageDigest.isEqual(expected, link.hashUnsafe())) {
        return ChainVerification.brokenAt(
            i, "hash does not match the previous hash and this event's canonical bytes");
      }
      previous = expected;
    }
    return ChainVerification.intactChain();
  }

  /**
   * Verifies a whole stream as {@link #verify(String, List)} does, then checks that it ends exactly
   * at the trusted head. Never throws for a bad chain.
   */
  public static ChainVerification verify(String streamId, List<ChainLink> links, ChainHead head) {
    Objects.requireNonNull(head, "head");
    ChainVerification chain = verify(streamId, links);
    if (!chain.intact()) {
      return chain;
    }
    if (links.size() < head.eventCount()) {
      return ChainVerification.brokenAt(
          links.size(),
          "stream ends after " + links.size() + " events, head says " + head.eventCount());
    }
    if (links.size() > head.eventCount()) {
      return ChainVerification.brokenAt(
          (int) head.eventCount(),
          "stream has " + links.size() + " events, head says " + head.eventCount());
    }
    byte[] last = links.isEmpty() ? genesisHash() : links.getLast().hashUnsafe();
    if (!head.hashEquals(last)) {
      return ChainVerification.brokenAt(
          Math.max(0, links.size() - 1), "last hash does not match the head hash");
    }
    return ChainVerification.intactChain();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
