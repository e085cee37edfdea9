package kg.exam.command.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kg.exam.command.trust.ChainingEventStorageEngine;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * The Kafka record of a stored event (format in contract/README.md, "Events on Kafka"): keyed by
 * the aggregate id, so one stream stays in one partition and in order; the value is the payload
 * JSON exactly as the event store holds it; the headers say what it is and where it stands.
 */
public final class EventRecords {
  public static final String EVENT_ID = "event-id";
  public static final String EVENT_TYPE = "event-type";
  public static final String EVENT_REVISION = "event-revision";
  public static final String AGGREGATE_ID = "aggregate-id";
  public static final String AGGREGATE_TYPE = "aggregate-type";
  public static final String SEQUENCE_NUMBER = "sequence-number";
  public static final String GLOBAL_INDEX = "global-index";
  public static final String TIMESTAMP = "timestamp";
  public static final String CHAIN_HASH = "chain-hash";

  private final String topic;
  private final Serializer eventSerializer;

  public EventRecords(String topic, Serializer eventSerializer) {
    this.topic = topic;
    this.eventSerializer = eventSerializer;
  }

  /**
   * The record of {@code event}, which the event store holds at {@code globalIndex}. An event of no
   * aggregate (none is stored today) is keyed by its own id, with empty aggregate headers.
   */
  public ProducerRecord<String, byte[]> record(EventMessage<?> event, long globalIndex) {
    // The bytes the event store holds, not a re-serialisation: a map in a payload (ItemKey.mapping)
    // may come back from deserialisation in another order, and consumers must see what was stored.
    // (A message read from the store hands back its stored form for the store's serializer.)
    SerializedObject<byte[]> payload = event.serializePayload(eventSerializer, byte[].class);
    String aggregateId = "";
    String aggregateType = "";
    String sequence = "";
    if (event instanceof DomainEventMessage<?> domain) {
      aggregateId = domain.getAggregateIdentifier();
      aggregateType = domain.getType() == null ? "" : domain.getType();
      sequence = Long.toString(domain.getSequenceNumber());
    }
    Object chainHash = event.getMetaData().get(ChainingEventStorageEngine.HASH_KEY);
    String revision = payload.getType().getRevision();
    List<Header> headers = new ArrayList<>(9);
    headers.add(header(EVENT_ID, event.getIdentifier()));
    headers.add(header(EVENT_TYPE, event.getPayloadType().getName()));
    headers.add(header(EVENT_REVISION, revision == null ? "" : revision));
    headers.add(header(AGGREGATE_ID, aggregateId));
    headers.add(header(AGGREGATE_TYPE, aggregateType));
    headers.add(header(SEQUENCE_NUMBER, sequence));
    headers.add(header(GLOBAL_INDEX, Long.toString(globalIndex)));
    headers.add(header(TIMESTAMP, event.getTimestamp().toString()));
    headers.add(header(CHAIN_HASH, chainHash == null ? "" : chainHash.toString()));
    String key = aggregateId.isEmpty() ? event.getIdentifier() : aggregateId;
    return new ProducerRecord<>(
        topic, null, event.getTimestamp().toEpochMilli(), key, payload.getData(), headers);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
