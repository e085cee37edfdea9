package kg.exam.query.projection;

import java.time.Instant;

/**
 * One event as it came off Kafka: the headers of the agreed format (see README, "Record format")
 * and the payload, still undecoded.
 *
 * @param eventType the contract record's fully qualified class name
 * @param aggregateId the stream the event belongs to (also the record key)
 * @param sequenceNumber the event's sequence number within its stream, 0-based
 * @param timestamp when the event was stored (the server's clock)
 * @param payload the event's JSON
 */
public record EventEnvelope(
    String eventId,
    String eventType,
    String aggregateId,
    long sequenceNumber,
    long globalIndex,
    Instant timestamp,
    byte[] payload) {}
