package kg.exam.command.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.TreeLeaf;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.trust.InclusionProof;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.SignedStatement;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.receipt.ResultReceipt;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A candidate's receipt of their sitting ({@link ResultReceipt}): the seal named by the session's
 * latest tree head, the score it seals, the signed head and the inclusion proof.
 */
@Component
public class Receipts {
  private static final HexFormat HEX = HexFormat.of();

  private final SessionTreeHeads heads;
  private final StoredStreams streams;
  private final KeyRegistryReader registry;
  private final ObjectMapper json;

  Receipts(
      SessionTreeHeads heads,
      StoredStreams streams,
      KeyRegistryReader registry,
      @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.heads = heads;
    this.streams = streams;
    this.registry = registry;
    this.json = json;
  }

  /**
   * The receipt of the sitting as its session's latest tree head holds it; refused when the session
   * has no tree head, the sitting is not in it, or the head holds an earlier seal than the
   * sitting's latest (a score changed since, e.g. by an appeal), so that a receipt never proves a
   * superseded score.
   */
  public ResultReceipt receipt(String sessionId, String sittingId) {
    SessionTreeHeads.Head head =
        heads
            .latestHead(sessionId)
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.RESULTS_NOT_RELEASED,
                        "Session " + sessionId + " has no signed tree head yet."));
    List<TreeLeaf> leaves = head.leaves();
    int index = -1;
    for (int i = 0; i < leaves.size(); i++) {
      if (leaves.get(i).sittingId().equals(sittingId)) {
        index = i;
      }
    }
    if (index < 0) {
      throw new RuleViolation(
          ProblemType.RESULTS_NOT_RELEASED,
          "Sitting " + sittingId + " is not in its session's latest tree head yet.");
    }
    long latestSeal =
        streams
            .lastOfType(sittingId, SittingSealed.class, Long.MAX_VALUE)
            .map(BundleEvent::sequenceNumber)
            .orElse(-1L);
    if (leaves.get(index).sealSequence() != latestSeal) {
      throw new RuleViolation(
          ProblemType.RESULTS_NOT_RELEASED,
          "The latest tree head of session "
              + sessionId
              + " holds an earlier seal of sitting "
              + sittingId
              + " (its score changed since): the centre publishes a new tree head first.");
    }
    MerkleTree tree = heads.rebuild(sessionId, head);
    InclusionProof proof = tree.inclusionProof(index);
    byte[] seal = stored(sittingId, leaves.get(index).sealSequence());
    SittingSealed sealed = read(seal, SittingSealed.class);
    byte[] score = stored(sittingId, sealed.scoredSequence());
    byte[] headPayload = stored(sessionId, head.sequenceNumber());
    SessionTreeHeadPublished published = head.head();
    String publicKey =
        registry
            .current()
            .entry(published.keyId())
            .orElseThrow(
                () -> new IllegalStateException("tree head key " + published.keyId() + " unknown"))
            .publicKey();
    return new ResultReceipt(
        ResultReceipt.FORMAT,
        sittingId,
        sessionId,
        new String(seal, StandardCharsets.UTF_8),
        HEX.formatHex(SignedStatement.sha256(seal)),
        new String(score, StandardCharsets.UTF_8),
        new String(SignedStatement.signedBytes(headPayload), StandardCharsets.UTF_8),
        published.signature(),
        published.keyId(),
        publicKey,
        proof.leafIndex(),
        proof.treeSize(),
        proof.path().stream().map(HEX::formatHex).toList());
  }

  /** The canonical payload of one stored event. */
  private byte[] stored(String streamId, long sequence) {
    BundleEvent e =
        streams
            .event(streamId, sequence)
            .orElseThrow(() -> new IllegalStateException(streamId + " has no event " + sequence));
    return e.payload();
  }

  private <T> T read(byte[] payload, Class<T> type) {
    try {
      return json.readValue(payload, type);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
    }
  }
}
