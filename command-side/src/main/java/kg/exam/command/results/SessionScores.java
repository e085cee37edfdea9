package kg.exam.command.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kg.exam.contract.results.SessionResultRowsListed;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.sitting.SittingScored;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What finalisation and the results read: the session's sittings from the {@code sitting} read
 * table, and their scores and the session's finalisation straight from the stored events. Each read
 * is one query that streams its rows (a cursor inside a read-only transaction), so that a national
 * session is read in one pass and never held whole as events.
 */
@Component
class SessionScores {
  /** Rows the cursor fetches per round trip. */
  private static final int FETCH_SIZE = 1_000;

  private static final String SCORES_OF_SESSION =
      "SELECT e.sequencenumber, e.payload FROM domainevententry e"
          + " JOIN sitting s ON s.sitting_id = e.aggregateidentifier"
          + " WHERE s.session_id = ? AND e.payloadtype = ?";
  private static final String SCORES_OF_SITTINGS =
      "SELECT e.sequencenumber, e.payload FROM domainevententry e"
          + " WHERE e.aggregateidentifier = ANY (?) AND e.payloadtype = ?";
  private static final String OF_TYPE =
      "SELECT payload FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype = ?"
          + " ORDER BY sequencenumber";

  private final JdbcTemplate jdbc;
  private final JdbcTemplate cursor;
  private final TransactionTemplate readOnly;
  private final ObjectMapper json;

  SessionScores(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.cursor = new JdbcTemplate(jdbc.getDataSource());
    this.cursor.setFetchSize(FETCH_SIZE);
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.json = json;
  }

  /** A sitting of the session with its lifecycle status and school. */
  record SittingStatus(String sittingId, String status, String schoolId) {}

  /** Receives stored {@code SittingScored} events with their place in their sitting's stream. */
  @FunctionalInterface
  interface ScoreSink {
    void accept(long sequenceNumber, SittingScored score);
  }

  /** Every sitting registered in the session, in no particular order. */
  List<SittingStatus> sittings(String sessionId) {
    return jdbc.query(
        "SELECT sitting_id, status, school_id FROM sitting WHERE session_id = ?",
        (rs, n) -> new SittingStatus(rs.getString(1), rs.getString(2), rs.getString(3)),
        sessionId);
  }

  /** The school of each given sitting that is registered. */
  Map<String, String> schools(Collection<String> sittingIds) {
    Map<String, String> schools = new HashMap<>();
    jdbc.query(
        "SELECT sitting_id, school_id FROM sitting WHERE sitting_id = ANY (?)",
        rs -> {
          schools.put(rs.getString(1), rs.getString(2));
        },
        (Object) sittingIds.toArray(String[]::new));
    return schools;
  }

  /**
   * Streams every {@code SittingScored} event of the session's registered sittings to {@code sink},
   * sittings interleaved and in no particular order (the sequence number orders a sitting's own
   * scores).
   */
  void forEachScore(String sessionId, ScoreSink sink) {
    stream(SCORES_OF_SESSION, sink, sessionId, SittingScored.class.getName());
  }

  /** Streams every {@code SittingScored} event of the given sittings, in no particular order. */
  void forEachScore(Collection<String> sittingIds, ScoreSink sink) {
    stream(
        SCORES_OF_SITTINGS,
        sink,
        (Object) sittingIds.toArray(String[]::new),
        SittingScored.class.getName());
  }

  private void stream(String sql, ScoreSink sink, Object... arguments) {
    readOnly.executeWithoutResult(
        status ->
            cursor.query(
                sql,
                rs -> {
                  sink.accept(rs.getLong(1), read(rs.getBytes(2), SittingScored.class));
                },
                arguments));
  }

  /** The session's finalisation, or empty while its results are not finalised. */
  Optional<SessionResultsFinalised> finalisation(String sessionId) {
    List<byte[]> stored =
        jdbc.queryForList(
            OF_TYPE, byte[].class, sessionId, SessionResultsFinalised.class.getName());
    return stored.isEmpty()
        ? Optional.empty()
        : Optional.of(read(stored.getLast(), SessionResultsFinalised.class));
  }

  /** Batch {@code batch} (0-based) of a finalised session's rows, if it was recorded. */
  Optional<SessionResultRowsListed> rows(String sessionId, int batch) {
    List<byte[]> stored =
        jdbc.queryForList(
            OF_TYPE + " OFFSET ? LIMIT 1",
            byte[].class,
            sessionId,
            SessionResultRowsListed.class.getName(),
            batch);
    return stored.stream().findFirst().map(p -> read(p, SessionResultRowsListed.class));
  }

  private <T> T read(byte[] payload, Class<T> type) {
    try {
      return json.readValue(payload, type);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable stored " + type.getSimpleName(), e);
    }
  }
}
