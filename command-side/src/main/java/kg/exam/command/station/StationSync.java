package kg.exam.command.station;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.session.OpenSessions;
import kg.exam.command.sitting.AnswerReceipt;
import kg.exam.command.sitting.SittingRecords;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.sitting.ExtendSittingTime;
import kg.exam.contract.sitting.FlagItem;
import kg.exam.contract.sitting.PauseSitting;
import kg.exam.contract.sitting.RecordAnswer;
import kg.exam.contract.sitting.ReportIncident;
import kg.exam.contract.sitting.ResumeSitting;
import kg.exam.contract.sitting.StartSitting;
import kg.exam.contract.sitting.SubmitSitting;
import kg.exam.contract.sitting.TimeOutStationSitting;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one station journal entry as the sitting command it stands for, exactly once per station
 * key and sequence number. The command and the entry's row in {@code station_sync_entry} commit in
 * one transaction (Axon's unit of work joins it), so an entry is either applied and remembered, or
 * neither. Station times become the commands' {@code now}; the server's receive time is recorded
 * beside them.
 */
@Component
class StationSync {
  private static final Logger log = LoggerFactory.getLogger(StationSync.class);

  /** Most values one response may hold and characters per value, as for the answer endpoint. */
  static final int MAX_RESPONSE_VALUES = 100;

  static final int MAX_RESPONSE_VALUE_CHARS = 20_000;

  enum Kind {
    START,
    ANSWER,
    FLAG,
    SUBMIT,
    TIMEOUT,
    PAUSE,
    RESUME,
    EXTEND,
    INCIDENT
  }

  record Parsed(
      long seq,
      String sittingId,
      Kind kind,
      Instant stationTime,
      Map<String, Object> payload,
      String keyId,
      String signature) {}

  /** {@code applied}, {@code duplicate} or {@code rejected} with the problem. */
  record Outcome(String outcome, String type, String detail) {}

  private final CommandGateway commands;
  private final SittingRecords sittings;
  private final OpenSessions sessions;
  private final PublishedExams exams;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final com.fasterxml.jackson.databind.ObjectMapper json;

  StationSync(
      CommandGateway commands,
      SittingRecords sittings,
      OpenSessions sessions,
      PublishedExams exams,
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      @org.springframework.beans.factory.annotation.Qualifier("eventObjectMapper")
          com.fasterxml.jackson.databind.ObjectMapper json) {
    this.commands = commands;
    this.sittings = sittings;
    this.sessions = sessions;
    this.exams = exams;
    this.jdbc = jdbc;
    this.tx = new TransactionTemplate(transactions);
    this.json = json;
  }

  /**
   * @return the outcome, or null when the entry failed for a reason a retry may cure (the caller
   *     stops the batch there)
   */
  Outcome process(Actor station, Parsed e, Instant receivedAt) {
    Optional<Outcome> earlier = answered(station.id(), e.seq());
    if (earlier.isPresent()) {
      Outcome o = earlier.get();
      return "rejected".equals(o.outcome()) ? o : new Outcome("duplicate", null, null);
    }
    try {
      String outcome =
          tx.execute(
              status -> {
                String o = apply(station, e, receivedAt);
                remember(station.id(), e, o, null, null, receivedAt);
                return o;
              });
      return new Outcome(outcome, null, null);
    } catch (RuleViolation v) {
      if (v.type() == ProblemType.CONCURRENT_MODIFICATION) {
        return null;
      }
      try {
        tx.executeWithoutResult(
            status ->
                remember(
                    station.id(),
                    e,
                    "rejected",
                    v.type().uri().toString(),
                    v.getMessage(),
                    receivedAt));
      } catch (DataAccessException ex) {
        // e.g. the same entry answered meanwhile by a concurrent request: the station sends it
        // again and then gets the stored answer
        log.warn(
            "station {} entry {} ({}): its rejection could not be stored; the station will send"
                + " it again",
            station.id(),
            e.seq(),
            e.kind(),
            ex);
        return null;
      }
      return new Outcome("rejected", v.type().uri().toString(), v.getMessage());
    } catch (ConcurrencyException ex) {
      return null;
    } catch (RuntimeException ex) {
      log.warn(
          "station {} entry {} ({}) failed; the station will send it again",
          station.id(),
          e.seq(),
          e.kind(),
          ex);
      return null;
    }
  }

  private Optional<Outcome> answered(String stationKeyId, long seq) {
    return jdbc
        .query(
            "SELECT outcome, problem_type, detail FROM station_sync_entry"
                + " WHERE station_key_id = ? AND seq = ?",
            (rs, n) -> new Outcome(rs.getString(1), rs.getString(2), rs.getString(3)),
            stationKeyId,
            seq)
        .stream()
        .findFirst();
  }

  private void remember(
      String stationKeyId, Parsed e, String outcome, String type, String detail, Instant at) {
    jdbc.update(
        "INSERT INTO station_sync_entry (station_key_id, seq, sitting_id, kind, outcome,"
            + " problem_type, detail, station_time, received_at, refused_entry)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?)",
        stationKeyId,
        e.seq(),
        e.sittingId(),
        e.kind().name().toLowerCase(java.util.Locale.ROOT),
        outcome,
        type,
        detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)),
        Timestamp.from(e.stationTime()),
        Timestamp.from(at),
        "rejected".equals(outcome) ? refusedEntry(e) : null);
  }

  /** What the station sent in a refused entry, as JSON, so that the server keeps it too. */
  private String refusedEntry(Parsed e) {
    Map<String, Object> entry = new java.util.LinkedHashMap<>();
    entry.put("payload", e.payload());
    entry.put("keyId", e.keyId());
    entry.put("signature", e.signature());
    try {
      return json.writeValueAsString(entry);
    } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
      return null; // a map of what was parsed from JSON writes as JSON
    }
  }

  /** Sends the entry's command; returns {@code applied} or {@code duplicate}. */
  private String apply(Actor station, Parsed e, Instant receivedAt) {
    SittingRecords.SittingRow row =
        sittings
            .find(e.sittingId())
            .orElseThrow(
                () ->
                    new RuleViolation(ProblemType.NOT_FOUND, "No sitting " + e.sittingId() + "."));
    if (!row.centreId().equals(station.centreId())
        || (station.schoolId() != null && !station.schoolId().equals(row.schoolId()))) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "Sitting " + e.sittingId() + " is not at this station's school.");
    }
    Map<String, Object> p = e.payload();
    String by = "station:" + station.id() + "/" + text(p, "by", "station");
    switch (e.kind()) {
      case START -> {
        OpenSessions.SessionRow session = sessions.find(row.sessionId()).orElseThrow();
        PublishedExam exam = exams.find(row.examId(), row.examVersion()).orElseThrow();
        commands.sendAndWait(
            new StartSitting(
                e.sittingId(),
                e.stationTime(),
                session.opensAt(),
                session.closesAt(),
                // a session closed after the station's start does not undo the start
                session.closedAt() != null && !e.stationTime().isBefore(session.closedAt()),
                exam.content().durationMinutes(),
                exam.content().items().stream().map(ItemDefinition::itemId).toList(),
                null,
                instant(p, "deadline"),
                receivedAt,
                station.id()));
      }
      case ANSWER -> {
        List<String> response = response(p);
        AnswerReceipt receipt =
            commands.sendAndWait(
                new RecordAnswer(
                    e.sittingId(),
                    text(p, "itemId", null),
                    response,
                    number(p, "clientSeq"),
                    e.stationTime(),
                    receivedAt,
                    e.keyId(),
                    e.signature(),
                    e.stationTime()));
        return receipt.duplicate() ? "duplicate" : "applied";
      }
      case FLAG ->
          commands.sendAndWait(
              new FlagItem(e.sittingId(), text(p, "itemId", null), flag(p), e.stationTime()));
      case SUBMIT ->
          commands.sendAndWait(new SubmitSitting(e.sittingId(), e.stationTime(), receivedAt));
      case TIMEOUT ->
          commands.sendAndWait(
              new TimeOutStationSitting(
                  e.sittingId(), instant(p, "deadline"), e.stationTime(), receivedAt));
      case PAUSE ->
          commands.sendAndWait(
              new PauseSitting(e.sittingId(), e.stationTime(), text(p, "reason", null), by));
      case RESUME ->
          commands.sendAndWait(
              new ResumeSitting(e.sittingId(), e.stationTime(), text(p, "reason", null), by));
      case EXTEND ->
          commands.sendAndWait(
              new ExtendSittingTime(
                  e.sittingId(), e.stationTime(), minutes(p), text(p, "reason", null), by));
      case INCIDENT -> {
        boolean recorded =
            commands.sendAndWait(
                new ReportIncident(
                    e.sittingId(),
                    text(p, "code", null),
                    p.get("note") instanceof String note ? note : null,
                    by,
                    e.stationTime(),
                    receivedAt,
                    station.id(),
                    e.seq()));
        return recorded ? "applied" : "duplicate";
      }
    }
    return "applied";
  }

  private static String text(Map<String, Object> p, String field, String otherwise) {
    Object v = p.get(field);
    if (v instanceof String s && !s.isBlank()) {
      return s;
    }
    if (otherwise != null) {
      return otherwise;
    }
    throw new RuleViolation(ProblemType.INVALID_REQUEST, "payload." + field + ": required text.");
  }

  /** Largest magnitude up to which every whole number is exactly a double (2^53). */
  private static final double EXACT_DOUBLE_LIMIT = 9_007_199_254_740_992d;

  /**
   * A whole number exactly as sent: JSON integers that fit a long, and fraction-free numbers
   * written with a decimal point only while a double holds them exactly. Anything else (a fraction,
   * an integer beyond a long) is refused rather than rounded or truncated.
   */
  private static long number(Map<String, Object> p, String field) {
    Object v = p.get(field);
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b && b.bitLength() < 64) {
      return b.longValue();
    }
    if (v instanceof BigDecimal d) {
      try {
        return d.longValueExact();
      } catch (ArithmeticException ex) {
        // not whole or beyond a long: refused below
      }
    }
    if ((v instanceof Double || v instanceof Float) && v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) <= EXACT_DOUBLE_LIMIT) {
        return (long) d;
      }
    }
    throw new RuleViolation(ProblemType.INVALID_REQUEST, "payload." + field + ": a whole number.");
  }

  private static int minutes(Map<String, Object> p) {
    try {
      return Math.toIntExact(number(p, "minutes"));
    } catch (ArithmeticException ex) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "payload.minutes: a whole number of minutes.");
    }
  }

  /** {@code flagged} must be sent as true or false; a missing value is not an unflag. */
  private static boolean flag(Map<String, Object> p) {
    if (p.get("flagged") instanceof Boolean b) {
      return b;
    }
    throw new RuleViolation(ProblemType.INVALID_REQUEST, "payload.flagged: true or false.");
  }

  private static Instant instant(Map<String, Object> p, String field) {
    try {
      return Instant.parse(text(p, field, null));
    } catch (DateTimeParseException e) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "payload." + field + ": not an ISO-8601 instant.");
    }
  }

  private static List<String> response(Map<String, Object> p) {
    if (!(p.get("response") instanceof List<?> values)) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "payload.response: a list of strings.");
    }
    if (values.size() > MAX_RESPONSE_VALUES) {
      throw new RuleViolation(
          ProblemType.OVERSIZED_RESPONSE,
          "A response holds at most " + MAX_RESPONSE_VALUES + " values.");
    }
    List<String> response = new ArrayList<>(values.size());
    for (Object v : values) {
      if (!(v instanceof String s)) {
        throw new RuleViolation(
            ProblemType.INVALID_REQUEST, "payload.response: a list of strings.");
      }
      if (s.length() > MAX_RESPONSE_VALUE_CHARS) {
        throw new RuleViolation(
            ProblemType.OVERSIZED_RESPONSE,
            "A response value holds at most " + MAX_RESPONSE_VALUE_CHARS + " characters.");
      }
      response.add(s);
    }
    return response;
  }
}
