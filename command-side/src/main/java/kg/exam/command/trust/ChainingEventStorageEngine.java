package kg.exam.command.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.StreamHashChain;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores every domain event with its place in its stream's hash chain: {@code chainHash =
 * SHA-256(previous chainHash ‖ stream id ‖ sequence number ‖ canonical payload)} (layout in {@link
 * StreamHashChain}, canonical form RFC 8785 JSON of the stored payload), kept in the event's
 * metadata under {@value #HASH_KEY}. Any later change, deletion, insertion or reordering of a
 * stream's events breaks the chain ({@link ChainVerifier}).
 *
 * <p>The previous hash is read in the appending transaction, under Axon's aggregate lock and the
 * unique (aggregate, sequence) constraint, so two appends can never chain onto the same event.
 *
 * <p>The head this node committed last for each stream is kept in memory ({@value #KEPT_HEADS}
 * streams, least recently used out) and used instead of that read when it is the event just before
 * the append; it is recorded only after the database transaction committed (Spring's after-commit,
 * not Axon's unit of work, which may commit inside a larger transaction that still fails), so it is
 * always a stored event's hash. When another node appended in between, the sequence numbers differ
 * and the hash is read as before. A kept head that was since rewritten in the database is no risk:
 * the append then chains onto the true hash the node wrote, and {@link ChainVerifier} reports the
 * rewrite.
 */
public final class ChainingEventStorageEngine implements EventStorageEngine {
  /** Metadata key of the chain hash, lower-case hex. */
  public static final String HASH_KEY = "chainHash";

  /** Metadata key naming the chain and canonicalisation schemes. */
  public static final String SCHEME_KEY = "chainScheme";

  public static final String SCHEME = StreamHashChain.SCHEME + ";" + CanonicalJson.SCHEME;

  private final EventStorageEngine delegate;
  private final Serializer eventSerializer;
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  /** Streams whose head is kept in memory. */
  static final int KEPT_HEADS = 100_000;

  private record Head(long sequence, byte[] hash) {}

  private final Cache<String, Head> heads = Caffeine.newBuilder().maximumSize(KEPT_HEADS).build();

  public ChainingEventStorageEngine(
      EventStorageEngine delegate,
      Serializer eventSerializer,
      JdbcTemplate jdbc,
      ObjectMapper json) {
    this.delegate = delegate;
    this.eventSerializer = eventSerializer;
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * The engine the command side runs: {@code delegate} wrapped in a chaining engine, or {@code
   * delegate} itself while trust is off for a benchmark ({@link TrustProperties#enabled()} false),
   * when events are stored without chain hashes and can never be audited.
   */
  public static EventStorageEngine forSettings(
      TrustProperties trust,
      EventStorageEngine delegate,
      Serializer eventSerializer,
      JdbcTemplate jdbc,
      ObjectMapper json) {
    return trust.enabled()
        ? new ChainingEventStorageEngine(delegate, eventSerializer, jdbc, json)
        : delegate;
  }

  @Override
  public void appendEvents(List<? extends EventMessage<?>> events) {
    Map<String, Head> appended = new HashMap<>();
    List<EventMessage<?>> chained = new ArrayList<>(events.size());
    for (EventMessage<?> event : events) {
      if (event instanceof DomainEventMessage<?> domain) {
        String stream = domain.getAggregateIdentifier();
        long sequence = domain.getSequenceNumber();
        Head inBatch = appended.get(stream);
        byte[] previous =
            inBatch != null && inBatch.sequence() == sequence - 1
                ? inBatch.hash()
                : previousHash(stream, sequence);
        byte[] hash =
            StreamHashChain.nextHash(
                previous, stream, sequence, canonicalPayload(domain.getPayload()));
        appended.put(stream, new Head(sequence, hash));
        chained.add(
            domain.andMetaData(
                Map.of(HASH_KEY, HexFormat.of().formatHex(hash), SCHEME_KEY, SCHEME)));
      } else {
        chained.add(event);
      }
    }
    delegate.appendEvents(chained);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              heads.putAll(appended);
            }
          });
    }
  }

  /**
   * The chain hash the stream's head will have once {@code payloads} are appended as its events
   * {@code first}, {@code first + 1}, …: what {@link #appendEvents} then computes and stores.
   */
  public byte[] hashAfter(String stream, long first, List<?> payloads) {
    byte[] hash = previousHash(stream, first);
    for (int i = 0; i < payloads.size(); i++) {
      hash = StreamHashChain.nextHash(hash, stream, first + i, canonicalPayload(payloads.get(i)));
    }
    return hash;
  }

  /**
   * The hash of event {@code sequence - 1}: kept in memory if this node committed it, else read.
   */
  private byte[] previousHash(String stream, long sequence) {
    Head kept = heads.getIfPresent(stream);
    if (kept != null && kept.sequence() == sequence - 1) {
      return kept.hash();
    }
    return storedHash(stream, sequence - 1);
  }

  /** The RFC 8785 form of the JSON the storage engine writes for this payload. */
  byte[] canonicalPayload(Object payload) {
    byte[] stored = eventSerializer.serialize(payload, byte[].class).getData();
    try {
      return CanonicalJson.canonicalizeExact(new String(stored, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // e.g. an unpaired UTF-16 surrogate in a text: not storable as an auditable event
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "The request holds text that is not well-formed Unicode (" + e.getMessage() + ").");
    }
  }

  private byte[] storedHash(String stream, long sequence) {
    if (sequence < 0) {
      return StreamHashChain.genesisHash();
    }
    byte[] metadata =
        jdbc.query(
            "SELECT metadata FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?",
            rs -> rs.next() ? rs.getBytes(1) : null,
            stream,
            sequence);
    String hex =
        hashIn(metadata, json)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "stream "
                            + stream
                            + " has no chain hash at sequence "
                            + sequence
                            + "; cannot chain onto it"));
    return HexFormat.of().parseHex(hex);
  }

  /** The chain hash in a stored metadata column, if any. */
  static Optional<String> hashIn(byte[] metadata, ObjectMapper json) {
    if (metadata == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = json.readTree(metadata).get(HASH_KEY);
      return node == null || !node.isTextual() ? Optional.empty() : Optional.of(node.asText());
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable event metadata", e);
    }
  }

  @Override
  public void storeSnapshot(DomainEventMessage<?> snapshot) {
    delegate.storeSnapshot(snapshot);
  }

  @Override
  public Stream<? extends TrackedEventMessage<?>> readEvents(
      TrackingToken trackingToken, boolean mayBlock) {
    return delegate.readEvents(trackingToken, mayBlock);
  }

  @Override
  public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
    return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
  }

  @Override
  public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
    return delegate.readSnapshot(aggregateIdentifier);
  }

  @Override
  public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
    return delegate.lastSequenceNumberFor(aggregateIdentifier);
  }

  @Override
  public TrackingToken createTailToken() {
    return delegate.createTailToken();
  }

  @Override
  public TrackingToken createHeadToken() {
    return delegate.createHeadToken();
  }

  @Override
  public TrackingToken createTokenAt(java.time.Instant dateTime) {
    return delegate.createTokenAt(dateTime);
  }
}
