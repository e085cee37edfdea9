package kg.exam.contract.trust.bundle;

import java.util.List;
import java.util.Objects;

/**
 * One stream in a bundle: its kind, id, events in stored order and, for a sitting, its place in the
 * session's Merkle tree.
 *
 * @param kind what the stream is ({@link Kind})
 * @param streamId the aggregate id, as hashed into the chain
 * @param events the events in the order they were exported
 * @param proof for a sitting, its inclusion proof; null for other streams or when none exists
 */
public record BundleStream(
    Kind kind, String streamId, List<BundleEvent> events, SittingProof proof) {

  /** What a stream is. */
  public enum Kind {
    /** The key registry. */
    REGISTRY,
    /** An exam: its published versions and key amendments. */
    EXAM,
    /** An exam session: its tree heads. */
    SESSION,
    /** One candidate's sitting. */
    SITTING
  }

  /** Checks for nulls and copies the events. */
  public BundleStream {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(streamId, "streamId");
    events = List.copyOf(events);
  }

  /** A copy with other events (for tamper tests and tools). */
  public BundleStream withEvents(List<BundleEvent> newEvents) {
    return new BundleStream(kind, streamId, newEvents, proof);
  }
}
