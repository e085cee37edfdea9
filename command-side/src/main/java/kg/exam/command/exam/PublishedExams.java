package kg.exam.command.exam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.KeyAmended;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code exam_version} read table: every published version with its current keys. Written in
 * the transaction of the events (subscribing processor), so it never lags behind them.
 */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class PublishedExams {
  public static final String GROUP = "command-side-read-tables";

  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  PublishedExams(JdbcTemplate jdbc, @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @EventHandler
  void on(ExamPublished event, @org.axonframework.eventhandling.Timestamp java.time.Instant at) {
    jdbc.update(
        "INSERT INTO exam_version (exam_id, version, key_version, content, published_at) VALUES (?, ?, ?, ?::jsonb, ?)"
            + " ON CONFLICT (exam_id, version) DO NOTHING",
        event.examId(),
        event.version(),
        event.keyVersion(),
        write(event.content()),
        // Axon keeps event timestamps to the millisecond: the same value live and on a rebuild
        java.sql.Timestamp.from(at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
  }

  @EventHandler
  void on(KeyAmended event) {
    find(event.examId(), event.version())
        .ifPresent(
            exam ->
                jdbc.update(
                    "UPDATE exam_version SET key_version = ?, content = ?::jsonb WHERE exam_id = ? AND version = ? AND key_version < ?",
                    event.keyVersion(),
                    write(exam.content().withKey(event.itemId(), event.key())),
                    event.examId(),
                    event.version(),
                    event.keyVersion()));
  }

  @EventHandler
  void on(ItemExcluded event) {
    find(event.examId(), event.version())
        .ifPresent(
            exam ->
                jdbc.update(
                    "UPDATE exam_version SET key_version = ?, content = ?::jsonb WHERE exam_id = ? AND version = ? AND key_version < ?",
                    event.keyVersion(),
                    write(exam.content().withItemExcluded(event.itemId())),
                    event.examId(),
                    event.version(),
                    event.keyVersion()));
  }

  /**
   * Whether the results of any session of the version are finalised ({@code
   * SessionResultsFinalised}): a change to what is scored then would leave its calibration behind.
   */
  public boolean resultsFinalised(String examId, int version) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM exam_session s JOIN domainevententry d"
                + " ON d.aggregateidentifier = s.session_id WHERE s.exam_id = ? AND s.exam_version = ?"
                + " AND d.payloadtype = 'kg.exam.contract.results.SessionResultsFinalised')",
            Boolean.class,
            examId,
            version));
  }

  /** The published version, or empty when there is none. */
  public Optional<PublishedExam> find(String examId, int version) {
    return jdbc.query(
        "SELECT key_version, content FROM exam_version WHERE exam_id = ? AND version = ?",
        rs ->
            rs.next()
                ? Optional.of(
                    new PublishedExam(examId, version, rs.getInt(1), read(rs.getString(2))))
                : Optional.<PublishedExam>empty(),
        examId,
        version);
  }

  private String write(ExamContent content) {
    try {
      return json.writeValueAsString(content);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("exam content not serialisable", e);
    }
  }

  private ExamContent read(String text) {
    try {
      return json.readValue(text, ExamContent.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("exam_version.content unreadable", e);
    }
  }
}
