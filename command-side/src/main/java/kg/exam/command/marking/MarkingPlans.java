package kg.exam.command.marking;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.util.List;
import kg.exam.command.exam.PublishedExams;
import kg.exam.contract.marking.MarkingConfigured;
import kg.exam.contract.marking.MarkingPlan;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code marking_plan} read table: each session's latest marking plan. */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class MarkingPlans {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  MarkingPlans(JdbcTemplate jdbc, @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @EventHandler
  void on(MarkingConfigured e) throws Exception {
    jdbc.update(
        "INSERT INTO marking_plan (session_id, plan, configured_at) VALUES (?, ?::jsonb, ?)"
            + " ON CONFLICT (session_id) DO UPDATE SET plan = EXCLUDED.plan,"
            + " configured_at = EXCLUDED.configured_at",
        e.sessionId(),
        json.writeValueAsString(e.plan()),
        Timestamp.from(e.configuredAt()));
  }

  /** The session's plan, or {@link MarkingPlan#defaults()} when it configured none. */
  public MarkingPlan plan(String sessionId) {
    List<String> rows =
        jdbc.queryForList(
            "SELECT plan::text FROM marking_plan WHERE session_id = ?", String.class, sessionId);
    if (rows.isEmpty()) {
      return MarkingPlan.defaults();
    }
    try {
      return json.readValue(rows.getFirst(), MarkingPlan.class);
    } catch (Exception e) {
      throw new IllegalStateException("marking_plan of session " + sessionId + " unreadable", e);
    }
  }
}
