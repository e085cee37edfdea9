package kg.exam.client.audit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;
import kg.exam.contract.appeal.AppealDecided;
import kg.exam.contract.appeal.AppealLodged;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.KeyAmended;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.SessionTreeLeavesListed;
import kg.exam.contract.session.TreeLeaf;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingDeviceKeyBound;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.ChainLink;
import kg.exam.contract.trust.ChainVerification;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.SignedStatement;
import kg.exam.contract.trust.StationRequestSignatures;
import kg.exam.contract.trust.StreamHashChain;
import kg.exam.contract.trust.StreamHeadSigned;
import kg.exam.contract.trust.bundle.AuditBundle;
import kg.exam.contract.trust.bundle.AuditBundleReader;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleFormatException;
import kg.exam.contract.trust.bundle.BundleManifest;
import kg.exam.contract.trust.bundle.BundleStream;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.KeyRevoked;
import kg.exam.contract.trust.registry.ServerKeyEndorsed;
import kg.exam.contract.trust.registry.ServerKeyRegistered;
import kg.exam.contract.trust.registry.StationKeyRegistered;
import kg.exam.contract.trust.registry.TrustRegistry;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.SittingScore;
import kg.exam.scoring.marking.MarkedScoring;

/**
 * Verifies an audit bundle ({@value AuditBundle#FORMAT}) fully offline: (a) the hash chain of every
 * stream, (b) every seal and the tree head against the key the registry says was valid at the time
 * they name (unknown, superseded or revoked keys refused), and every answer's device signature
 * ({@code answer/1}) against the sitting's device key bound last before it in the stream or a
 * station key of the sitting's centre valid at the answer's {@code recordedAt} (an unsigned answer
 * fails, field {@code signature}), (c) each sitting's Merkle inclusion in the signed session head,
 * (d) every recorded score re-computed with scoring-core from the answers in the stream, the exam's
 * key version and the final human marks before it, every human-marking event checked against the
 * answers, the rubrics and the marks before it ({@link MarkingChecks}), (e) the key registry, exam
 * and session streams each ending with a server signature over their head ({@value
 * StreamHeadSigned#SCHEME}), every such signature valid, and every cross-signature of a key
 * rotation ({@value ServerKeyEndorsed#SCHEME}) valid. Stops at the first failure; sittings are
 * checked in parallel and the failure reported is the first in entry order.
 *
 * <p>Each event payload must also read as its declared contract type, strictly (no unknown or
 * missing members): the chain covers payloads, not type names, so a payload relabelled as another
 * type is caught here. Thread-safe; one instance may verify several bundles one after another.
 */
public final class BundleVerifier {
  private static final String CONTRACT_PACKAGE = "kg.exam.contract.";

  private final ObjectMapper json = payloadMapper();
  private final int threads;
  private final IntConsumer progress;
  private final Set<String> trustedKeys;

  /**
   * @param threads worker threads for the sittings (e.g. the number of cores)
   * @param progress told the number of sittings done so far, now and then; may be a no-op
   */
  public BundleVerifier(int threads, IntConsumer progress) {
    this(threads, progress, Set.of());
  }

  /**
   * @param threads worker threads for the sittings (e.g. the number of cores)
   * @param progress told the number of sittings done so far, now and then; may be a no-op
   * @param trustedKeys key ids known out of band (e.g. published by the centre); when not empty, a
   *     seal, tree head or stream head signed by any other key fails even if the bundled registry
   *     lists it, so a registry entry forged into the database does not help a forger, unless the
   *     key was endorsed by a trusted key in a cross-signed rotation (followed transitively)
   */
  public BundleVerifier(int threads, IntConsumer progress, Set<String> trustedKeys) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: threads=" + threads);
    }
    this.threads = threads;
    this.progress = Objects.requireNonNull(progress, "progress");
    this.trustedKeys = Set.copyOf(trustedKeys);
  }

  /** A verifier using every core, without progress reports. */
  public BundleVerifier() {
    this(Runtime.getRuntime().availableProcessors(), n -> {});
  }

  /** Thrown inside the checks to stop at the first failure. */
  private static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Failure failure;

    Failed(Failure failure) {
      super(failure.describe(), null, false, false);
      this.failure = failure;
    }
  }

  /** What the shared streams establish, used by every sitting. */
  private record Context(
      BundleManifest manifest,
      KeyRegistry keys,
      Set<String> trusted,
      Map<Integer, ExamPublished> versions,
      List<Object> keyChanges,
      SessionTreeHeadPublished head,
      List<TreeLeaf> leaves,
      byte[] root) {}

  /** Verifies the bundle file; never throws for a bad bundle (only for unreadable files). */
  public VerificationReport verify(Path bundle) throws IOException {
    AuditBundleReader reader;
    try {
      reader = AuditBundleReader.open(bundle);
    } catch (BundleFormatException e) {
      return new VerificationReport(
          new Failure("bundle", null, null, e.entry(), e.getMessage()), 0, null);
    }
    try (reader) {
      BundleManifest manifest = reader.manifest();
      try {
        Context context = shared(reader, manifest);
        return sittings(reader, context);
      } catch (Failed f) {
        return new VerificationReport(f.failure, 0, manifest.scope());
      } catch (BundleFormatException e) {
        return new VerificationReport(
            new Failure("bundle", null, null, e.entry(), e.getMessage()), 0, manifest.scope());
      }
    } catch (BundleFormatException e) {
      return new VerificationReport(
          new Failure("manifest", null, null, e.entry(), e.getMessage()), 0, null);
    }
  }

  private Context shared(AuditBundleReader reader, BundleManifest manifest) throws Failed {
    if (!AuditBundle.FORMAT.equals(manifest.format())) {
      throw fail("manifest", null, null, "format", "unknown bundle format " + manifest.format());
    }
    if (!manifest.scope().equals("SITTING") && !manifest.scope().equals("SESSION")) {
      throw fail("manifest", null, null, "scope", "unknown scope " + manifest.scope());
    }
    // (a) + registry
    BundleStream registryStream = reader.registry();
    List<Object> registryEvents = chainAndRead("registry", registryStream, TrustRegistry.STREAM_ID);
    KeyRegistry keys = new KeyRegistry();
    for (int i = 0; i < registryEvents.size(); i++) {
      try {
        if (registryEvents.get(i) instanceof ServerKeyRegistered r) {
          keys.apply(r);
        } else if (registryEvents.get(i) instanceof StationKeyRegistered r) {
          keys.apply(r);
        } else if (registryEvents.get(i) instanceof KeyRevoked r) {
          keys.apply(r);
        }
      } catch (IllegalArgumentException e) {
        throw fail("registry", TrustRegistry.STREAM_ID, (long) i, "payload", e.getMessage());
      }
    }
    Set<String> trusted = endorsements(registryStream, registryEvents, keys);
    // exam
    BundleStream examStream = reader.exam();
    List<Object> examEvents = chainAndRead("exam", examStream, manifest.examId());
    Map<Integer, ExamPublished> versions = new HashMap<>();
    List<Object> keyChanges = new ArrayList<>(); // key amendments and exclusions, in order
    for (Object e : examEvents) {
      if (e instanceof ExamPublished p) {
        versions.put(p.version(), p);
      } else if (e instanceof KeyAmended || e instanceof ItemExcluded) {
        keyChanges.add(e);
      }
    }
    // session and its tree head
    BundleStream sessionStream = reader.session();
    List<Object> sessionEvents = chainAndRead("session", sessionStream, manifest.sessionId());
    if (sessionEvents.isEmpty()
        || !(sessionEvents.getFirst() instanceof ExamSessionOpened opened)
        || !opened.examId().equals(manifest.examId())
        || opened.examVersion() != manifest.examVersion()) {
      throw fail(
          "session",
          manifest.sessionId(),
          0L,
          "examId",
          "the session was not opened for exam "
              + manifest.examId()
              + " v"
              + manifest.examVersion());
    }
    long headSeq = manifest.treeHeadSequence();
    if (headSeq < 0
        || headSeq >= sessionEvents.size()
        || !(sessionEvents.get((int) headSeq) instanceof SessionTreeHeadPublished head)) {
      throw fail(
          "session",
          manifest.sessionId(),
          headSeq < 0 ? null : headSeq,
          "treeHeadSequence",
          "no session tree head at the event the manifest names");
    }
    String where = "session";
    boolean listedInHead = SessionTreeHeadPublished.SCHEME_V1.equals(head.scheme());
    if (!listedInHead && !SessionTreeHeadPublished.SCHEME.equals(head.scheme())) {
      throw fail(where, manifest.sessionId(), headSeq, "scheme", "unknown tree head scheme");
    }
    if (!head.sessionId().equals(manifest.sessionId())) {
      throw fail(where, manifest.sessionId(), headSeq, "sessionId", "tree head of another session");
    }
    checkSignature(
        keys,
        trusted,
        where,
        manifest.sessionId(),
        headSeq,
        head.keyId(),
        head.publishedAt(),
        sessionStream.events().get((int) headSeq).payload(),
        head.signature());
    List<TreeLeaf> leaves =
        listedInHead ? head.leaves() : listedLeaves(manifest, sessionEvents, headSeq, head);
    if (head.treeSize() != leaves.size()) {
      throw fail(
          where, manifest.sessionId(), headSeq, "treeSize", "treeSize differs from leaf count");
    }
    for (int i = 1; i < leaves.size(); i++) {
      if (leaves.get(i - 1).sittingId().compareTo(leaves.get(i).sittingId()) >= 0) {
        throw fail(
            where,
            manifest.sessionId(),
            headSeq,
            "leaves[" + i + "]",
            "leaves not in sitting id order");
      }
    }
    if (!head.rootHash().matches("[0-9a-f]{64}")) {
      throw fail(where, manifest.sessionId(), headSeq, "rootHash", "not a 32-byte hex hash");
    }
    // (e) what the tree head does not cover: the keys, the exam and the session itself
    checkSignedHeads("registry", registryStream, registryEvents, keys, trusted);
    checkSignedHeads("exam", examStream, examEvents, keys, trusted);
    checkSignedHeads("session", sessionStream, sessionEvents, keys, trusted);
    checkMedia(reader, manifest, examEvents, versions);
    return new Context(
        manifest,
        keys,
        trusted,
        versions,
        keyChanges,
        head,
        leaves,
        HexFormat.of().parseHex(head.rootHash()));
  }

  /**
   * The leaves of a {@value SessionTreeHeadPublished#SCHEME} head: the {@code leafBatches} events
   * just before it must be its batches of leaves, numbered from 0 and contiguous, and the list they
   * make must have the digest the head signed.
   */
  private static List<TreeLeaf> listedLeaves(
      BundleManifest manifest,
      List<Object> sessionEvents,
      long headSeq,
      SessionTreeHeadPublished head)
      throws Failed {
    String id = manifest.sessionId();
    if (!head.leaves().isEmpty()) {
      throw fail("session", id, headSeq, "leaves", "a tree-head/2 head lists no leaves itself");
    }
    if (head.leafBatches() < 1 || head.leafBatches() > headSeq) {
      throw fail("session", id, headSeq, "leafBatches", "no such batches of leaves before it");
    }
    List<SessionTreeLeavesListed> batches = new ArrayList<>();
    for (long seq = headSeq - head.leafBatches(); seq < headSeq; seq++) {
      if (!(sessionEvents.get((int) seq) instanceof SessionTreeLeavesListed batch)) {
        throw fail(
            "session", id, seq, "leafBatches", "not one of the batches of leaves the head counts");
      }
      batches.add(batch);
    }
    List<TreeLeaf> leaves = SessionTreeLeavesListed.joined(id, batches);
    if (leaves == null) {
      throw fail(
          "session",
          id,
          headSeq - head.leafBatches(),
          "leaves",
          "the batches of leaves are not numbered 0, 1, … of this session and contiguous");
    }
    if (!SessionTreeHeadPublished.leavesSha256(leaves).equals(head.leavesSha256())) {
      throw fail(
          "session",
          id,
          headSeq,
          "leavesSha256",
          "the leaves listed before the head are not the ones it signed");
    }
    return leaves;
  }

  private VerificationReport sittings(AuditBundleReader reader, Context context) throws Failed {
    BundleManifest manifest = context.manifest();
    List<String> entries = reader.sittingEntries();
    if (entries.size() != manifest.sittingCount()) {
      throw fail(
          "bundle",
          null,
          null,
          "sittings",
          "the manifest announces "
              + manifest.sittingCount()
              + " sittings, the bundle holds "
              + entries.size());
    }
    if (manifest.scope().equals("SESSION") && entries.size() != context.head().treeSize()) {
      throw fail(
          "bundle",
          null,
          null,
          "sittings",
          "the tree head has "
              + context.head().treeSize()
              + " sittings, the bundle holds "
              + entries.size());
    }
    AtomicIntegerArray covered = new AtomicIntegerArray(context.head().treeSize());
    Failure[] failures = new Failure[entries.size()];
    AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger done = new AtomicInteger();
    int chunk = Math.max(1, Math.min(256, entries.size() / (threads * 8) + 1));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int start = 0; start < entries.size(); start += chunk) {
        int from = start;
        int to = Math.min(entries.size(), start + chunk);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = from; i < to && i < firstFailed.get(); i++) {
                    Failure f = sitting(reader, entries.get(i), context, covered);
                    if (f != null) {
                      failures[i] = f;
                      firstFailed.accumulateAndGet(i, Math::min);
                    }
                    int n = done.incrementAndGet();
                    if (n % 500 == 0) {
                      progress.accept(n);
                    }
                  }
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("verifier failed unexpectedly", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (done.get() % 500 != 0) {
      progress.accept(done.get());
    }
    int first = firstFailed.get();
    if (first != Integer.MAX_VALUE) {
      return new VerificationReport(failures[first], done.get(), manifest.scope());
    }
    if (manifest.scope().equals("SESSION")) {
      for (int i = 0; i < covered.length(); i++) {
        if (covered.get(i) != 1) {
          TreeLeaf leaf = context.leaves().get(i);
          throw fail(
              "sitting",
              leaf.sittingId(),
              null,
              "proof.leafIndex",
              "leaf "
                  + i
                  + " of the tree head is "
                  + (covered.get(i) == 0 ? "missing" : "repeated"));
        }
      }
    }
    return new VerificationReport(null, done.get(), manifest.scope());
  }

  private Failure sitting(
      AuditBundleReader reader, String entry, Context context, AtomicIntegerArray covered) {
    BundleStream stream;
    try {
      stream = reader.sitting(entry);
    } catch (BundleFormatException e) {
      return new Failure("sitting", null, null, e.entry(), e.getMessage());
    }
    try {
      verifySitting(stream, context, covered);
      return null;
    } catch (Failed f) {
      return f.failure;
    } catch (RuntimeException e) {
      return new Failure(
          "sitting", stream.streamId(), null, null, "cannot be checked: " + e.getMessage());
    }
  }

  private void verifySitting(BundleStream stream, Context context, AtomicIntegerArray covered)
      throws Failed {
    String id = stream.streamId();
    String w = "sitting";
    BundleManifest manifest = context.manifest();
    if (stream.kind() != BundleStream.Kind.SITTING) {
      throw fail(w, id, null, "kind", "not a sitting stream");
    }
    if (manifest.scope().equals("SITTING") && !id.equals(manifest.sittingId())) {
      throw fail(w, id, null, "streamId", "the manifest names sitting " + manifest.sittingId());
    }
    List<Object> events = chainAndRead(w, stream, id);
    List<BundleEvent> raw = stream.events();
    if (events.isEmpty()
        || !(events.getFirst() instanceof CandidateRegistered registered)
        || !registered.sittingId().equals(id)
        || !registered.sessionId().equals(manifest.sessionId())
        || !registered.examId().equals(manifest.examId())
        || registered.examVersion() != manifest.examVersion()) {
      throw fail(w, id, 0L, "payload", "not a registration in this session and exam version");
    }
    if (!(events.getLast() instanceof SittingSealed)) {
      throw fail(
          w,
          id,
          (long) events.size() - 1,
          "type",
          "the stream does not end with a seal: the events from the last seal on are not sealed");
    }
    Map<String, Long> latestSeq = new HashMap<>();
    Map<Long, List<String>> answers = new HashMap<>();
    int lastScored = -1;
    Ed25519PublicKey deviceKey = null;
    MarkingChecks marking = new MarkingChecks();
    for (int i = 0; i < events.size(); i++) {
      Object e = events.get(i);
      long seq = i;
      if (marking.pending() != null
          && !(e instanceof ScriptDisputed || e instanceof ScriptResolved)) {
        throw fail(
            w,
            id,
            seq,
            "type",
            "the mark before this event has no outcome (" + marking.pending() + ")");
      }
      if (e instanceof SittingDeviceKeyBound bound) {
        deviceKey = checkDeviceKey(id, seq, bound);
      } else if (e instanceof AnswerRecorded a) {
        if (!a.sittingId().equals(id)) {
          throw fail(w, id, seq, "sittingId", "answer of another sitting");
        }
        checkAnswerSignature(id, seq, a, registered.centreId(), deviceKey, context.keys());
        answers.put(a.clientSeq(), a.response());
        latestSeq.merge(a.itemId(), a.clientSeq(), Math::max);
      } else if (e instanceof SittingScored scored) {
        checkScore(
            id,
            seq,
            scored,
            latestSeq,
            answers,
            marking.finalMarks(),
            context,
            registered.profile() == null ? null : registered.profile().instructionLanguage());
        lastScored = i;
      } else if (isMarking(e)) {
        checkMarking(id, seq, e, marking, latestSeq, answers, context);
      } else if (e instanceof AppealLodged) {
        marking.appealLodged();
      } else if (e instanceof AppealDecided decided) {
        try {
          marking.appealDecided(decided.outcome());
        } catch (MarkingChecks.Refused r) {
          throw fail(w, id, seq, r.field, r.getMessage());
        }
      } else if (e instanceof SittingSealed seal) {
        checkSeal(id, seq, seal, raw, lastScored, context);
      }
    }
    // (c) inclusion
    var proof = stream.proof();
    if (proof == null) {
      throw fail(w, id, null, "proof", "no inclusion proof");
    }
    if (proof.treeHeadSequence() != manifest.treeHeadSequence()) {
      throw fail(w, id, null, "proof.treeHeadSequence", "proof for another tree head");
    }
    long leafIndex = proof.inclusion().leafIndex();
    if (proof.inclusion().treeSize() != context.head().treeSize()
        || leafIndex >= context.head().treeSize()) {
      throw fail(w, id, null, "proof.treeSize", "proof for a tree of another size");
    }
    TreeLeaf leaf = context.leaves().get((int) leafIndex);
    if (!leaf.sittingId().equals(id) || leaf.sealSequence() != proof.sealSequence()) {
      throw fail(
          w,
          id,
          proof.sealSequence(),
          "proof.leafIndex",
          "the tree head's leaf " + leafIndex + " is " + leaf + ", not this sitting's seal");
    }
    if (proof.sealSequence() < 0
        || proof.sealSequence() >= events.size()
        || !(events.get((int) proof.sealSequence()) instanceof SittingSealed)) {
      throw fail(w, id, proof.sealSequence(), "proof.sealSequence", "no seal at this event");
    }
    if (!MerkleTree.verifyInclusion(
        raw.get((int) proof.sealSequence()).payload(), proof.inclusion(), context.root())) {
      throw fail(
          w,
          id,
          proof.sealSequence(),
          "proof.path",
          "the seal is not included in the signed session tree head");
    }
    if (covered.getAndIncrement((int) leafIndex) != 0) {
      throw fail(w, id, null, "proof.leafIndex", "leaf " + leafIndex + " is claimed twice");
    }
  }

  private void checkSeal(
      String id,
      long seq,
      SittingSealed seal,
      List<BundleEvent> raw,
      int lastScored,
      Context context)
      throws Failed {
    String w = "sitting";
    HexFormat hex = HexFormat.of();
    if (!SittingSealed.SCHEME.equals(seal.scheme())) {
      throw fail(w, id, seq, "scheme", "unknown seal scheme " + seal.scheme());
    }
    if (!id.equals(seal.sittingId())) {
      throw fail(w, id, seq, "sittingId", "seal of another sitting");
    }
    if (seal.eventCount() != seq) {
      throw fail(
          w,
          id,
          seq,
          "eventCount",
          "seal counts " + seal.eventCount() + " events before it, not " + seq);
    }
    if (!hex.formatHex(raw.get((int) seq - 1).hash()).equals(seal.headHash())) {
      throw fail(w, id, seq, "headHash", "not the chain hash of event " + (seq - 1));
    }
    if (lastScored < 0 || seal.scoredSequence() != lastScored) {
      throw fail(
          w,
          id,
          seq,
          "scoredSequence",
          "seal names event "
              + seal.scoredSequence()
              + ", the latest score is event "
              + lastScored);
    }
    byte[] digest = SignedStatement.sha256(raw.get(lastScored).payload());
    if (!hex.formatHex(digest).equals(seal.scoreDigest())) {
      throw fail(w, id, seq, "scoreDigest", "not the SHA-256 of the score at event " + lastScored);
    }
    checkSignature(
        context.keys(),
        context.trusted(),
        w,
        id,
        seq,
        seal.keyId(),
        seal.sealedAt(),
        raw.get((int) seq).payload(),
        seal.signature());
  }

  private static Ed25519PublicKey checkDeviceKey(String id, long seq, SittingDeviceKeyBound bound)
      throws Failed {
    if (!id.equals(bound.sittingId())) {
      throw fail("sitting", id, seq, "sittingId", "device key of another sitting");
    }
    Ed25519PublicKey key;
    try {
      key = Ed25519PublicKey.fromBase64Url(bound.publicKey());
    } catch (IllegalArgumentException | NullPointerException x) {
      throw fail("sitting", id, seq, "publicKey", "not an Ed25519 public key");
    }
    if (!key.keyId().value().equals(bound.keyId())) {
      throw fail("sitting", id, seq, "keyId", "not the key id of the bound public key");
    }
    return key;
  }

  /**
   * An answer's device signature ({@code answer/1}): by the sitting's device key bound last before
   * it in the stream, or by a station key of the sitting's centre valid at the server's receive
   * time.
   */
  private static void checkAnswerSignature(
      String id,
      long seq,
      AnswerRecorded a,
      String centreId,
      Ed25519PublicKey deviceKey,
      KeyRegistry keys)
      throws Failed {
    String w = "sitting";
    if (a.keyId() == null || a.signature() == null) {
      throw fail(w, id, seq, "signature", "the answer is not signed by a device");
    }
    Ed25519PublicKey key;
    if (deviceKey != null && deviceKey.keyId().value().equals(a.keyId())) {
      key = deviceKey;
    } else {
      KeyRegistry.Validity validity = keys.stationKeyValidAt(a.keyId(), centreId, a.recordedAt());
      if (!validity.valid()) {
        throw fail(
            w,
            id,
            seq,
            "keyId",
            "neither the sitting's current device key nor a valid station key: "
                + validity.reason());
      }
      key = validity.key();
    }
    if (!AnswerSignatures.verify(
        key,
        a.signature(),
        a.sittingId(),
        a.itemId(),
        a.response(),
        a.clientSeq(),
        a.clientTimestamp())) {
      throw fail(
          w,
          id,
          seq,
          "signature",
          "not a valid " + AnswerSignatures.SCHEME + " signature of key " + a.keyId());
    }
  }

  private static void checkSignature(
      KeyRegistry keys,
      Set<String> trusted,
      String w,
      String id,
      long seq,
      String keyId,
      Instant at,
      byte[] payload,
      String signature)
      throws Failed {
    if (trusted != null && !trusted.contains(keyId)) {
      throw fail(
          w,
          id,
          seq,
          "keyId",
          "key "
              + keyId
              + " is neither among the keys trusted out of band (--trusted-key) nor endorsed by"
              + " one through the registry's cross-signed rotations");
    }
    KeyRegistry.Validity validity = keys.validAt(keyId, TrustRegistry.ROLE_SERVER, at);
    if (!validity.valid()) {
      throw fail(w, id, seq, "keyId", validity.reason());
    }
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw fail(w, id, seq, "signature", "not base64url");
    }
    if (!validity.key().verify(SignedStatement.signedBytes(payload), sig)) {
      throw fail(w, id, seq, "signature", "not a valid signature of key " + keyId);
    }
  }

  /**
   * Checks every cross-signature of a rotation ({@value ServerKeyEndorsed#SCHEME}): it follows the
   * registration of the key it endorses, names the key that registration supersedes, and is that
   * key's valid signature. Returns the keys to trust: null when no key is pinned (every registered
   * key counts), else the pinned keys and every key endorsed, rotation by rotation, by a trusted
   * key not revoked by the successor's {@code validFrom}.
   */
  private Set<String> endorsements(BundleStream stream, List<Object> events, KeyRegistry keys)
      throws Failed {
    Set<String> trusted = trustedKeys.isEmpty() ? null : new HashSet<>(trustedKeys);
    String w = "registry";
    String id = TrustRegistry.STREAM_ID;
    for (int i = 0; i < events.size(); i++) {
      if (!(events.get(i) instanceof ServerKeyEndorsed e)) {
        continue;
      }
      long seq = i;
      if (!ServerKeyEndorsed.SCHEME.equals(e.scheme())) {
        throw fail(w, id, seq, "scheme", "unknown endorsement scheme " + e.scheme());
      }
      if (i == 0
          || !(events.get(i - 1) instanceof ServerKeyRegistered r)
          || !r.keyId().equals(e.keyId())
          || !r.publicKey().equals(e.publicKey())
          || !r.validFrom().equals(e.validFrom())) {
        throw fail(w, id, seq, "keyId", "not right after the registration of the key it endorses");
      }
      if (r.supersedes() == null || !r.supersedes().equals(e.endorsedBy())) {
        throw fail(
            w,
            id,
            seq,
            "endorsedBy",
            "endorsed by " + e.endorsedBy() + ", but the key superseded is " + r.supersedes());
      }
      KeyRegistry.Entry endorser = keys.entry(e.endorsedBy()).orElse(null);
      if (endorser == null) {
        throw fail(w, id, seq, "endorsedBy", "key " + e.endorsedBy() + " is not in the registry");
      }
      byte[] sig;
      try {
        sig = Base64.getUrlDecoder().decode(e.signature());
      } catch (IllegalArgumentException | NullPointerException x) {
        throw fail(w, id, seq, "signature", "not base64url");
      }
      if (!Ed25519PublicKey.fromBase64Url(endorser.publicKey())
          .verify(SignedStatement.signedBytes(stream.events().get(i).payload()), sig)) {
        throw fail(
            w,
            id,
            seq,
            "signature",
            "not a valid signature of the superseded key " + e.endorsedBy());
      }
      boolean endorserRevoked =
          endorser.revokedFrom() != null && !endorser.revokedFrom().isAfter(e.validFrom());
      if (trusted != null && trusted.contains(e.endorsedBy()) && !endorserRevoked) {
        trusted.add(e.keyId());
      }
    }
    return trusted;
  }

  /**
   * A stream that is not a sitting must end with a server signature over its head ({@value
   * StreamHeadSigned#SCHEME}), and every such signature in it must hold: so an event edited and the
   * chain recomputed, as by someone who can write the database, fails here.
   */
  private static void checkSignedHeads(
      String w, BundleStream stream, List<Object> events, KeyRegistry keys, Set<String> trusted)
      throws Failed {
    String id = stream.streamId();
    List<BundleEvent> raw = stream.events();
    int lastHead = -1;
    for (int i = 0; i < events.size(); i++) {
      if (!(events.get(i) instanceof StreamHeadSigned head)) {
        continue;
      }
      long seq = i;
      if (!StreamHeadSigned.SCHEME.equals(head.scheme())) {
        throw fail(w, id, seq, "scheme", "unknown stream head scheme " + head.scheme());
      }
      if (!id.equals(head.streamId())) {
        throw fail(w, id, seq, "streamId", "signed head of stream " + head.streamId());
      }
      if (i == 0 || head.eventCount() != seq) {
        throw fail(
            w,
            id,
            seq,
            "eventCount",
            "signed head counts " + head.eventCount() + " events before it, not " + seq);
      }
      if (!HexFormat.of().formatHex(raw.get(i - 1).hash()).equals(head.headHash())) {
        throw fail(w, id, seq, "headHash", "not the chain hash of event " + (seq - 1));
      }
      checkSignature(
          keys,
          trusted,
          w,
          id,
          seq,
          head.keyId(),
          head.signedAt(),
          raw.get(i).payload(),
          head.signature());
      lastHead = i;
    }
    if (events.isEmpty() || lastHead != events.size() - 1) {
      throw fail(
          w,
          id,
          (long) lastHead + 1,
          "type",
          "the stream does not end with a signed head: the events from "
              + (lastHead + 1)
              + " on are not signed by the server");
    }
  }

  private static boolean isMarking(Object e) {
    return e instanceof ScriptsOpenedForMarking
        || e instanceof ScriptAllocated
        || e instanceof ScriptMarked
        || e instanceof ScriptDisputed
        || e instanceof ScriptResolved
        || e instanceof ScriptRoundReleased;
  }

  /** One marking event of a sitting's stream, checked by {@link MarkingChecks}. */
  private static void checkMarking(
      String id,
      long seq,
      Object e,
      MarkingChecks marking,
      Map<String, Long> latestSeq,
      Map<Long, List<String>> answers,
      Context context)
      throws Failed {
    String sitting =
        switch (e) {
          case ScriptsOpenedForMarking o -> o.sittingId();
          case ScriptAllocated a -> a.sittingId();
          case ScriptMarked m -> m.sittingId();
          case ScriptDisputed d -> d.sittingId();
          case ScriptResolved r -> r.sittingId();
          case ScriptRoundReleased r -> r.sittingId();
          default -> id;
        };
    if (!id.equals(sitting)) {
      throw fail("sitting", id, seq, "sittingId", "a marking event of another sitting");
    }
    try {
      switch (e) {
        case ScriptsOpenedForMarking o ->
            marking.opened(o, latestSeq, answers, contentAt(context, o.keyVersion()));
        case ScriptAllocated a -> marking.allocated(a);
        case ScriptMarked m -> marking.marked(m, contentAt(context, m.keyVersion()));
        case ScriptDisputed d -> marking.disputed(d);
        case ScriptResolved r -> marking.resolved(r);
        case ScriptRoundReleased r -> marking.released(r);
        default -> throw new IllegalArgumentException("not a marking event: " + e);
      }
    } catch (MarkingChecks.Refused r) {
      throw fail("sitting", id, seq, r.field, r.getMessage());
    }
  }

  /** The manifest's exam version with the keys of {@code keyVersion}, or null if it has none. */
  private static ExamContent contentAt(Context context, int keyVersion) {
    ExamPublished published = context.versions().get(context.manifest().examVersion());
    if (published == null) {
      return null;
    }
    int version = context.manifest().examVersion();
    ExamContent content = published.content();
    int reached = published.keyVersion();
    for (Object change : context.keyChanges()) {
      switch (change) {
        case KeyAmended a when a.version() == version && a.keyVersion() <= keyVersion -> {
          content = content.withKey(a.itemId(), a.key());
          reached = a.keyVersion();
        }
        case ItemExcluded x when x.version() == version && x.keyVersion() <= keyVersion -> {
          content = content.withItemExcluded(x.itemId());
          reached = x.keyVersion();
        }
        default -> {}
      }
    }
    return reached == keyVersion ? content : null;
  }

  private void checkScore(
      String id,
      long seq,
      SittingScored recorded,
      Map<String, Long> latestSeq,
      Map<Long, List<String>> answers,
      Map<String, Double> finalMarks,
      Context context,
      String instructionLanguage)
      throws Failed {
    String w = "sitting";
    if (!recorded.examId().equals(context.manifest().examId())
        || recorded.examVersion() != context.manifest().examVersion()) {
      throw fail(w, id, seq, "examId", "scored against another exam version");
    }
    ExamPublished published = context.versions().get(recorded.examVersion());
    if (published == null) {
      throw fail(
          w,
          id,
          seq,
          "examVersion",
          "the exam stream has no published version " + recorded.examVersion());
    }
    ExamContent content = contentAt(context, recorded.keyVersion());
    if (content == null) {
      throw fail(
          w, id, seq, "keyVersion", "the exam stream has no key version " + recorded.keyVersion());
    }
    // an exam in several languages is scored with the key of the language the candidate sat in
    content = content.in(content.languageFor(instructionLanguage));
    Map<String, List<String>> responses = new HashMap<>();
    latestSeq.forEach((item, clientSeq) -> responses.put(item, answers.get(clientSeq)));
    List<ItemDefinition> items = content.items();
    SittingScore score;
    try {
      score =
          MarkedScoring.score(
              FormScorer.prepare(
                  ContractForms.toForm(
                      recorded.examId() + "/" + recorded.examVersion(), items, content.scoring())),
              responses,
              finalMarks);
    } catch (IllegalArgumentException e) {
      throw fail(
          w, id, seq, "itemScores", "the final marks do not fit the items: " + e.getMessage());
    }
    String note =
        ScoringCoreVersion.VERSION.equals(recorded.scoringVersion())
            ? ""
            : " (recorded by "
                + recorded.scoringVersion()
                + ", re-scored by "
                + ScoringCoreVersion.VERSION
                + ")";
    List<ItemScoreRecord> r = recorded.itemScores();
    if (r.size() != score.items().size()) {
      throw fail(
          w,
          id,
          seq,
          "itemScores",
          "recorded " + r.size() + " item scores, re-score gives " + score.items().size() + note);
    }
    for (int i = 0; i < r.size(); i++) {
      ItemScore s = score.items().get(i);
      ItemScoreRecord x = r.get(i);
      String f = "itemScores[" + i + "]";
      if (!x.itemId().equals(s.itemId())) {
        throw fail(
            w,
            id,
            seq,
            f + ".itemId",
            "recorded " + x.itemId() + ", re-score gives " + s.itemId() + note);
      }
      if (Double.compare(x.score(), s.score()) != 0
          || Double.compare(x.maxScore(), s.maxScore()) != 0
          || !x.outcome().equals(s.outcome().name())) {
        throw fail(
            w,
            id,
            seq,
            f + ".score",
            "item "
                + x.itemId()
                + " recorded "
                + x.score()
                + "/"
                + x.maxScore()
                + " "
                + x.outcome()
                + ", re-score gives "
                + s.score()
                + "/"
                + s.maxScore()
                + " "
                + s.outcome()
                + note);
      }
    }
    compare(id, seq, "rawTotal", recorded.rawTotal(), score.rawTotal(), note);
    compare(id, seq, "maxTotal", recorded.maxTotal(), score.maxTotal(), note);
    compare(id, seq, "percentage", recorded.percentage(), score.percentage(), note);
    compare(id, seq, "passed", recorded.passed(), score.passed(), note);
    compare(id, seq, "grade", recorded.grade(), score.grade(), note);
    compare(id, seq, "gradeWithheld", recorded.gradeWithheld(), score.gradeWithheld(), note);
    compare(
        id,
        seq,
        "needsHumanMarking",
        recorded.needsHumanMarking(),
        score.needsHumanMarking(),
        note);
    compare(id, seq, "sectionTotals", recorded.sectionTotals(), score.sectionTotals(), note);
  }

  private static void compare(
      String id, long seq, String field, Object recorded, Object rescored, String note)
      throws Failed {
    if (!Objects.equals(recorded, rescored)) {
      throw fail(
          "sitting",
          id,
          seq,
          field,
          "recorded " + recorded + ", re-score gives " + rescored + note);
    }
  }

  /** (a) the chain, then every payload read strictly as its declared contract type. */
  private List<Object> chainAndRead(String w, BundleStream stream, String expectedId)
      throws Failed {
    if (!stream.streamId().equals(expectedId)) {
      throw fail(w, stream.streamId(), null, "streamId", "expected stream " + expectedId);
    }
    List<BundleEvent> events = stream.events();
    List<ChainLink> links = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      BundleEvent e = events.get(i);
      if (e.sequenceNumber() != i) {
        throw fail(
            w,
            stream.streamId(),
            (long) i,
            "seq",
            "event at position "
                + i
                + " has sequence number "
                + e.sequenceNumber()
                + " (events missing, repeated, inserted or reordered)");
      }
      links.add(e.toChainLink());
    }
    ChainVerification chain = StreamHashChain.verify(stream.streamId(), links);
    if (!chain.intact()) {
      throw fail(w, stream.streamId(), (long) chain.brokenIndex(), "hash", chain.reason());
    }
    List<Object> read = new ArrayList<>(events.size());
    for (BundleEvent e : events) {
      read.add(read(w, stream.streamId(), e));
    }
    return read;
  }

  private Object read(String w, String id, BundleEvent e) throws Failed {
    if (!e.type().startsWith(CONTRACT_PACKAGE)) {
      throw fail(w, id, e.sequenceNumber(), "type", "not a contract event type: " + e.type());
    }
    Class<?> type;
    try {
      type = Class.forName(e.type(), false, BundleVerifier.class.getClassLoader());
    } catch (ClassNotFoundException x) {
      throw fail(w, id, e.sequenceNumber(), "type", "unknown event type " + e.type());
    }
    try {
      return readPayload(json, e.payload(), type);
    } catch (IOException x) {
      throw fail(
          w,
          id,
          e.sequenceNumber(),
          "payload",
          "does not read as " + e.simpleType() + ": " + firstLine(x.getMessage()));
    }
  }

  /** How payloads are read: strictly (no unknown field, no missing or null whole number). */
  static ObjectMapper payloadMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /**
   * The event's payload as its contract record. A field the record gained after the event was
   * stored (e.g. {@code CandidateRegistered.accommodations}, {@code SittingTimedOut.closedBy}) is
   * absent from the stored bytes: such an object-typed field reads as null, as the command side
   * reads it, instead of failing the bundle. A missing primitive still fails, and the bytes stay
   * what the chain hashes.
   */
  static Object readPayload(ObjectMapper json, byte[] payload, Class<?> type) throws IOException {
    com.fasterxml.jackson.databind.JsonNode tree = json.readTree(payload);
    fillAbsent(tree, type);
    return json.treeToValue(tree, type);
  }

  /**
   * Fills the fields a record gained after the node was stored with null, in the record itself and
   * in every record it holds, directly or in a list or map (e.g. {@code ExamContent.translations}
   * inside an {@code ExamPublished} stored before exams had language versions).
   */
  private static void fillAbsent(
      com.fasterxml.jackson.databind.JsonNode node, java.lang.reflect.Type type) {
    if (node == null || node.isNull()) {
      return;
    }
    if (type instanceof Class<?> c
        && c.isRecord()
        && node instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      for (java.lang.reflect.RecordComponent rc : c.getRecordComponents()) {
        if (!o.has(rc.getName())) {
          if (!rc.getType().isPrimitive()) {
            o.putNull(rc.getName());
          }
        } else {
          fillAbsent(o.get(rc.getName()), rc.getGenericType());
        }
      }
    } else if (type instanceof java.lang.reflect.ParameterizedType p) {
      java.lang.reflect.Type[] args = p.getActualTypeArguments();
      if (node.isArray() && args.length == 1) {
        node.forEach(element -> fillAbsent(element, args[0]));
      } else if (node.isObject() && args.length == 2) {
        node.forEach(value -> fillAbsent(value, args[1]));
      }
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /**
   * What the candidates were shown beyond words: each image or audio file the session's exam
   * version names (by SHA-256, in its signed texts) must be in the bundle with exactly those bytes.
   */
  private static void checkMedia(
      AuditBundleReader reader,
      BundleManifest manifest,
      List<Object> examEvents,
      Map<Integer, ExamPublished> versions)
      throws Failed {
    ExamPublished version = versions.get(manifest.examVersion());
    if (version == null) {
      return; // the missing version is reported where the sittings are scored against it
    }
    long seq = examEvents.indexOf(version);
    List<String> shown;
    try {
      shown = PromptMedia.hashes(version.content());
    } catch (RuntimeException e) {
      throw fail("exam", manifest.examId(), seq, "content", "unreadable: " + e.getMessage());
    }
    for (String sha256 : shown) {
      byte[] bytes = reader.medium(sha256).orElse(null);
      if (bytes == null) {
        throw fail(
            "exam", manifest.examId(), seq, "media", "medium " + sha256 + " is not in the bundle");
      }
      if (!StationRequestSignatures.sha256Hex(bytes).equals(sha256)) {
        throw fail(
            "exam",
            manifest.examId(),
            seq,
            "media",
            "the bytes of medium " + sha256 + " do not have that hash: they were changed");
      }
    }
  }

  private static Failed fail(String w, String id, Long seq, String field, String message) {
    return new Failed(new Failure(w, id, seq, field, message));
  }

  static boolean sameBytes(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }
}
