package kg.exam.benchmarks.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.InclusionProof;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.SignedStatement;
import kg.exam.contract.trust.StreamHashChain;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trust primitives, one operation per call, single-threaded: RFC 8785 canonical encoding of a
 * stored {@code AnswerRecorded} and {@code SittingScored} payload (JSON text as the event
 * serializer writes it, parsed strictly and re-encoded, as {@code ChainingEventStorageEngine}
 * does), one {@code sha256-chain/1} step, Ed25519 sign and verify (Bouncy Castle) of a signed
 * statement, the RFC 6962 root over 10,000 leaves and one inclusion-proof check in that tree.
 *
 * <p>{@link #answerTrustWork} is the CPU work trust adds to recording one answer: canonical
 * encoding, the chain step and the verification of one device signature over the answer.
 *
 * <p>Settings for a 2-core machine shared with others: 1 fork, 3 × 1 s warm-up, 5 × 1 s
 * measurement; the whole class runs in about 2 minutes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrustBenchmark {
  /** Leaves of the Merkle tree: the sittings of a large session. */
  public static final int LEAVES = 10_000;

  /** A typical stored answer: an extended (free-text) response with a device signature. */
  public static final String ANSWER_JSON =
      "{\"sittingId\":\"sitting-0000412\",\"itemId\":\"q9\",\"response\":[\"Тик бурчтуу үч"
          + " бурчтуктун гипотенузасынын квадраты катеттердин квадраттарынын суммасына барабар:"
          + " c² = a² + b².\"],\"clientSeq\":17,\"clientTimestamp\":\"2026-06-01T08:41:07.123Z\","
          + "\"recordedAt\":\"2026-06-01T08:41:07.361829Z\",\"keyId\":\"ed25519:3q2-7wAAAQ\","
          + "\"signature\":\"aGVsbG8td29ybGQtdGhpcy1pcy1hLTY0LWJ5dGUtc2lnbmF0dXJlLXBsYWNlaG9sZGVyLWZvci1iZW5jaC0xMjM0NTY3OA\"}";

  /** A stored score of a 30-item form (member order as Jackson writes it, not canonical). */
  public static final String SCORED_JSON = scoredJson(30);

  private byte[] answerCanonical;
  private byte[] statement;
  private byte[] signature;
  private Ed25519PrivateKey privateKey;
  private Ed25519PublicKey publicKey;
  private byte[] previousHash;
  private List<byte[]> leafData;
  private byte[] root;
  private List<InclusionProof> proofs;
  private int next;

  /** Builds the payloads, a key pair from a fixed seed, and a 10,000-leaf tree. */
  @Setup
  public void setUp() {
    answerCanonical = CanonicalJson.canonicalizeExact(ANSWER_JSON);
    statement = SignedStatement.signedBytes(answerCanonical);
    byte[] seed = new byte[Ed25519PrivateKey.SEED_LENGTH_BYTES];
    new SplittableRandom(7).nextBytes(seed);
    privateKey = Ed25519PrivateKey.fromSeed(seed);
    publicKey = privateKey.publicKey();
    signature = privateKey.sign(statement);
    previousHash = SignedStatement.sha256(answerCanonical);
    leafData = new ArrayList<>(LEAVES);
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < LEAVES; i++) {
      byte[] leaf = new byte[300];
      random.nextBytes(leaf);
      leafData.add(leaf);
    }
    MerkleTree tree = MerkleTree.of(leafData);
    root = tree.rootHash();
    proofs = new ArrayList<>(LEAVES);
    for (int i = 0; i < LEAVES; i++) {
      proofs.add(tree.inclusionProof(i));
    }
  }

  /** RFC 8785 form of the stored answer payload. */
  @Benchmark
  public byte[] canonicalAnswer() {
    return CanonicalJson.canonicalizeExact(ANSWER_JSON);
  }

  /** RFC 8785 form of the stored score payload. */
  @Benchmark
  public byte[] canonicalScored() {
    return CanonicalJson.canonicalizeExact(SCORED_JSON);
  }

  /** One chain step over the canonical answer. */
  @Benchmark
  public byte[] chainStep() {
    return StreamHashChain.nextHash(previousHash, "sitting-0000412", 17, answerCanonical);
  }

  /** Ed25519 signature of the answer's signed statement. */
  @Benchmark
  public byte[] sign() {
    return privateKey.sign(statement);
  }

  /** Ed25519 verification of the answer's signed statement. */
  @Benchmark
  public boolean verify() {
    return publicKey.verify(statement, signature);
  }

  /** RFC 6962 root over {@value #LEAVES} leaves of 300 bytes. */
  @Benchmark
  public byte[] merkleRoot10k() {
    return MerkleTree.of(leafData).rootHash();
  }

  /** One inclusion-proof check in the 10,000-leaf tree (leaves taken in turn). */
  @Benchmark
  public boolean inclusionProof() {
    int i = next;
    next = i + 1 == LEAVES ? 0 : i + 1;
    return MerkleTree.verifyInclusion(leafData.get(i), proofs.get(i), root);
  }

  /** What trust adds per recorded answer: canonical form, chain step, device signature check. */
  @Benchmark
  public boolean answerTrustWork() {
    byte[] canonical = CanonicalJson.canonicalizeExact(ANSWER_JSON);
    byte[] hash = StreamHashChain.nextHash(previousHash, "sitting-0000412", 17, canonical);
    return hash.length == 32 && publicKey.verify(statement, signature);
  }

  /** UTF-8 size of a payload text in bytes (for MB/s figures). */
  public static int utf8Bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String scoredJson(int items) {
    StringBuilder s = new StringBuilder();
    s.append(
        "{\"sittingId\":\"sitting-0000412\",\"examId\":\"exam-2026-math9\",\"examVersion\":1,"
            + "\"keyVersion\":2,\"scoringVersion\":\"scoring-core/1.4\",\"itemScores\":[");
    double raw = 0;
    for (int i = 1; i <= items; i++) {
      double score = i % 3 == 0 ? 0 : i % 7 == 0 ? 0.5 : 1;
      raw += score;
      s.append(i > 1 ? "," : "")
          .append(
              String.format(
                  Locale.ROOT,
                  "{\"itemId\":\"q%d\",\"score\":%s,\"maxScore\":1.0,\"outcome\":\"%s\"}",
                  i,
                  score == 0.5 ? "0.5" : score == 1 ? "1.0" : "0.0",
                  score == 1 ? "CORRECT" : score == 0 ? "INCORRECT" : "PARTIAL"));
    }
    s.append(
            String.format(
                Locale.ROOT,
                "],\"sectionTotals\":{\"s1\":%.1f,\"s2\":%.1f},\"rawTotal\":%.1f,\"maxTotal\":%d.0,",
                Math.floor(raw / 2),
                raw - Math.floor(raw / 2),
                raw,
                items))
        .append(
            String.format(
                Locale.ROOT,
                "\"percentage\":%s,\"passed\":true,\"grade\":4,\"gradeWithheld\":false,"
                    + "\"needsHumanMarking\":false,\"reason\":\"SUBMITTED\","
                    + "\"scoredAt\":\"2026-06-01T10:02:13.514077Z\"}",
                Double.toString(100 * raw / items)));
    return s.toString();
  }
}
