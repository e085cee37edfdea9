package kg.exam.command.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.StreamHashChain;
import kg.exam.contract.trust.bundle.BundleEvent;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads streams as they are stored, for seals, tree heads and audit bundles: each event's sequence
 * number, type, canonical payload and recorded chain hash. A stored payload that no longer
 * canonicalises (changed by hand) is passed on as stored, so the verifier reports it.
 */
@Component
public class StoredStreams {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  StoredStreams(JdbcTemplate jdbc, @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** Every event of the stream in sequence order. */
  public List<BundleEvent> events(String streamId) {
    return jdbc.query(
        "SELECT sequencenumber, payloadtype, payload, metadata FROM domainevententry"
            + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
        (rs, n) -> event(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)),
        streamId);
  }

  /** The stored events with sequence numbers {@code from} (inclusive) to {@code to}, in order. */
  public List<BundleEvent> range(String streamId, long from, long to) {
    return jdbc.query(
        "SELECT sequencenumber, payloadtype, payload, metadata FROM domainevententry"
            + " WHERE aggregateidentifier = ? AND sequencenumber >= ? AND sequencenumber < ?"
            + " ORDER BY sequencenumber",
        (rs, n) -> event(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)),
        streamId,
        from,
        to);
  }

  /** One event of the stream, if stored. */
  public Optional<BundleEvent> event(String streamId, long sequenceNumber) {
    return jdbc
        .query(
            "SELECT sequencenumber, payloadtype, payload, metadata FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND sequencenumber = ?",
            (rs, n) -> event(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)),
            streamId,
            sequenceNumber)
        .stream()
        .findFirst();
  }

  /** The last event of the given payload type before {@code beforeSequence}, if any. */
  public Optional<BundleEvent> lastOfType(String streamId, Class<?> type, long beforeSequence) {
    return jdbc
        .query(
            "SELECT sequencenumber, payloadtype, payload, metadata FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype = ? AND sequencenumber < ?"
                + " ORDER BY sequencenumber DESC LIMIT 1",
            (rs, n) -> event(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)),
            streamId,
            type.getName(),
            beforeSequence)
        .stream()
        .findFirst();
  }

  private BundleEvent event(long sequence, String type, byte[] payload, byte[] metadata) {
    byte[] canonical;
    try {
      canonical = CanonicalJson.canonicalizeExact(new String(payload, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      canonical = payload;
    }
    byte[] hash =
        ChainingEventStorageEngine.hashIn(metadata, json)
            .filter(h -> h.matches("[0-9a-f]{64}"))
            .map(HexFormat.of()::parseHex)
            .orElse(StreamHashChain.genesisHash());
    return new BundleEvent(sequence, type, canonical, hash);
  }
}
