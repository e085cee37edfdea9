package kg.exam.client.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamCreated;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.SessionTreeLeavesListed;
import kg.exam.contract.session.TreeLeaf;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingDeviceKeyBound;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.SignedStatement;
import kg.exam.contract.trust.StreamHashChain;
import kg.exam.contract.trust.StreamHeadSigned;
import kg.exam.contract.trust.bundle.AuditBundle;
import kg.exam.contract.trust.bundle.AuditBundleWriter;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleManifest;
import kg.exam.contract.trust.bundle.BundleStream;
import kg.exam.contract.trust.bundle.SittingProof;
import kg.exam.contract.trust.registry.KeyRevoked;
import kg.exam.contract.trust.registry.ServerKeyRegistered;
import kg.exam.contract.trust.registry.TrustRegistry;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.SittingScore;

/**
 * Builds session bundles of any size as the server would (events serialised, canonicalised,
 * chained; real Ed25519 seals and tree head with a generated key; scores from scoring-core), for
 * measuring the verifier and for tests of what the server cannot be made to do (a seal by a revoked
 * key, a signed wrong score). Deterministic for a seed, apart from the generated signing key.
 *
 * <p>{@code java kg.exam.client.audit.SyntheticBundles OUT.zip SITTINGS [SEED]} writes a bundle and
 * prints how long writing and verifying it took.
 */
public final class SyntheticBundles {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final int ITEMS = 30;
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  /**
   * What to build.
   *
   * @param sittings number of sittings
   * @param seed seed of the answers
   * @param revokeFrom when not null, the key registry revokes the server key from this instant
   * @param forgeScoreOfFirst when true, the first sitting's recorded raw total is one more than
   *     scoring-core gives, and sealed so (a server that signs a wrong score)
   */
  public record Spec(
      int sittings,
      long seed,
      Instant revokeFrom,
      boolean forgeScoreOfFirst,
      boolean leavesInHead) {

    /** A bundle whose tree head is of the current scheme (leaves listed in batches before it). */
    public Spec(int sittings, long seed, Instant revokeFrom, boolean forgeScoreOfFirst) {
      this(sittings, seed, revokeFrom, forgeScoreOfFirst, false);
    }
  }

  private SyntheticBundles() {}

  /** Writes the bundle to {@code out} (closed afterwards). */
  public static void write(OutputStream out, Spec spec) throws IOException {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    String examId = "synthetic-exam";
    String sessionId = "synthetic-session";
    ExamContent content = content();
    List<Object> registry = new ArrayList<>();
    registry.add(
        new ServerKeyRegistered(
            TrustRegistry.STREAM_ID,
            key.keyId().value(),
            key.publicKey().toBase64Url(),
            TrustRegistry.ROLE_SERVER,
            T0.minusSeconds(3600),
            null,
            "server"));
    if (spec.revokeFrom() != null) {
      registry.add(
          new KeyRevoked(
              TrustRegistry.STREAM_ID, key.keyId().value(), spec.revokeFrom(), "test", "admin"));
    }
    List<Object> exam =
        List.of(
            new ExamCreated(examId, content, "author"),
            new ExamPublished(examId, 1, 1, content, "author"));
    List<Object> session =
        new ArrayList<>(
            List.of(
                new ExamSessionOpened(
                    sessionId,
                    examId,
                    1,
                    "centre",
                    "school",
                    T0.minusSeconds(600),
                    T0.plusSeconds(36000),
                    "admin")));
    // the sittings, held as canonical payload lists only long enough to take their leaves
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < spec.sittings(); i++) {
      ids.add(String.format("sit-%07d", i));
    }
    List<byte[]> leaves = new ArrayList<>();
    List<TreeLeaf> treeLeaves = new ArrayList<>();
    List<Long> sealSeqs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      List<byte[]> payloads = sitting(ids.get(i), sessionId, examId, content, key, spec, i);
      leaves.add(payloads.getLast());
      treeLeaves.add(new TreeLeaf(ids.get(i), payloads.size() - 1));
      sealSeqs.add((long) payloads.size() - 1);
    }
    MerkleTree tree = MerkleTree.of(leaves);
    leaves = null;
    Instant publishedAt = T0.plusSeconds(40000);
    String root = HexFormat.of().formatHex(tree.rootHash());
    SessionTreeHeadPublished unsigned;
    if (spec.leavesInHead()) {
      unsigned =
          new SessionTreeHeadPublished(
              sessionId,
              SessionTreeHeadPublished.SCHEME_V1,
              treeLeaves.size(),
              root,
              treeLeaves,
              key.keyId().value(),
              publishedAt,
              "admin",
              null,
              0,
              null);
    } else {
      session.addAll(SessionTreeLeavesListed.batches(sessionId, treeLeaves));
      unsigned =
          SessionTreeHeadPublished.unsigned(
              sessionId, treeLeaves, root, key.keyId().value(), publishedAt, "admin");
    }
    session.add(withSignature(unsigned, key));
    long headSeq = session.size() - 1;
    try (AuditBundleWriter writer = new AuditBundleWriter(out)) {
      writer.manifest(
          new BundleManifest(
              AuditBundle.FORMAT,
              "SESSION",
              sessionId,
              null,
              examId,
              1,
              headSeq,
              ids.size(),
              publishedAt));
      writer.registry(
          signedStream(
              BundleStream.Kind.REGISTRY,
              TrustRegistry.STREAM_ID,
              registry,
              key,
              T0.minusSeconds(3500)));
      writer.exam(signedStream(BundleStream.Kind.EXAM, examId, exam, key, T0.minusSeconds(3400)));
      writer.session(
          signedStream(
              BundleStream.Kind.SESSION, sessionId, session, key, publishedAt.plusSeconds(1)));
      for (int i = 0; i < ids.size(); i++) {
        List<byte[]> payloads = sitting(ids.get(i), sessionId, examId, content, key, spec, i);
        List<String> types = TYPES_CACHE.get();
        writer.sitting(
            new BundleStream(
                BundleStream.Kind.SITTING,
                ids.get(i),
                chain(ids.get(i), types, payloads),
                new SittingProof(headSeq, sealSeqs.get(i), tree.inclusionProof(i))));
      }
    }
  }

  private static final ThreadLocal<List<String>> TYPES_CACHE = new ThreadLocal<>();

  /** One sitting's canonical payloads (types left in {@link #TYPES_CACHE}). */
  private static List<byte[]> sitting(
      String id,
      String sessionId,
      String examId,
      ExamContent content,
      Ed25519PrivateKey key,
      Spec spec,
      int index) {
    Random random = new Random(spec.seed() * 1_000_003L + index);
    List<Object> events = new ArrayList<>();
    events.add(
        new CandidateRegistered(
            id,
            sessionId,
            examId,
            1,
            "centre",
            "C-" + index,
            new CandidateProfile("CHUI", "d", "school", "URBAN", "ky", "F", 9),
            0,
            "admin"));
    Instant start = T0.plusSeconds(index % 600);
    events.add(
        new SittingStarted(
            id,
            start,
            start.plusSeconds(3600),
            3_600_000,
            content.items().stream().map(ItemDefinition::itemId).toList()));
    // The candidate's device key for this sitting, from its own seed so the answers stay the same.
    byte[] deviceSeed = new byte[Ed25519PrivateKey.SEED_LENGTH_BYTES];
    new Random(spec.seed() * 1_000_033L + index + 7).nextBytes(deviceSeed);
    Ed25519PrivateKey device = Ed25519PrivateKey.fromSeed(deviceSeed);
    events.add(
        new SittingDeviceKeyBound(
            id, device.keyId().value(), device.publicKey().toBase64Url(), start));
    Map<String, List<String>> responses = new HashMap<>();
    for (int q = 0; q < ITEMS; q++) {
      String item = "q" + q;
      List<String> response = List.of(String.valueOf((char) ('A' + random.nextInt(4))));
      responses.put(item, response);
      Instant at = start.plusSeconds(60 + q * 60L);
      events.add(
          new AnswerRecorded(
              id,
              item,
              response,
              q + 1,
              at,
              at,
              device.keyId().value(),
              AnswerSignatures.sign(device, id, item, response, q + 1, at)));
    }
    Instant submitted = start.plusSeconds(3000);
    events.add(new SittingSubmitted(id, submitted));
    SittingScore score =
        FormScorer.score(
            ContractForms.toForm(examId + "/1", content.items(), content.scoring()), responses);
    double raw = score.rawTotal() + (spec.forgeScoreOfFirst() && index == 0 ? 1 : 0);
    events.add(
        new SittingScored(
            id,
            examId,
            1,
            1,
            ScoringCoreVersion.VERSION,
            score.items().stream()
                .map(
                    s ->
                        new ItemScoreRecord(
                            s.itemId(), s.score(), s.maxScore(), s.outcome().name()))
                .toList(),
            score.sectionTotals(),
            raw,
            score.maxTotal(),
            score.percentage(),
            score.passed(),
            score.grade(),
            score.gradeWithheld(),
            score.needsHumanMarking(),
            "SUBMITTED",
            submitted.plusMillis(5)));
    List<byte[]> payloads = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (Object e : events) {
      payloads.add(canonical(e));
      types.add(e.getClass().getName());
    }
    List<BundleEvent> chained = chain(id, types, payloads);
    HexFormat hex = HexFormat.of();
    SittingSealed seal =
        new SittingSealed(
            id,
            SittingSealed.SCHEME,
            payloads.size(),
            hex.formatHex(chained.getLast().hash()),
            payloads.size() - 1,
            hex.formatHex(SignedStatement.sha256(payloads.getLast())),
            key.keyId().value(),
            submitted.plusMillis(10),
            null);
    payloads.add(canonical(withSignature(seal, key)));
    types.add(SittingSealed.class.getName());
    TYPES_CACHE.set(types);
    return payloads;
  }

  private static Object withSignature(SittingSealed s, Ed25519PrivateKey key) {
    String sig = sign(s, key);
    return new SittingSealed(
        s.sittingId(),
        s.scheme(),
        s.eventCount(),
        s.headHash(),
        s.scoredSequence(),
        s.scoreDigest(),
        s.keyId(),
        s.sealedAt(),
        sig);
  }

  private static Object withSignature(SessionTreeHeadPublished h, Ed25519PrivateKey key) {
    return h.signed(sign(h, key));
  }

  private static String sign(Object unsigned, Ed25519PrivateKey key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.sign(SignedStatement.signedBytes(canonical(unsigned))));
  }

  /** The events chained and followed by the server's signature over their head. */
  private static BundleStream signedStream(
      BundleStream.Kind kind, String id, List<Object> events, Ed25519PrivateKey key, Instant at) {
    List<byte[]> payloads = events.stream().map(SyntheticBundles::canonical).toList();
    List<String> types = events.stream().map(e -> e.getClass().getName()).toList();
    return new BundleStream(
        kind, id, withSignedHead(id, chain(id, types, payloads), key, at), null);
  }

  /**
   * The chained events followed by a {@value StreamHeadSigned#SCHEME} signature of {@code key} over
   * their head, as the server appends it (also what a forger holding a key would do).
   */
  public static List<BundleEvent> withSignedHead(
      String id, List<BundleEvent> events, Ed25519PrivateKey key, Instant at) {
    StreamHeadSigned unsigned =
        new StreamHeadSigned(
            id,
            StreamHeadSigned.SCHEME,
            events.size(),
            HexFormat.of().formatHex(events.getLast().hash()),
            key.keyId().value(),
            at,
            null);
    byte[] payload = canonical(unsigned.signed(sign(unsigned, key)));
    List<BundleEvent> out = new ArrayList<>(events);
    out.add(
        new BundleEvent(
            events.size(),
            StreamHeadSigned.class.getName(),
            payload,
            StreamHashChain.nextHash(events.getLast().hash(), id, events.size(), payload)));
    return out;
  }

  private static List<BundleEvent> chain(String id, List<String> types, List<byte[]> payloads) {
    List<BundleEvent> out = new ArrayList<>(payloads.size());
    byte[] previous = StreamHashChain.genesisHash();
    for (int i = 0; i < payloads.size(); i++) {
      previous = StreamHashChain.nextHash(previous, id, i, payloads.get(i));
      out.add(new BundleEvent(i, types.get(i), payloads.get(i), previous));
    }
    return out;
  }

  /** The event as the server stores it: Jackson JSON in its RFC 8785 canonical form. */
  static byte[] canonical(Object event) {
    try {
      return CanonicalJson.canonicalizeExact(
          new String(JSON.writeValueAsBytes(event), StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + event.getClass(), e);
    }
  }

  private static ExamContent content() {
    List<ItemDefinition> items = new ArrayList<>();
    List<Choice> choices =
        List.of(
            new Choice("A", "a"), new Choice("B", "b"), new Choice("C", "c"), new Choice("D", "d"));
    for (int q = 0; q < ITEMS; q++) {
      items.add(
          new ItemDefinition(
              "q" + q,
              q < ITEMS / 2 ? "s1" : "s2",
              "SINGLE_CHOICE",
              1,
              1,
              "Question " + q,
              choices,
              List.of(),
              ItemKey.matchCorrect(List.of(String.valueOf((char) ('A' + q % 4))))));
    }
    return new ExamContent(
        "Synthetic",
        "math",
        9,
        "ky",
        60,
        List.of(new SectionDefinition("s1", "One"), new SectionDefinition("s2", "Two")),
        items,
        new ScoringRules(50, List.of(), null));
  }

  /** Writes a bundle, then verifies it on every core, printing both times. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: SyntheticBundles OUT.zip SITTINGS [SEED]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    long t0 = System.nanoTime();
    try (OutputStream o = Files.newOutputStream(out)) {
      write(o, new Spec(n, seed, null, false));
    }
    long t1 = System.nanoTime();
    System.out.printf(
        "wrote %d sittings to %s (%d bytes) in %.1f s%n", n, out, Files.size(out), (t1 - t0) / 1e9);
    int cores = Runtime.getRuntime().availableProcessors();
    for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
      long v0 = System.nanoTime();
      VerificationReport report = new BundleVerifier(threads, x -> {}).verify(out);
      long v1 = System.nanoTime();
      System.out.printf(
          "verified with %d thread(s): %s in %.1f s (%.0f sittings/s)%n",
          threads,
          report.ok() ? "OK" : report.failure().describe(),
          (v1 - v0) / 1e9,
          n / ((v1 - v0) / 1e9));
    }
  }
}
