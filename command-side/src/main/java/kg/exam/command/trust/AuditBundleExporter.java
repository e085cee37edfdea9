package kg.exam.command.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.List;
import kg.exam.command.bank.BankMedia;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.session.OpenSessions;
import kg.exam.command.sitting.SittingRecords;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.exam.SignExamStream;
import kg.exam.contract.session.SignSessionStream;
import kg.exam.contract.session.TreeLeaf;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.StreamHeadSigned;
import kg.exam.contract.trust.bundle.AuditBundle;
import kg.exam.contract.trust.bundle.AuditBundleWriter;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleManifest;
import kg.exam.contract.trust.bundle.BundleStream;
import kg.exam.contract.trust.bundle.SittingProof;
import kg.exam.contract.trust.registry.SignRegistryStream;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Exports audit bundles ({@value AuditBundle#FORMAT}) from the stored streams. A session bundle is
 * written sitting by sitting, so its size does not bound memory (only the tree's leaf data, a few
 * hundred bytes per sitting, is held to answer the proofs).
 */
@Component
public class AuditBundleExporter {
  private static final Logger log = LoggerFactory.getLogger(AuditBundleExporter.class);

  private final StoredStreams streams;
  private final SessionTreeHeads heads;
  private final SittingRecords sittings;
  private final CommandGateway commands;
  private final boolean signing;
  private final PublishedExams exams;
  private final BankMedia media;
  private final Clock clock;

  AuditBundleExporter(
      StoredStreams streams,
      SessionTreeHeads heads,
      SittingRecords sittings,
      CommandGateway commands,
      TrustProperties trust,
      PublishedExams exams,
      BankMedia media,
      Clock clock) {
    this.exams = exams;
    this.media = media;
    this.streams = streams;
    this.heads = heads;
    this.sittings = sittings;
    this.commands = commands;
    this.signing = trust.enabled();
    this.clock = clock;
  }

  /** What to export; checked before the first byte is written, so refusals are clean problems. */
  public record Plan(
      OpenSessions.SessionRow session,
      SessionTreeHeads.Head head,
      String sittingId,
      int leafIndex) {}

  /** Plans a sitting bundle: the sitting must be a leaf of its session's latest tree head. */
  public Plan planSitting(String sittingId) {
    SittingRecords.SittingRow row =
        sittings
            .find(sittingId)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No sitting " + sittingId + "."));
    OpenSessions.SessionRow session = heads.requireSession(row.sessionId());
    SessionTreeHeads.Head head = requireHead(session.sessionId());
    List<TreeLeaf> leaves = head.leaves();
    for (int i = 0; i < leaves.size(); i++) {
      if (leaves.get(i).sittingId().equals(sittingId)) {
        requireMedia(session);
        return new Plan(session, head, sittingId, i);
      }
    }
    throw new RuleViolation(
        ProblemType.SITTING_NOT_HANDED_IN,
        "Sitting "
            + sittingId
            + " is not in the latest tree head of session "
            + session.sessionId()
            + " (not sealed when it was published): publish a new tree head first.");
  }

  /** Plans a session bundle: every sitting of the latest tree head. */
  public Plan planSession(String sessionId) {
    OpenSessions.SessionRow session = heads.requireSession(sessionId);
    requireMedia(session);
    return new Plan(session, requireHead(sessionId), null, -1);
  }

  private SessionTreeHeads.Head requireHead(String sessionId) {
    return heads
        .latestHead(sessionId)
        .orElseThrow(
            () ->
                new RuleViolation(
                    ProblemType.SITTING_NOT_HANDED_IN,
                    "Session "
                        + sessionId
                        + " has no published tree head yet: POST /api/sessions/"
                        + sessionId
                        + "/tree-head first."));
  }

  /** The media the session's exam version shows, in any of its languages. */
  private List<String> mediaShown(String examId, int version) {
    return exams.find(examId, version).map(e -> PromptMedia.hashes(e.content())).orElse(List.of());
  }

  /**
   * Every medium the bundle will carry is held and unaltered (refused before a byte is written).
   */
  private void requireMedia(OpenSessions.SessionRow session) {
    for (String sha256 : mediaShown(session.examId(), session.examVersion())) {
      if (media.find(sha256).isEmpty()) {
        throw new RuleViolation(
            ProblemType.MEDIUM_MISSING,
            "Medium " + sha256 + " of exam " + session.examId() + " is missing from the bank.");
      }
    }
  }

  /** Writes the planned bundle to {@code out} and closes it. */
  public void write(Plan plan, OutputStream out) throws IOException {
    String sessionId = plan.session().sessionId();
    List<TreeLeaf> leaves = plan.head().leaves();
    MerkleTree tree = heads.rebuild(sessionId, plan.head());
    try (AuditBundleWriter writer = new AuditBundleWriter(out)) {
      writer.manifest(
          new BundleManifest(
              AuditBundle.FORMAT,
              plan.sittingId() == null ? "SESSION" : "SITTING",
              sessionId,
              plan.sittingId(),
              plan.session().examId(),
              plan.session().examVersion(),
              plan.head().sequenceNumber(),
              plan.sittingId() == null ? leaves.size() : 1,
              clock.instant()));
      writer.registry(
          signed(
              BundleStream.Kind.REGISTRY,
              TrustRegistry.STREAM_ID,
              new SignRegistryStream(TrustRegistry.STREAM_ID)));
      String examId = plan.session().examId();
      writer.exam(signed(BundleStream.Kind.EXAM, examId, new SignExamStream(examId)));
      // what the candidates were shown beyond words: the verifier checks each against its hash
      for (String sha256 : mediaShown(examId, plan.session().examVersion())) {
        writer.medium(
            sha256,
            media
                .find(sha256)
                .orElseThrow(
                    () ->
                        new RuleViolation(
                            ProblemType.MEDIUM_MISSING,
                            "Medium " + sha256 + " of exam " + examId + " is missing."))
                .getValue());
      }
      writer.session(
          signed(BundleStream.Kind.SESSION, sessionId, new SignSessionStream(sessionId)));
      if (plan.sittingId() != null) {
        writer.sitting(sitting(plan, leaves.get(plan.leafIndex()), plan.leafIndex(), tree));
      } else {
        for (int i = 0; i < leaves.size(); i++) {
          writer.sitting(sitting(plan, leaves.get(i), i, tree));
        }
      }
    }
  }

  private BundleStream sitting(Plan plan, TreeLeaf leaf, int index, MerkleTree tree) {
    SittingProof proof =
        new SittingProof(
            plan.head().sequenceNumber(), leaf.sealSequence(), tree.inclusionProof(index));
    return stream(BundleStream.Kind.SITTING, leaf.sittingId(), proof);
  }

  /**
   * The whole stream, its head signed first when its last change went unsigned (written before
   * streams were signed, or while the key could not sign; see StreamHeadSigner). When the server
   * cannot sign now either (its key revoked, say) the stream is exported as it is, and the verifier
   * names what is not signed.
   */
  private BundleStream signed(BundleStream.Kind kind, String id, Object sign) {
    List<BundleEvent> events = streams.events(id);
    if (signing
        && !events.isEmpty()
        && !events.getLast().type().equals(StreamHeadSigned.class.getName())) {
      try {
        commands.sendAndWait(sign);
        events = streams.events(id);
      } catch (RuntimeException e) {
        log.warn("Stream {} exported with its head unsigned: {}", id, e.getMessage());
      }
    }
    return new BundleStream(kind, id, events, null);
  }

  private BundleStream stream(BundleStream.Kind kind, String id, SittingProof proof) {
    return new BundleStream(kind, id, streams.events(id), proof);
  }
}
