package kg.exam.query.consumer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import kg.exam.query.projection.EventEnvelope;
import kg.exam.query.projection.PoisonEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads the agreed headers of an events-topic record (see README, "Record format"). */
final class Envelopes {
  private Envelopes() {}

  /**
   * @throws PoisonEvent with {@link PoisonEvent#MISSING_HEADER} if the event type or the aggregate
   *     is missing, or a header is not readable; a missing sequence number is -1 here (events the
   *     query side ignores need none; {@link kg.exam.query.projection.Projections} refuses it for
   *     the others)
   */
  static EventEnvelope parse(ConsumerRecord<byte[], byte[]> record) {
    String type = header(record, "event-type");
    if (type == null || type.isBlank()) {
      throw new PoisonEvent(PoisonEvent.MISSING_HEADER, "no event-type header");
    }
    String aggregateId = header(record, "aggregate-id");
    if ((aggregateId == null || aggregateId.isBlank()) && record.key() != null) {
      aggregateId = new String(record.key(), StandardCharsets.UTF_8);
    }
    if (aggregateId == null || aggregateId.isBlank()) {
      throw new PoisonEvent(PoisonEvent.MISSING_HEADER, "no aggregate-id header and no key");
    }
    long sequence = number(record, "sequence-number");
    long globalIndex = number(record, "global-index");
    Instant timestamp = Instant.ofEpochMilli(record.timestamp());
    String at = header(record, "timestamp");
    if (at != null && !at.isBlank()) {
      try {
        timestamp = Instant.parse(at);
      } catch (DateTimeParseException e) {
        throw new PoisonEvent(PoisonEvent.MISSING_HEADER, "timestamp header is not ISO-8601");
      }
    }
    if (record.value() == null) {
      throw new PoisonEvent(PoisonEvent.UNDESERIALISABLE, "the record has no value");
    }
    return new EventEnvelope(
        header(record, "event-id"),
        type,
        aggregateId,
        sequence,
        globalIndex,
        timestamp,
        record.value());
  }

  private static long number(ConsumerRecord<byte[], byte[]> record, String name) {
    String value = header(record, name);
    if (value == null || value.isBlank()) {
      return -1;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new PoisonEvent(PoisonEvent.MISSING_HEADER, name + " header is not a number");
    }
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
