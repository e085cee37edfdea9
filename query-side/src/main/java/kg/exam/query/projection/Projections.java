package kg.exam.query.projection;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kg.exam.contract.bank.BankItemApproved;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.BankItemCreated;
import kg.exam.contract.bank.BankItemRevised;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.FrameworkNode;
import kg.exam.contract.bank.FrameworkPublished;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamCreated;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ExamRevised;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.KeyAmended;
import kg.exam.contract.marking.MarkerStopped;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.contract.marking.SeedMarked;
import kg.exam.contract.marking.SeedScriptAdded;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.session.ExamSessionClosed;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.IncidentReported;
import kg.exam.contract.sitting.ItemFlaggedForReview;
import kg.exam.contract.sitting.ItemReviewFlagCleared;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingDeviceKeyBound;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingResumed;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingSealed;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimeExtended;
import kg.exam.contract.sitting.SittingTimedOut;
import kg.exam.contract.survey.SampleDesignDeclared;
import kg.exam.contract.survey.SurveySchool;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies events to the projection tables. Every method must run inside the caller's transaction:
 * the claim of the event's sequence number in {@code applied_sequence} and the projection change
 * commit or roll back together, so a redelivered or replayed event is never counted twice.
 *
 * <p>Events of one aggregate arrive in order (one partition per key); events of different
 * aggregates may not. So every table holds facts of one stream only (a sitting row is written by
 * its own sitting's events, a session row by its session's), and everything that combines streams
 * (a result with its exam's pass mark, a school's sessions) is joined at query time.
 */
@Component
public class Projections {
  private static final Map<String, Class<?>> TYPES =
      Stream.of(
              ExamCreated.class,
              ExamRevised.class,
              ExamPublished.class,
              KeyAmended.class,
              ItemExcluded.class,
              ExamSessionOpened.class,
              ExamSessionClosed.class,
              CandidateRegistered.class,
              SittingStarted.class,
              SittingDeviceKeyBound.class,
              AnswerRecorded.class,
              ItemFlaggedForReview.class,
              ItemReviewFlagCleared.class,
              SittingPaused.class,
              SittingResumed.class,
              SittingTimeExtended.class,
              SittingSubmitted.class,
              SittingTimedOut.class,
              SittingScored.class,
              SittingSealed.class,
              IncidentReported.class,
              ScriptsOpenedForMarking.class,
              ScriptMarked.class,
              ScriptDisputed.class,
              ScriptResolved.class,
              ScriptRoundReleased.class,
              SeedScriptAdded.class,
              SeedMarked.class,
              MarkerStopped.class,
              SampleDesignDeclared.class,
              SessionResultsFinalised.class,
              BankItemCreated.class,
              BankItemRevised.class,
              BankItemApproved.class,
              FrameworkPublished.class)
          .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

  private final JdbcTemplate jdbc;
  private final JsonMapper json;

  public Projections(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    // Events may gain fields (new revisions): unknown ones are ignored, never fatal.
    this.json =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /** Whether the query side projects this event type at all. */
  public boolean knows(String eventType) {
    return TYPES.containsKey(eventType);
  }

  /**
   * Applies one event, inside the caller's transaction.
   *
   * @throws PoisonEvent if the event can never be applied (undecodable, required data missing)
   */
  public ApplyOutcome apply(EventEnvelope envelope) {
    Class<?> type = TYPES.get(envelope.eventType());
    if (type == null) {
      return ApplyOutcome.IGNORED;
    }
    if (envelope.sequenceNumber() < 0) {
      throw new PoisonEvent(PoisonEvent.MISSING_HEADER, "no sequence-number header");
    }
    Object event = decode(envelope, type);
    if (!claim(envelope)) {
      return ApplyOutcome.DUPLICATE;
    }
    dispatch(event, envelope);
    return ApplyOutcome.APPLIED;
  }

  private Object decode(EventEnvelope envelope, Class<?> type) {
    try {
      Object event = json.readValue(envelope.payload(), type);
      if (event == null) {
        throw new PoisonEvent(PoisonEvent.UNDESERIALISABLE, "payload is null");
      }
      return event;
    } catch (JacksonException e) {
      throw new PoisonEvent(
          PoisonEvent.UNDESERIALISABLE,
          "payload is not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  /**
   * Claims the event's sequence number for its aggregate; false if it (or a later one) was applied
   * already. The row lock taken here also serialises two consumers that briefly hold the same
   * partition during a rebalance: the second waits for the first's commit and then sees the claim.
   */
  private boolean claim(EventEnvelope envelope) {
    return jdbc.update(
            "INSERT INTO applied_sequence (aggregate_id, last_sequence) VALUES (?, ?)"
                + " ON CONFLICT (aggregate_id) DO UPDATE SET last_sequence = EXCLUDED.last_sequence"
                + " WHERE applied_sequence.last_sequence < EXCLUDED.last_sequence",
            envelope.aggregateId(),
            envelope.sequenceNumber())
        == 1;
  }

  private void dispatch(Object event, EventEnvelope envelope) {
    Instant at = envelope.timestamp();
    switch (event) {
      case ExamCreated e -> draft(e.examId(), e.content());
      case ExamRevised e -> draft(e.examId(), e.content());
      case ExamPublished e -> published(e, at);
      case BankItemCreated e -> bankCodes(e.itemId(), e.version(), e.content());
      case BankItemRevised e -> bankCodes(e.itemId(), e.version(), e.content());
      case BankItemApproved e ->
          jdbc.update(
              "INSERT INTO bank_item_approved (item_id, version) VALUES (?, ?)"
                  + " ON CONFLICT (item_id) DO UPDATE SET version = EXCLUDED.version",
              require(e.itemId(), "itemId"),
              e.version());
      case FrameworkPublished e -> framework(e);
      case KeyAmended e -> keyAmended(e);
      case ItemExcluded e -> excluded(e);
      case ExamSessionOpened e -> sessionOpened(e);
      case ExamSessionClosed e ->
          jdbc.update(
              "UPDATE exam_session SET closed_at = ? WHERE session_id = ?",
              ts(e.closedAt() != null ? e.closedAt() : at),
              require(e.sessionId(), "sessionId"));
      case CandidateRegistered e -> registered(e, at);
      case SittingStarted e ->
          sitting(
              e.sittingId(),
              "status = 'IN_PROGRESS', started_at = ?, deadline = ?, last_activity = ?,"
                  + " station_run = ?, station_key_id = ?",
              ts(e.startedAt()),
              ts(e.deadline()),
              ts(orElse(e.startedAt(), at)),
              e.stationKeyId() != null,
              e.stationKeyId());
      case SittingDeviceKeyBound e ->
          sitting(e.sittingId(), "last_activity = ?", ts(orElse(e.boundAt(), at)));
      case AnswerRecorded e -> answered(e, envelope, at);
      case ItemFlaggedForReview e ->
          sitting(e.sittingId(), "last_activity = ?", ts(orElse(e.flaggedAt(), at)));
      case ItemReviewFlagCleared e ->
          sitting(e.sittingId(), "last_activity = ?", ts(orElse(e.clearedAt(), at)));
      case SittingPaused e ->
          sitting(
              e.sittingId(), "status = 'PAUSED', last_activity = ?", ts(orElse(e.pausedAt(), at)));
      case SittingResumed e ->
          sitting(
              e.sittingId(),
              "status = 'IN_PROGRESS', deadline = coalesce(?, deadline), last_activity = ?",
              ts(e.deadline()),
              ts(orElse(e.resumedAt(), at)));
      case SittingTimeExtended e ->
          sitting(e.sittingId(), "deadline = coalesce(?, deadline)", ts(e.deadline()));
      case SittingSubmitted e ->
          sitting(
              e.sittingId(),
              "status = 'SUBMITTED', handed_in_at = ?, last_activity = ?",
              ts(orElse(e.submittedAt(), at)),
              ts(orElse(e.submittedAt(), at)));
      case SittingTimedOut e ->
          sitting(
              e.sittingId(),
              "status = 'TIMED_OUT', handed_in_at = ?",
              ts(orElse(e.timedOutAt(), at)));
      case SittingScored e -> scored(e, at);
      case SittingSealed e -> require(e.sittingId(), "sittingId"); // nothing to show yet
      case IncidentReported e -> sitting(e.sittingId(), "incidents = incidents + 1");
      case ScriptsOpenedForMarking e -> scriptsOpened(e, at);
      case ScriptMarked e ->
          jdbc.update(
              "INSERT INTO marking_mark (script_id, round, session_id, marker_id, marked_at)"
                  + " SELECT script_id, ?, session_id, ?, ? FROM marking_script WHERE script_id = ?"
                  + " ON CONFLICT (script_id, round) DO UPDATE SET marker_id = EXCLUDED.marker_id,"
                  + " marked_at = EXCLUDED.marked_at",
              e.round(),
              require(e.markerId(), "markerId"),
              ts(orElse(e.markedAt(), at)),
              require(e.scriptId(), "scriptId"));
      case ScriptDisputed e ->
          jdbc.update(
              "UPDATE marking_script SET status = 'DISPUTED' WHERE script_id = ?",
              require(e.scriptId(), "scriptId"));
      case ScriptResolved e ->
          jdbc.update(
              "UPDATE marking_script SET status = 'RESOLVED', resolved_at = ? WHERE script_id = ?",
              ts(orElse(e.resolvedAt(), at)),
              require(e.scriptId(), "scriptId"));
      case ScriptRoundReleased e -> {
        jdbc.update(
            "DELETE FROM marking_mark WHERE script_id = ? AND round = ?",
            require(e.scriptId(), "scriptId"),
            e.round());
        if (e.round() < 3) {
          jdbc.update(
              "UPDATE marking_script SET status = 'AWAITING' WHERE script_id = ?"
                  + " AND status = 'DISPUTED'",
              e.scriptId());
        }
      }
      case SeedScriptAdded e ->
          jdbc.update(
              "INSERT INTO marking_seed (seed_id, session_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
              require(e.seedId(), "seedId"),
              require(e.sessionId(), "sessionId"));
      case SeedMarked e ->
          jdbc.update(
              "INSERT INTO marking_seed_mark (seed_id, marker_id, session_id, difference, marked_at)"
                  + " SELECT seed_id, ?, session_id, ?, ? FROM marking_seed WHERE seed_id = ?"
                  + " ON CONFLICT DO NOTHING",
              require(e.markerId(), "markerId"),
              e.difference(),
              ts(orElse(e.markedAt(), at)),
              require(e.seedId(), "seedId"));
      case MarkerStopped e ->
          jdbc.update(
              "INSERT INTO marking_stop (session_id, marker_id, stopped_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT DO NOTHING",
              require(e.sessionId(), "sessionId"),
              require(e.markerId(), "markerId"),
              ts(orElse(e.stoppedAt(), at)));
      case SampleDesignDeclared e -> sampleDesign(e, at);
      case SessionResultsFinalised e ->
          jdbc.update(
              "INSERT INTO session_calibration (session_id, calibration, finalised_at)"
                  + " VALUES (?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
              require(e.sessionId(), "sessionId"),
              json.writeValueAsString(require(e.calibration(), "calibration")),
              ts(orElse(e.finalisedAt(), at)));
      default -> throw new IllegalStateException("no handler for " + event.getClass());
    }
  }

  /** A declaration replaces the session's earlier design as a whole. */
  private void sampleDesign(SampleDesignDeclared e, Instant at) {
    String sessionId = require(e.sessionId(), "sessionId");
    List<SurveySchool> schools = require(e.schools(), "schools");
    jdbc.update(
        "INSERT INTO survey_design (session_id, replication, fay_factor, declared_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
            + " replication = EXCLUDED.replication, fay_factor = EXCLUDED.fay_factor,"
            + " declared_at = EXCLUDED.declared_at",
        sessionId,
        require(e.replication(), "replication"),
        e.fayFactor(),
        ts(orElse(e.declaredAt(), at)));
    jdbc.update("DELETE FROM survey_school WHERE session_id = ?", sessionId);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < schools.size(); i++) {
      SurveySchool s = require(schools.get(i), "schools[" + i + "]");
      rows.add(
          new Object[] {
            sessionId,
            i,
            require(s.schoolId(), "schoolId"),
            require(s.stratum(), "stratum"),
            s.selectionProbability(),
            s.enrolled(),
            s.zone(),
            s.half()
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO survey_school (session_id, position, school_id, stratum,"
            + " selection_probability, enrolled, zone, half) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }

  private void scriptsOpened(ScriptsOpenedForMarking e, Instant at) {
    require(e.sittingId(), "sittingId");
    for (MarkingScript script : require(e.scripts(), "scripts")) {
      jdbc.update(
          "INSERT INTO marking_script (script_id, session_id, item_id, marks_required, status,"
              + " opened_at) SELECT ?, session_id, ?, ?, 'AWAITING', ? FROM sitting"
              + " WHERE sitting_id = ? ON CONFLICT DO NOTHING",
          require(script.scriptId(), "scriptId"),
          require(script.itemId(), "itemId"),
          script.marksRequired(),
          ts(orElse(e.openedAt(), at)),
          e.sittingId());
    }
  }

  private void draft(String examId, ExamContent content) {
    require(examId, "examId");
    require(content, "content");
    jdbc.update(
        "INSERT INTO exam_draft (exam_id, title, subject, grade) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (exam_id) DO UPDATE SET title = EXCLUDED.title,"
            + " subject = EXCLUDED.subject, grade = EXCLUDED.grade",
        examId,
        content.title(),
        content.subject(),
        content.grade());
  }

  /** The competency codes a version of a bank item names (reports per competency join them). */
  private void bankCodes(String itemId, int version, BankItemContent content) {
    require(itemId, "itemId");
    for (CompetencyRef ref : require(content, "content").competencies()) {
      jdbc.update(
          "INSERT INTO bank_item_code (item_id, version, framework_id, code) VALUES (?, ?, ?, ?)"
              + " ON CONFLICT DO NOTHING",
          itemId,
          version,
          require(ref.frameworkId(), "frameworkId"),
          require(ref.code(), "code"));
    }
  }

  /** A framework's latest version replaces its nodes. */
  private void framework(FrameworkPublished e) {
    String frameworkId = require(e.frameworkId(), "frameworkId");
    jdbc.update("DELETE FROM framework_node WHERE framework_id = ?", frameworkId);
    List<FrameworkNode> nodes = require(e.definition(), "definition").nodes();
    for (int i = 0; i < nodes.size(); i++) {
      FrameworkNode n = nodes.get(i);
      jdbc.update(
          "INSERT INTO framework_node (framework_id, code, kind, parent, position, titles)"
              + " VALUES (?, ?, ?, ?, ?, ?::jsonb)",
          frameworkId,
          require(n.code(), "code"),
          require(n.kind(), "kind"),
          n.parent(),
          i,
          json.writeValueAsString(n.titles()));
    }
  }

  private void published(ExamPublished e, Instant at) {
    require(e.examId(), "examId");
    ExamContent c = require(e.content(), "content");
    require(c.scoring(), "content.scoring");
    String boundaries = json.writeValueAsString(c.scoring().gradeBoundaries());
    jdbc.update(
        "INSERT INTO exam_version (exam_id, version, key_version, title, subject, grade, language,"
            + " pass_percent, grade_boundaries, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (exam_id, version) DO NOTHING",
        e.examId(),
        e.version(),
        e.keyVersion(),
        c.title(),
        c.subject(),
        c.grade(),
        c.language(),
        c.scoring().passPercent(),
        boundaries,
        ts(at));
    List<Object[]> items = new ArrayList<>();
    int position = 0;
    for (ItemDefinition item : c.items()) {
      items.add(
          new Object[] {
            e.examId(),
            e.version(),
            position++,
            require(item.itemId(), "items.itemId"),
            item.type(),
            item.maxScore(),
            singleAnswer(item.type(), item.key())
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO exam_item (exam_id, version, position, item_id, item_type, max_score,"
            + " single_answer) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        items);
  }

  /**
   * Whether an item has one right answer, so that a change to it is a change from a wrong one (the
   * integrity analyses' wrong-to-right count): a single choice or true/false keyed to one option
   * without a score mapping.
   */
  private static boolean singleAnswer(String type, ItemKey key) {
    return ("SINGLE_CHOICE".equals(type) || "TRUE_FALSE".equals(type))
        && key != null
        && key.correct().size() == 1
        && key.mapping().isEmpty();
  }

  /** A key amendment or exclusion made key version {@code keyVersion} of an exam version. */
  private void keyVersion(String examId, int version, int keyVersion) {
    jdbc.update(
        "UPDATE exam_version SET key_version = greatest(key_version, ?)"
            + " WHERE exam_id = ? AND version = ?",
        keyVersion,
        require(examId, "examId"),
        version);
  }

  private void keyAmended(KeyAmended e) {
    keyVersion(e.examId(), e.version(), e.keyVersion());
    jdbc.update(
        "UPDATE exam_item SET single_answer = (item_type IN ('SINGLE_CHOICE', 'TRUE_FALSE') AND ?)"
            + " WHERE exam_id = ? AND version = ? AND item_id = ?",
        e.key() != null && e.key().correct().size() == 1 && e.key().mapping().isEmpty(),
        e.examId(),
        e.version(),
        require(e.itemId(), "itemId"));
  }

  private void excluded(ItemExcluded e) {
    keyVersion(e.examId(), e.version(), e.keyVersion());
    jdbc.update(
        "UPDATE exam_item SET excluded_key_version = ?, exclusion_reason = ?"
            + " WHERE exam_id = ? AND version = ? AND item_id = ?",
        e.keyVersion(),
        e.reason(),
        e.examId(),
        e.version(),
        require(e.itemId(), "itemId"));
  }

  private void sessionOpened(ExamSessionOpened e) {
    jdbc.update(
        "INSERT INTO exam_session (session_id, exam_id, exam_version, centre_id, school_id,"
            + " opens_at, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (session_id) DO NOTHING",
        require(e.sessionId(), "sessionId"),
        require(e.examId(), "examId"),
        e.examVersion(),
        e.centreId(),
        e.schoolId(),
        ts(e.opensAt()),
        ts(e.closesAt()));
  }

  private void registered(CandidateRegistered e, Instant at) {
    CandidateProfile p = require(e.profile(), "profile");
    jdbc.update(
        "INSERT INTO sitting (sitting_id, session_id, exam_id, exam_version, centre_id,"
            + " candidate_id, region, district, school_id, locality, instruction_language, gender,"
            + " grade, status, registered_at, last_activity)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'REGISTERED', ?, ?)"
            + " ON CONFLICT (sitting_id) DO NOTHING",
        require(e.sittingId(), "sittingId"),
        require(e.sessionId(), "sessionId"),
        require(e.examId(), "examId"),
        e.examVersion(),
        e.centreId(),
        require(e.candidateId(), "candidateId"),
        require(p.region(), "profile.region"),
        require(p.district(), "profile.district"),
        require(p.schoolId(), "profile.schoolId"),
        p.locality(),
        p.instructionLanguage(),
        p.gender(),
        p.grade(),
        ts(at),
        ts(at));
  }

  private void answered(AnswerRecorded e, EventEnvelope envelope, Instant at) {
    require(e.sittingId(), "sittingId");
    String itemId = require(e.itemId(), "itemId");
    int added =
        jdbc.update(
            "INSERT INTO sitting_answer (sitting_id, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            e.sittingId(),
            itemId);
    int events =
        jdbc.update(
            "INSERT INTO answer_event (sitting_id, sequence, event_id, item_id, response,"
                + " client_timestamp, station_time, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
            e.sittingId(),
            envelope.sequenceNumber(),
            envelope.eventId(),
            itemId,
            responseJson(e.response()),
            text(e.clientTimestamp()),
            text(e.stationTime()),
            text(e.recordedAt())); // as signed: the evidence cites the event's own fields
    sitting(
        e.sittingId(),
        "answered = answered + ?, answer_events = answer_events + ?, last_activity = ?",
        added,
        events,
        ts(orElse(e.recordedAt(), at)));
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private String responseJson(List<String> response) {
    try {
      return json.writeValueAsString(response == null ? List.of() : response);
    } catch (JacksonException e) {
      throw new PoisonEvent(PoisonEvent.UNDESERIALISABLE, "response is not a list of strings");
    }
  }

  private void scored(SittingScored e, Instant at) {
    require(e.sittingId(), "sittingId");
    require(e.examId(), "examId");
    // A re-score (higher key version) replaces the previous score; an older one never does.
    int written =
        jdbc.update(
            "INSERT INTO sitting_score (sitting_id, exam_id, exam_version, key_version, raw_total,"
                + " max_total, percentage, passed, grade, needs_human_marking, scored_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (sitting_id) DO UPDATE SET key_version = EXCLUDED.key_version,"
                + " raw_total = EXCLUDED.raw_total, max_total = EXCLUDED.max_total,"
                + " percentage = EXCLUDED.percentage, passed = EXCLUDED.passed,"
                + " grade = EXCLUDED.grade, needs_human_marking = EXCLUDED.needs_human_marking,"
                + " scored_at = EXCLUDED.scored_at"
                + " WHERE sitting_score.key_version <= EXCLUDED.key_version",
            e.sittingId(),
            e.examId(),
            e.examVersion(),
            e.keyVersion(),
            e.rawTotal(),
            e.maxTotal(),
            e.percentage(),
            e.passed(),
            e.grade(),
            e.needsHumanMarking(),
            ts(orElse(e.scoredAt(), at)));
    if (written == 0) {
      return;
    }
    jdbc.update("DELETE FROM item_score WHERE sitting_id = ?", e.sittingId());
    List<Object[]> rows = new ArrayList<>();
    for (ItemScoreRecord item :
        e.itemScores() == null ? List.<ItemScoreRecord>of() : e.itemScores()) {
      rows.add(
          new Object[] {
            e.sittingId(),
            require(item.itemId(), "itemScores.itemId"),
            item.score(),
            item.maxScore(),
            item.outcome()
          });
    }
    jdbc.batchUpdate(
        "INSERT INTO item_score (sitting_id, item_id, score, max_score, outcome)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        rows);
  }

  private void sitting(String sittingId, String set, Object... values) {
    require(sittingId, "sittingId");
    Object[] args = new Object[values.length + 1];
    System.arraycopy(values, 0, args, 0, values.length);
    args[values.length] = sittingId;
    jdbc.update("UPDATE sitting SET " + set + " WHERE sitting_id = ?", args);
  }

  private static <T> T require(T value, String name) {
    if (value == null) {
      throw new PoisonEvent(PoisonEvent.MISSING_DATA, name + " is missing");
    }
    return value;
  }

  private static Instant orElse(Instant value, Instant fallback) {
    return value != null ? value : fallback;
  }

  private static Timestamp ts(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
