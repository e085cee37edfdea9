package kg.exam.command.bank;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kg.exam.command.exam.PublishedExams;
import kg.exam.contract.bank.BankItemApproved;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.BankItemCreated;
import kg.exam.contract.bank.BankItemRetired;
import kg.exam.contract.bank.BankItemReviewed;
import kg.exam.contract.bank.BankItemRevised;
import kg.exam.contract.bank.Blueprint;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.FormsAssembled;
import kg.exam.contract.bank.FrameworkDefinition;
import kg.exam.contract.bank.FrameworkNode;
import kg.exam.contract.bank.FrameworkPublished;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.SessionResultsFinalised;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The item bank's read tables ({@code bank_*}, see V10): written in the transaction of the events
 * like {@link PublishedExams}, so a search never lags behind a recorded change. An exam version
 * that holds a bank item exactly as a bank version renders it in the exam's language records that
 * use, and a finalised session's calibration of such an item becomes its IRT parameters with the
 * session they came from.
 */
@Component
@ProcessingGroup(PublishedExams.GROUP)
public class BankRecords {
  private final JdbcTemplate jdbc;
  private final ObjectMapper json;

  BankRecords(JdbcTemplate jdbc, @Qualifier("eventObjectMapper") ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  @EventHandler
  void on(FrameworkPublished event, @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "INSERT INTO bank_framework (framework_id, version, definition, published_at)"
            + " VALUES (?, ?, ?::jsonb, ?) ON CONFLICT (framework_id) DO UPDATE"
            + " SET version = EXCLUDED.version, definition = EXCLUDED.definition,"
            + " published_at = EXCLUDED.published_at",
        event.frameworkId(),
        event.version(),
        write(event.definition()),
        millis(at));
    jdbc.update("DELETE FROM bank_framework_node WHERE framework_id = ?", event.frameworkId());
    List<Object[]> rows = new ArrayList<>();
    List<FrameworkNode> nodes = event.definition().nodes();
    for (int i = 0; i < nodes.size(); i++) {
      FrameworkNode n = nodes.get(i);
      rows.add(new Object[] {event.frameworkId(), n.code(), n.kind(), n.parent(), i});
    }
    jdbc.batchUpdate(
        "INSERT INTO bank_framework_node (framework_id, code, kind, parent, position)"
            + " VALUES (?, ?, ?, ?, ?)",
        rows);
  }

  @EventHandler
  void on(BankItemCreated event, @org.axonframework.eventhandling.Timestamp Instant at) {
    BankItemContent c = event.content();
    jdbc.update(
        "INSERT INTO bank_item (item_id, latest_version, status, subject, grade, cognitive_level,"
            + " item_type, languages, competencies, prompt, created_by, updated_at)"
            + " VALUES (?, ?, 'DRAFT', ?, ?, ?, ?, ?::varchar[], ?::text[], ?, ?, ?)"
            + " ON CONFLICT (item_id) DO NOTHING",
        event.itemId(),
        event.version(),
        c.subject(),
        c.grade(),
        c.cognitiveLevel(),
        c.item().type(),
        array(c.languages()),
        array(c.competencies().stream().map(CompetencyRef::toString).toList()),
        c.item().prompt(),
        event.createdBy(),
        millis(at));
    insertVersion(event.itemId(), event.version(), c, event.createdBy(), at);
  }

  @EventHandler
  void on(BankItemRevised event, @org.axonframework.eventhandling.Timestamp Instant at) {
    BankItemContent c = event.content();
    jdbc.update(
        "UPDATE bank_item SET latest_version = ?, status = 'DRAFT', subject = ?, grade = ?,"
            + " cognitive_level = ?, item_type = ?, languages = ?::varchar[], competencies ="
            + " ?::text[], prompt = ?, updated_at = ? WHERE item_id = ?",
        event.version(),
        c.subject(),
        c.grade(),
        c.cognitiveLevel(),
        c.item().type(),
        array(c.languages()),
        array(c.competencies().stream().map(CompetencyRef::toString).toList()),
        c.item().prompt(),
        millis(at),
        event.itemId());
    insertVersion(event.itemId(), event.version(), c, event.revisedBy(), at);
  }

  @EventHandler
  void on(BankItemReviewed event, @org.axonframework.eventhandling.Timestamp Instant at) {
    if (!event.accepted()) {
      return; // returned to its writer: still a draft; the comment is in the item's history
    }
    jdbc.update(
        "UPDATE bank_item SET status = 'REVIEWED', updated_at = ? WHERE item_id = ?",
        millis(at),
        event.itemId());
    jdbc.update(
        "UPDATE bank_item_version SET reviewed_by = ? WHERE item_id = ? AND version = ?",
        event.reviewedBy(),
        event.itemId(),
        event.version());
  }

  @EventHandler
  void on(BankItemApproved event, @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "UPDATE bank_item SET status = 'APPROVED', approved_version = ?, updated_at = ?"
            + " WHERE item_id = ?",
        event.version(),
        millis(at),
        event.itemId());
    jdbc.update(
        "UPDATE bank_item_version SET approved_by = ?, approved_at = ? WHERE item_id = ? AND version"
            + " = ?",
        event.approvedBy(),
        millis(at),
        event.itemId(),
        event.version());
  }

  @EventHandler
  void on(BankItemRetired event, @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "UPDATE bank_item SET status = 'RETIRED', updated_at = ? WHERE item_id = ?",
        millis(at),
        event.itemId());
  }

  /**
   * Records which bank version each item of the published exam version is: the latest approved
   * version whose rendering in the exam's language is the item as published (its section and weight
   * are the exam's). An item changed after it left the bank is no bank item's use.
   */
  @EventHandler
  void on(ExamPublished event) {
    List<ItemDefinition> items = event.content().items();
    if (items.isEmpty()) {
      return;
    }
    Map<String, List<Object[]>> approved = new HashMap<>();
    // one query for the whole form: this runs inside the publication's transaction
    jdbc.query(
        "SELECT item_id, version, content FROM bank_item_version WHERE item_id = ANY (?)"
            + " AND approved_at IS NOT NULL ORDER BY item_id, version DESC",
        rs -> {
          approved
              .computeIfAbsent(rs.getString(1), id -> new ArrayList<>())
              .add(new Object[] {rs.getInt(2), rs.getString(3)});
        },
        (Object) items.stream().map(ItemDefinition::itemId).toArray(String[]::new));
    // each language the exam offers is a use of the bank version it holds unchanged
    for (String language : event.content().languages()) {
      for (ItemDefinition item : event.content().in(language).items()) {
        recordUse(event, language, item, approved.getOrDefault(item.itemId(), List.of()));
      }
    }
  }

  private void recordUse(
      ExamPublished event, String language, ItemDefinition item, List<Object[]> approved) {
    for (Object[] v : approved) {
      Optional<ItemDefinition> rendered =
          read((String) v[1], BankItemContent.class).in(language, item.sectionId());
      if (rendered.isPresent() && sameItem(rendered.get(), item)) {
        jdbc.update(
            "INSERT INTO bank_item_use (item_id, item_version, exam_id, exam_version, language)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            item.itemId(),
            v[0],
            event.examId(),
            event.version(),
            language);
        return;
      }
    }
  }

  @EventHandler
  void on(SessionResultsFinalised event) {
    recordCalibration(event);
  }

  /**
   * A finalised session's calibration gives each bank item its exam version used its parameters,
   * with the session they came from.
   */
  private void recordCalibration(SessionResultsFinalised event) {
    var c = event.calibration();
    for (CalibratedItem item : c.items()) {
      // the calibration pools every language the exam was sat in: "*" when more than one
      jdbc.query(
          "SELECT max(item_version), CASE WHEN count(*) > 1 THEN '*' ELSE max(language) END"
              + " FROM bank_item_use WHERE item_id = ? AND exam_id = ? AND exam_version = ?"
              + " HAVING count(*) > 0",
          rs -> {
            jdbc.update(
                "INSERT INTO bank_item_calibration (item_id, item_version, session_id, exam_id,"
                    + " exam_version, language, model, candidate_count, discrimination, difficulty,"
                    + " guessing, difficulty_se, parameters, finalised_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                    + " ON CONFLICT DO NOTHING",
                item.itemId(),
                rs.getInt(1),
                event.sessionId(),
                c.examId(),
                c.examVersion(),
                rs.getString(2),
                c.model(),
                c.candidateCount(),
                item.discrimination(),
                item.difficulty(),
                item.guessing(),
                item.difficultySe(),
                write(item),
                Timestamp.from(event.finalisedAt().truncatedTo(ChronoUnit.MILLIS)));
          },
          item.itemId(),
          c.examId(),
          c.examVersion());
    }
  }

  @EventHandler
  void on(FormsAssembled event, @org.axonframework.eventhandling.Timestamp Instant at) {
    jdbc.update(
        "INSERT INTO bank_assembly (assembly_id, blueprint, forms, solver, assembled_by,"
            + " assembled_at) VALUES (?, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?)"
            + " ON CONFLICT DO NOTHING",
        event.assemblyId(),
        write(event.blueprint()),
        write(event.forms()),
        write(event.solver()),
        event.assembledBy(),
        millis(at));
  }

  /** A recorded assembly, or empty. */
  public Optional<FormsAssembled> assembly(String assemblyId) {
    return jdbc
        .query(
            "SELECT blueprint, forms, solver, assembled_by FROM bank_assembly WHERE assembly_id = ?",
            (rs, n) ->
                new FormsAssembled(
                    assemblyId,
                    read(rs.getString(1), Blueprint.class),
                    List.of(read(rs.getString(2), FormsAssembled.Form[].class)),
                    read(rs.getString(3), FormsAssembled.SolverResult.class),
                    rs.getString(4)),
            assemblyId)
        .stream()
        .findFirst();
  }

  private static boolean sameItem(ItemDefinition bank, ItemDefinition exam) {
    return bank.type().equals(exam.type())
        && bank.maxScore() == exam.maxScore()
        && bank.prompt().equals(exam.prompt())
        && bank.choices().equals(exam.choices())
        && bank.targets().equals(exam.targets())
        && bank.key().equals(exam.key());
  }

  private void insertVersion(
      String itemId, int version, BankItemContent content, String writer, Instant at) {
    jdbc.update(
        "INSERT INTO bank_item_version (item_id, version, content, written_by, written_at)"
            + " VALUES (?, ?, ?::jsonb, ?, ?) ON CONFLICT DO NOTHING",
        itemId,
        version,
        write(content),
        writer,
        millis(at));
  }

  /** The content of one version, or empty when the item or version does not exist. */
  public Optional<BankItemContent> content(String itemId, int version) {
    return jdbc
        .query(
            "SELECT content FROM bank_item_version WHERE item_id = ? AND version = ?",
            (rs, n) -> rs.getString(1),
            itemId,
            version)
        .stream()
        .findFirst()
        .map(text -> read(text, BankItemContent.class));
  }

  /** The latest definition of a framework, or empty. */
  public Optional<FrameworkDefinition> framework(String frameworkId) {
    return jdbc
        .query(
            "SELECT definition FROM bank_framework WHERE framework_id = ?",
            (rs, n) -> rs.getString(1),
            frameworkId)
        .stream()
        .findFirst()
        .map(text -> read(text, FrameworkDefinition.class));
  }

  /** Every published framework: id, latest version, titles and node count. */
  List<BankController.FrameworkRow> frameworks() {
    return jdbc.query(
        "SELECT f.framework_id, f.version, f.definition, (SELECT count(*) FROM bank_framework_node n"
            + " WHERE n.framework_id = f.framework_id) FROM bank_framework f ORDER BY f.framework_id",
        (rs, n) ->
            new BankController.FrameworkRow(
                rs.getString(1),
                rs.getInt(2),
                read(rs.getString(3), FrameworkDefinition.class).titles(),
                rs.getInt(4)));
  }

  /** A framework's latest version with its definition, or empty. */
  Optional<BankController.FrameworkDetail> frameworkDetail(String frameworkId) {
    return jdbc
        .query(
            "SELECT version, definition FROM bank_framework WHERE framework_id = ?",
            (rs, n) ->
                new BankController.FrameworkDetail(
                    frameworkId, rs.getInt(1), read(rs.getString(2), FrameworkDefinition.class)),
            frameworkId)
        .stream()
        .findFirst();
  }

  /** The codes among {@code refs} that no published framework has. */
  public List<CompetencyRef> unknownCodes(Collection<CompetencyRef> refs) {
    return refs.stream()
        .filter(
            r ->
                !Boolean.TRUE.equals(
                    jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM bank_framework_node WHERE framework_id = ?"
                            + " AND code = ?)",
                        Boolean.class,
                        r.frameworkId(),
                        r.code())))
        .toList();
  }

  /** An item's status and approved version (null when none), or empty when there is no item. */
  public Optional<Object[]> status(String itemId) {
    return jdbc
        .query(
            "SELECT status, approved_version FROM bank_item WHERE item_id = ?",
            (rs, n) -> new Object[] {rs.getString(1), rs.getObject(2)},
            itemId)
        .stream()
        .findFirst();
  }

  /** Whether {@code accountId} wrote any version of the item. */
  public boolean wroteAVersion(String itemId, String accountId) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM bank_item_version WHERE item_id = ? AND written_by = ?)",
            Boolean.class,
            itemId,
            accountId));
  }

  /**
   * The pairs among {@code itemIds} that any version of a bank item names as enemies, each as "a
   * and b" (a before b).
   */
  public List<String> enemyPairs(Collection<String> itemIds) {
    String[] ids = itemIds.toArray(String[]::new);
    return jdbc.query(
        "SELECT DISTINCT least(v.item_id, e), greatest(v.item_id, e) FROM bank_item_version v,"
            + " jsonb_array_elements_text(v.content -> 'enemies') e"
            + " WHERE v.item_id = ANY (?) AND e = ANY (?) ORDER BY 1, 2",
        (rs, n) -> rs.getString(1) + " and " + rs.getString(2),
        ids,
        ids);
  }

  /** The item ids among {@code ids} that are no bank item. */
  public List<String> unknownItems(Collection<String> ids) {
    return ids.stream()
        .filter(
            id ->
                !Boolean.TRUE.equals(
                    jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM bank_item WHERE item_id = ?)",
                        Boolean.class,
                        id)))
        .toList();
  }

  private static Timestamp millis(Instant at) {
    // Axon keeps event timestamps to the millisecond: the same value live and on a rebuild
    return Timestamp.from(at.truncatedTo(ChronoUnit.MILLIS));
  }

  private static String array(List<String> values) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) b.append(',');
      b.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return b.append('}').toString();
  }

  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bank record not serialisable", e);
    }
  }

  <T> T read(String text, Class<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bank read table unreadable", e);
    }
  }
}
