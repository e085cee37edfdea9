package kg.exam.contract.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StreamHashChainTest {

  private static final String STREAM = "sitting-7f3a";

  enum Tamper {
    FLIP_BYTE,
    DELETE,
    DUPLICATE,
    REORDER,
    INSERT
  }

  private static List<ChainLink> chainOf(String streamId, int events) {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      payloads.add(
          CanonicalJson.canonicalize(
              "{\"type\":\"AnswerRecorded\",\"itemId\":\"i-"
                  + i
                  + "\",\"response\":[\"ө\"],\"clientSeq\":"
                  + i
                  + "}"));
    }
    return StreamHashChain.chain(streamId, payloads);
  }

  private static ChainHead headOf(List<ChainLink> links) {
    return new ChainHead(links.size(), links.getLast().hash());
  }

  @Test
  void shouldHashTheDocumentedByteLayout() {
    // SHA-256 of 00×32 ‖ 00000003 ‖ "s-1" ‖ 0000000000000000 ‖ 00000002 ‖ "{}", computed with
    // Python's hashlib from the layout in the README.
    byte[] hash =
        StreamHashChain.nextHash(
            StreamHashChain.genesisHash(), "s-1", 0, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(HexFormat.of().formatHex(hash))
        .isEqualTo("d8386853570c7458647380c22fd956a775a4b13cdc2d4c9fedb9aa86068aa87b");
  }

  @Test
  void shouldStartFromThirtyTwoZeroBytes() {
    assertThat(StreamHashChain.genesisHash()).hasSize(32).containsOnly(0);
  }

  @Test
  void shouldSeparateStreamIdFromPayloadByLengthPrefixes() {
    byte[] a =
        StreamHashChain.nextHash(
            StreamHashChain.genesisHash(), "s-1", 0, "2{}".getBytes(StandardCharsets.UTF_8));
    byte[] b =
        StreamHashChain.nextHash(
            StreamHashChain.genesisHash(), "s-12", 0, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void shouldVerifyAnIntactChainAgainstItsHead() {
    List<ChainLink> links = chainOf(STREAM, 25);

    assertThat(StreamHashChain.verify(STREAM, links, headOf(links)))
        .isEqualTo(ChainVerification.intactChain());
  }

  @Test
  void shouldVerifyAnEmptyStreamAgainstAnEmptyHead() {
    ChainHead empty = new ChainHead(0, StreamHashChain.genesisHash());

    assertThat(StreamHashChain.verify(STREAM, List.of(), empty).intact()).isTrue();
  }

  @Test
  void shouldFailAtTheFirstEventWhenVerifiedUnderAnotherStreamId() {
    List<ChainLink> links = chainOf(STREAM, 5);

    ChainVerification result = StreamHashChain.verify("sitting-other", links);

    assertThat(result.intact()).isFalse();
    assertThat(result.brokenIndex()).isZero();
  }

  @Test
  void shouldDetectATruncatedEndOnlyAgainstTheHead() {
    List<ChainLink> links = chainOf(STREAM, 10);
    ChainHead head = headOf(links);
    List<ChainLink> truncated = links.subList(0, 7);

    assertThat(StreamHashChain.verify(STREAM, truncated).intact()).isTrue();
    assertThat(StreamHashChain.verify(STREAM, truncated, head))
        .isEqualTo(ChainVerification.brokenAt(7, "stream ends after 7 events, head says 10"));
  }

  @Test
  void shouldNameTheSequenceNumberThatIsOutOfPlace() {
    List<ChainLink> links = new ArrayList<>(chainOf(STREAM, 4));
    links.remove(1);

    assertThat(StreamHashChain.verify(STREAM, links).reason())
        .isEqualTo("sequence number 2 where 1 was expected");
  }

  @Test
  void shouldDetectAForgedEventAtTheNextPositionWhenTheForgerRecomputedItsHash() {
    List<ChainLink> links = new ArrayList<>(chainOf(STREAM, 6));
    byte[] forged =
        "{\"type\":\"AnswerRecorded\",\"response\":[\"forged\"]}".getBytes(StandardCharsets.UTF_8);
    byte[] forgedHash = StreamHashChain.nextHash(links.get(2).hash(), STREAM, 3, forged);
    links.set(3, new ChainLink(3, forged, forgedHash));

    ChainVerification result = StreamHashChain.verify(STREAM, links, headOf(chainOf(STREAM, 6)));

    assertThat(result.brokenIndex()).isEqualTo(4);
  }

  @Test
  void shouldDetectARewrittenTailAgainstTheHead() {
    List<ChainLink> original = chainOf(STREAM, 6);
    List<byte[]> payloads =
        new ArrayList<>(original.stream().map(ChainLink::canonicalBytes).toList());
    payloads.set(5, "{\"rewritten\":true}".getBytes(StandardCharsets.UTF_8));
    List<ChainLink> rewritten = StreamHashChain.chain(STREAM, payloads);

    ChainVerification result = StreamHashChain.verify(STREAM, rewritten, headOf(original));

    assertThat(result)
        .isEqualTo(ChainVerification.brokenAt(5, "last hash does not match the head hash"));
  }

  static Stream<Arguments> tampering() {
    return Stream.of(Tamper.values())
        .flatMap(
            tamper ->
                IntStream.range(0, 60)
                    .mapToObj(seed -> Arguments.of(tamper, 1000L * tamper.ordinal() + seed)));
  }

  @ParameterizedTest(name = "{0} seed={1}")
  @MethodSource("tampering")
  void shouldFailAndNameTheFirstTamperedPosition(Tamper tamper, long seed) {
    Random random = new Random(seed);
    int size = 1 + random.nextInt(40);
    List<ChainLink> original = chainOf(STREAM, size);
    ChainHead head = headOf(original);
    List<ChainLink> tampered = tamper(original, tamper, random);

    ChainVerification result = StreamHashChain.verify(STREAM, tampered, head);

    assertThat(result.intact()).as("%s of a %d-event chain: %s", tamper, size, tampered).isFalse();
    assertThat(result.brokenIndex())
        .as(result.reason())
        .isEqualTo(firstDifference(original, tampered));
  }

  private static List<ChainLink> tamper(List<ChainLink> original, Tamper tamper, Random random) {
    List<ChainLink> links = new ArrayList<>(original);
    int size = links.size();
    switch (tamper) {
      case FLIP_BYTE -> {
        int position = random.nextInt(size);
        ChainLink link = links.get(position);
        byte[] payload = link.canonicalBytes();
        byte[] hash = link.hash();
        byte[] target = random.nextBoolean() ? payload : hash;
        target[random.nextInt(target.length)] ^= (byte) (1 << random.nextInt(8));
        links.set(position, new ChainLink(link.sequenceNumber(), payload, hash));
      }
      case DELETE -> links.remove(random.nextInt(size));
      case DUPLICATE -> {
        int position = random.nextInt(size);
        links.add(position + 1, links.get(position));
      }
      case REORDER -> {
        if (size == 1) {
          links.add(0, links.getFirst()); // nothing to swap with: a one-event stream gets a repeat
        } else {
          int first = random.nextInt(size - 1);
          int second = first + 1 + random.nextInt(size - first - 1);
          Collections.swap(links, first, second);
        }
      }
      case INSERT -> {
        int position = random.nextInt(size + 1);
        // An event from another sitting's stream at the same position, with its own valid hash.
        links.add(position, chainOf("sitting-other", position + 1).get(position));
      }
    }
    return links;
  }

  private static int firstDifference(List<ChainLink> original, List<ChainLink> tampered) {
    int common = Math.min(original.size(), tampered.size());
    for (int i = 0; i < common; i++) {
      if (!original.get(i).equals(tampered.get(i))) {
        return i;
      }
    }
    return common;
  }

  @Test
  void shouldRefuseAPreviousHashOfTheWrongLength() {
    assertThatThrownBy(() -> StreamHashChain.nextHash(new byte[31], STREAM, 0, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("previousHash must be 32 bytes: previousHash.length=31");
  }

  @Test
  void shouldRefuseANegativeSequenceNumber() {
    assertThatThrownBy(() -> new ChainLink(-1, new byte[0], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sequenceNumber must be >= 0: sequenceNumber=-1");
  }
}
