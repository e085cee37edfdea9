package kg.exam.command.deadletter;

import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the dead-letter queues hold, read straight from {@code deadletterentry}: per parked sequence
 * its processing group, its sequence (a sitting id, or an exam id for a key amendment), how many
 * events wait in it, the first one's type and why it failed. Also the {@code deadLetters} health
 * contributor: the node stays UP (a parked sitting must not take the candidates' node out of its
 * load balancer), with the counts in its details.
 */
@Component("deadLetters")
public class ParkedEvents implements HealthIndicator {
  private final JdbcTemplate jdbc;

  ParkedEvents(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One parked sequence. */
  public record Parked(
      String processingGroup,
      String sequence,
      int events,
      String firstEventType,
      String enqueuedAt,
      String lastTriedAt,
      String causeType,
      String causeMessage) {}

  /** Counts of what is parked. */
  public record Counts(long sequences, long events) {}

  public Counts counts() {
    return jdbc.queryForObject(
        "SELECT count(DISTINCT (processinggroup, sequenceidentifier)), count(*) FROM deadletterentry",
        (rs, n) -> new Counts(rs.getLong(1), rs.getLong(2)));
  }

  /** The parked sequences, the longest parked first, at most {@code limit}. */
  public List<Parked> list(int limit) {
    return jdbc.query(
        "SELECT processinggroup, sequenceidentifier, count(*),"
            + " (array_agg(payloadtype ORDER BY sequenceindex))[1], min(enqueuedat),"
            + " max(lasttouched),"
            + " (array_agg(causetype ORDER BY sequenceindex))[1],"
            + " (array_agg(causemessage ORDER BY sequenceindex))[1]"
            + " FROM deadletterentry GROUP BY processinggroup, sequenceidentifier"
            + " ORDER BY min(enqueuedat), processinggroup, sequenceidentifier LIMIT ?",
        (rs, n) ->
            new Parked(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8)),
        limit);
  }

  @Override
  public Health health() {
    Counts counts = counts();
    return Health.up()
        .withDetail("parkedSequences", counts.sequences())
        .withDetail("parkedEvents", counts.events())
        .build();
  }
}
