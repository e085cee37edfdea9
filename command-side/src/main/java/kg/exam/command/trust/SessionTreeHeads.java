package kg.exam.command.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.session.PublishSessionTreeHead;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.SessionTreeLeavesListed;
import kg.exam.contract.session.TreeLeaf;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Session transparency: the signed head ({@value SessionTreeHeadPublished#SCHEME}) of the RFC 6962
 * Merkle tree over the session's sealed sittings, one leaf per sitting (the canonical payload of
 * its latest seal), ordered by sitting id as {@link String#compareTo} orders them.
 */
@Component
public class SessionTreeHeads {
  private final JdbcTemplate jdbc;
  private final OpenSessions sessions;
  private final StoredStreams streams;
  private final SignedPayloads signed;
  private final ServerKey key;
  private final KeyRegistryReader registry;
  private final CommandGateway commands;
  private final ObjectMapper json;
  private final Clock clock;

  SessionTreeHeads(
      JdbcTemplate jdbc,
      OpenSessions sessions,
      StoredStreams streams,
      SignedPayloads signed,
      ServerKey key,
      KeyRegistryReader registry,
      CommandGateway commands,
      @Qualifier("eventObjectMapper") ObjectMapper json,
      Clock clock) {
    this.jdbc = jdbc;
    this.sessions = sessions;
    this.streams = streams;
    this.signed = signed;
    this.key = key;
    this.registry = registry;
    this.commands = commands;
    this.json = json;
    this.clock = clock;
  }

  /** A tree over the latest seals, leaves in sitting id order. */
  record Tree(List<TreeLeaf> leaves, MerkleTree merkle) {}

  /** Builds, signs and records a new tree head over the session's latest seals. */
  public SessionTreeHeadPublished publish(String sessionId, String publishedBy) {
    requireSession(sessionId);
    Map<String, BundleEvent> latest = latestSeals(sessionId);
    if (latest.isEmpty()) {
      throw new RuleViolation(
          ProblemType.SITTING_NOT_HANDED_IN,
          "Session " + sessionId + " has no sealed sitting yet: nothing to publish.");
    }
    List<String> ids = new ArrayList<>(latest.keySet());
    ids.sort(String::compareTo);
    List<TreeLeaf> leaves = new ArrayList<>(ids.size());
    List<byte[]> data = new ArrayList<>(ids.size());
    for (String id : ids) {
      BundleEvent seal = latest.get(id);
      leaves.add(new TreeLeaf(id, seal.sequenceNumber()));
      data.add(seal.payload());
    }
    String root = HexFormat.of().formatHex(MerkleTree.of(data).rootHash());
    Instant now = clock.instant();
    KeyRegistry.Validity validity =
        registry.current().validAt(key.keyId().value(), TrustRegistry.ROLE_SERVER, now);
    if (!validity.valid()) {
      throw new IllegalStateException("cannot sign the tree head: " + validity.reason());
    }
    SessionTreeHeadPublished unsigned =
        SessionTreeHeadPublished.unsigned(
            sessionId, leaves, root, key.keyId().value(), now, publishedBy);
    String signature =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(key.sign(signed.signedBytes(unsigned)));
    commands.sendAndWait(
        new PublishSessionTreeHead(
            sessionId, leaves, root, key.keyId().value(), now, publishedBy, signature));
    return unsigned.signed(signature);
  }

  /**
   * The session's latest tree head, its sequence number in the session stream and its leaves (from
   * the batches just before it, or from the head itself under {@value
   * SessionTreeHeadPublished#SCHEME_V1}), if any.
   */
  Optional<Head> latestHead(String sessionId) {
    return streams
        .lastOfType(sessionId, SessionTreeHeadPublished.class, Long.MAX_VALUE)
        .map(
            e -> {
              SessionTreeHeadPublished head = read(e.payload(), SessionTreeHeadPublished.class);
              if (head.leafBatches() == 0) {
                return new Head(e.sequenceNumber(), head, head.leaves());
              }
              List<SessionTreeLeavesListed> batches = new ArrayList<>();
              for (BundleEvent stored :
                  streams.range(
                      sessionId, e.sequenceNumber() - head.leafBatches(), e.sequenceNumber())) {
                batches.add(read(stored.payload(), SessionTreeLeavesListed.class));
              }
              List<TreeLeaf> leaves = SessionTreeLeavesListed.joined(sessionId, batches);
              if (leaves == null
                  || !SessionTreeHeadPublished.leavesSha256(leaves).equals(head.leavesSha256())) {
                throw new IllegalStateException(
                    "the leaves before tree head "
                        + e.sequenceNumber()
                        + " of "
                        + sessionId
                        + " do not match it");
              }
              return new Head(e.sequenceNumber(), head, leaves);
            });
  }

  private <T> T read(byte[] payload, Class<T> type) {
    try {
      return json.readValue(payload, type);
    } catch (IOException x) {
      throw new UncheckedIOException("unreadable " + type.getSimpleName(), x);
    }
  }

  /** A recorded tree head, where it is in the session stream, and its leaves in leaf order. */
  record Head(long sequenceNumber, SessionTreeHeadPublished head, List<TreeLeaf> leaves) {}

  /** The Merkle tree of a recorded head, rebuilt from the stored seals it names. */
  MerkleTree rebuild(String sessionId, Head head) {
    Map<String, Map<Long, byte[]>> seals = new HashMap<>();
    jdbc.query(
        "SELECT e.aggregateidentifier, e.sequencenumber, e.payload FROM domainevententry e"
            + " JOIN sitting s ON s.sitting_id = e.aggregateidentifier"
            + " WHERE s.session_id = ? AND e.payloadtype = ?",
        rs -> {
          seals
              .computeIfAbsent(rs.getString(1), k -> new HashMap<>())
              .put(rs.getLong(2), canonical(rs.getBytes(3)));
        },
        sessionId,
        SittingSealed.class.getName());
    List<byte[]> data = new ArrayList<>(head.leaves().size());
    for (TreeLeaf leaf : head.leaves()) {
      byte[] payload = seals.getOrDefault(leaf.sittingId(), Map.of()).get(leaf.sealSequence());
      data.add(payload == null ? new byte[0] : payload);
    }
    return MerkleTree.of(data);
  }

  private Map<String, BundleEvent> latestSeals(String sessionId) {
    Map<String, BundleEvent> latest = new HashMap<>();
    jdbc.query(
        "SELECT e.aggregateidentifier, e.sequencenumber, e.payload FROM domainevententry e"
            + " JOIN sitting s ON s.sitting_id = e.aggregateidentifier"
            + " WHERE s.session_id = ? AND e.payloadtype = ?",
        rs -> {
          String id = rs.getString(1);
          long seq = rs.getLong(2);
          BundleEvent known = latest.get(id);
          if (known == null || known.sequenceNumber() < seq) {
            latest.put(
                id,
                new BundleEvent(
                    seq, SittingSealed.class.getName(), canonical(rs.getBytes(3)), new byte[32]));
          }
        },
        sessionId,
        SittingSealed.class.getName());
    return latest;
  }

  private static byte[] canonical(byte[] stored) {
    try {
      return CanonicalJson.canonicalizeExact(new String(stored, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return stored;
    }
  }

  OpenSessions.SessionRow requireSession(String sessionId) {
    return sessions
        .find(sessionId)
        .orElseThrow(
            () -> new RuleViolation(ProblemType.NOT_FOUND, "No session " + sessionId + "."));
  }
}
