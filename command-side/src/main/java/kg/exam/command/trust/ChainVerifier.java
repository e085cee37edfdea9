package kg.exam.command.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.StreamHashChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-computes a stream's hash chain from the stored rows, as an auditor would from an export:
 * canonicalise each stored payload, chain, compare with the stored hash. Reports the first event
 * where the stream stops being what was appended.
 *
 * <p>What it proves: nobody changed, removed, inserted or reordered events of the stream without
 * also re-computing every later hash. Re-computing needs no secret, so a database administrator
 * could forge a consistent chain; the server's signed seals (issue 4, next step) close that gap.
 */
@Component
public class ChainVerifier {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  ChainVerifier(JdbcTemplate jdbc, @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * The result of checking one stream.
   *
   * @param eventCount events read
   * @param headHash the last event's stored chain hash (hex), or null for an empty stream
   * @param brokenAtSequence the first sequence number that does not check out, or null when intact
   * @param reason why it does not, or null
   */
  public record Report(
      String streamId,
      boolean intact,
      long eventCount,
      String headHash,
      Long brokenAtSequence,
      String reason) {}

  private record Row(long sequence, String payloadType, byte[] payload, byte[] metadata) {}

  public Report verify(String streamId) {
    List<Row> rows =
        jdbc.query(
            "SELECT sequencenumber, payloadtype, payload, metadata FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
            (rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)),
            streamId);
    byte[] previous = StreamHashChain.genesisHash();
    String head = null;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.sequence() != i) {
        return broken(
            streamId,
            rows.size(),
            head,
            i,
            "expected event "
                + i
                + " but the next stored event is "
                + row.sequence()
                + ": events are missing");
      }
      Optional<String> stored = ChainingEventStorageEngine.hashIn(row.metadata(), json);
      if (stored.isEmpty()) {
        return broken(
            streamId,
            rows.size(),
            head,
            i,
            "event " + i + " (" + simple(row.payloadType()) + ") carries no chain hash");
      }
      byte[] canonical;
      try {
        canonical =
            CanonicalJson.canonicalizeExact(new String(row.payload(), StandardCharsets.UTF_8));
      } catch (RuntimeException e) {
        return broken(
            streamId,
            rows.size(),
            head,
            i,
            "event " + i + " payload is not valid JSON: " + e.getMessage());
      }
      byte[] expected = StreamHashChain.nextHash(previous, streamId, i, canonical);
      if (!Arrays.equals(expected, HexFormat.of().parseHex(stored.get()))) {
        return broken(
            streamId,
            rows.size(),
            head,
            i,
            "event "
                + i
                + " ("
                + simple(row.payloadType())
                + "): payload, position or an earlier event differs from what was chained");
      }
      previous = expected;
      head = stored.get();
    }
    return new Report(streamId, true, rows.size(), head, null, null);
  }

  private static Report broken(String streamId, int count, String head, long at, String reason) {
    return new Report(streamId, false, count, head, at, reason);
  }

  private static String simple(String type) {
    return type.substring(type.lastIndexOf('.') + 1);
  }
}
