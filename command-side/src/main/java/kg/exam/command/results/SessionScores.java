package kg.exam.command.results;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.sitting.SittingScored;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What finalisation and the results read: the session's sittings from the {@code sitting} read
 * table, and their scores and the session's finalisation straight from the event streams.
 */
@Component
class SessionScores {
  private final EventStore events;
  private final JdbcTemplate jdbc;

  SessionScores(EventStore events, JdbcTemplate jdbc) {
    this.events = events;
    this.jdbc = jdbc;
  }

  /** A sitting of the session with its lifecycle status and school. */
  record SittingStatus(String sittingId, String status, String schoolId) {}

  /** Every sitting registered in the session, in no particular order. */
  List<SittingStatus> sittings(String sessionId) {
    return jdbc.query(
        "SELECT sitting_id, status, school_id FROM sitting WHERE session_id = ?",
        (rs, n) -> new SittingStatus(rs.getString(1), rs.getString(2), rs.getString(3)),
        sessionId);
  }

  /** The sitting's {@code SittingScored} events, oldest first. */
  List<SittingScored> scores(String sittingId) {
    List<SittingScored> scores = new ArrayList<>();
    events
        .readEvents(sittingId)
        .asStream()
        .map(EventMessage::getPayload)
        .forEach(
            payload -> {
              if (payload instanceof SittingScored scored) {
                scores.add(scored);
              }
            });
    return scores;
  }

  /** The session's finalisation, or empty while its results are not finalised. */
  Optional<SessionResultsFinalised> finalisation(String sessionId) {
    return events
        .readEvents(sessionId)
        .asStream()
        .map(EventMessage::getPayload)
        .filter(SessionResultsFinalised.class::isInstance)
        .map(SessionResultsFinalised.class::cast)
        .reduce((first, second) -> second);
  }
}
