package kg.exam.query.integrity;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import kg.exam.contract.trust.evidence.IntegrityEvidence;
import kg.exam.query.integrity.IntegrityCohorts.Loaded;
import kg.exam.query.integrity.IntegrityCohorts.Session;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.DashboardRole;
import kg.exam.query.security.DashboardUser;
import kg.exam.scoring.Distributions;
import kg.exam.scoring.integrity.Finding;
import kg.exam.scoring.integrity.IntegrityAnalysis;
import kg.exam.scoring.integrity.IntegrityThresholds;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Integrity analytics of a session (scoring-core {@code kg.exam.scoring.integrity}): answer
 * similarity between candidates of one station or school whose sittings overlapped, response-time
 * misfit and speed against score, wrong-to-right changes, and places that stand out. AUDITOR sees
 * every session, CENTRE_ADMIN its centre's; no other role. Every flag is a lead for a human, with
 * its evidence: the signed events it rests on, which {@code exam-client/verify --evidence} checks
 * against the sitting's audit bundle offline. The analysis of a session is kept until its
 * projection moves on (a new score or answer).
 */
@RestController
class IntegrityController {
  private static final int KEPT = 4;
  private static final int TIMED_EVIDENCE = 10;
  private static final int CLUSTER_EVIDENCE = 200;

  private final JdbcTemplate jdbc;
  private final JdbcTemplate streaming;
  private final TransactionTemplate readOnly;
  private final IntegrityThresholds thresholds;
  private final Map<String, Object> loading = new ConcurrentHashMap<>();
  private final Map<String, Analysis> kept =
      new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Analysis> eldest) {
          return size() > KEPT;
        }
      };

  IntegrityController(
      JdbcTemplate jdbc,
      PlatformTransactionManager transactions,
      @Value("${exam.integrity.false-positive-rate:1e-4}") double falsePositiveRate,
      @Value("${exam.integrity.high-rate:1e-6}") double highRate,
      @Value("${exam.integrity.min-place-size:10}") int minPlaceSize) {
    this.jdbc = jdbc;
    // a session's answers are read in one consistent snapshot, 10,000 rows at a time (PostgreSQL
    // streams a result only inside a transaction), not buffered whole by the driver
    this.streaming = new JdbcTemplate(jdbc.getDataSource());
    this.streaming.setFetchSize(10_000);
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
    this.readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    this.thresholds = new IntegrityThresholds(falsePositiveRate, highRate, minPlaceSize, 5);
  }

  record SessionRow(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      Instant opensAt,
      int sittings) {}

  record Threshold(String kind, String statistic, double medium, double high) {}

  record Flag(
      String id,
      String kind,
      String severity,
      String place,
      List<String> sittings,
      Double statistic,
      Double pValue,
      Map<String, Object> detail,
      String evidence) {}

  record Report(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      int sittings,
      int analysed,
      long pairs,
      double falsePositiveRate,
      double highRate,
      List<Threshold> thresholds,
      Map<String, Integer> counts,
      Map<String, Integer> byKind,
      Map<String, String> notAnalysed,
      String note,
      List<Flag> flags) {}

  /** A session's analysis as kept: who is who in the findings' indexes (not the cohort itself). */
  private record Analysis(
      String fingerprint,
      Session session,
      List<String> sittingIds,
      List<String> itemIds,
      List<String> places,
      IntegrityAnalysis.Result result) {}

  @Operation(summary = "The sessions whose integrity the caller may analyse")
  @GetMapping("/api/integrity/sessions")
  List<SessionRow> sessions(@AuthenticationPrincipal DashboardUser user) {
    String centre = user.role() == DashboardRole.CENTRE_ADMIN ? user.centreId() : null;
    if (user.role() == DashboardRole.CENTRE_ADMIN && centre == null) {
      throw new QueryRefused(ProblemType.FORBIDDEN, "Your account names no exam centre.");
    }
    return jdbc.query(
        "SELECT es.session_id, es.exam_id, es.exam_version, es.centre_id, es.opens_at,"
            + " (SELECT count(*) FROM sitting s JOIN sitting_score sc"
            + " ON sc.sitting_id = s.sitting_id WHERE s.session_id = es.session_id)"
            + " FROM exam_session es WHERE (CAST(? AS text) IS NULL OR es.centre_id = ?)"
            + " ORDER BY es.opens_at DESC NULLS LAST, es.session_id",
        (rs, i) ->
            new SessionRow(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                rs.getInt(6)),
        centre,
        centre);
  }

  @Operation(
      summary = "Integrity flags of a session, by severity",
      description =
          "Leads for a human review, never sanctions: each test flags honest work at the stated"
              + " false-positive rate.")
  @GetMapping("/api/integrity/sessions/{sessionId}")
  Report report(@AuthenticationPrincipal DashboardUser user, @PathVariable String sessionId) {
    Analysis analysis = analysis(user, sessionId);
    Analysis loaded = analysis;
    List<Flag> flags = new ArrayList<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, Integer> byKind = new LinkedHashMap<>();
    for (Finding.Severity s : Finding.Severity.values()) {
      counts.put(s.name(), 0);
    }
    for (Finding.Kind k : Finding.Kind.values()) {
      byKind.put(k.name(), 0);
    }
    for (Finding f : analysis.result().findings()) {
      flags.add(flag(loaded, f));
      counts.merge(f.severity().name(), 1, Integer::sum);
      byKind.merge(f.kind().name(), 1, Integer::sum);
    }
    Session s = loaded.session();
    Map<String, String> notAnalysed = new LinkedHashMap<>();
    analysis.result().notAnalysed().forEach((kind, why) -> notAnalysed.put(kind.name(), why));
    return new Report(
        s.sessionId(),
        s.examId(),
        s.examVersion(),
        s.centreId(),
        loaded.sittingIds().size(),
        analysis.result().timed(),
        analysis.result().pairs(),
        thresholds.falsePositiveRate(),
        thresholds.highRate(),
        thresholdTable(),
        counts,
        byKind,
        notAnalysed,
        "Flags are leads for a human review, never sanctions: honest work is flagged at the"
            + " stated rate per test.",
        flags);
  }

  @Operation(summary = "The signed events a flag rests on, for exam-client/verify --evidence")
  @GetMapping("/api/integrity/sessions/{sessionId}/flags/{flagId}/evidence")
  IntegrityEvidence evidence(
      @AuthenticationPrincipal DashboardUser user,
      @PathVariable String sessionId,
      @PathVariable String flagId) {
    Analysis analysis = analysis(user, sessionId);
    Analysis loaded = analysis;
    Finding finding = null;
    for (Finding f : analysis.result().findings()) {
      if (id(loaded, f).equals(flagId)) {
        finding = f;
        break;
      }
    }
    if (finding == null) {
      throw new QueryRefused(
          ProblemType.NOT_FOUND, "No flag " + flagId + " in session " + sessionId + " (now).");
    }
    List<IntegrityEvidence.Sitting> sittings = new ArrayList<>();
    int[] members = finding.sittings();
    for (int k = 0; k < members.length && sittings.size() < CLUSTER_EVIDENCE; k++) {
      String sittingId = loaded.sittingIds().get(members[k]);
      List<IntegrityEvidence.Event> events = cited(loaded, finding, sittingId);
      if (!events.isEmpty()) { // a blank sitting has no answer to cite
        sittings.add(
            new IntegrityEvidence.Sitting(
                sittingId, "/api/audit/sittings/" + encode(sittingId) + "/bundle", events));
      }
    }
    return new IntegrityEvidence(
        IntegrityEvidence.FORMAT,
        sessionId,
        flagId,
        finding.kind().name(),
        finding.severity().name(),
        finite(finding.statistic()),
        finite(finding.pValue()),
        detail(loaded, finding),
        "exam-client/verify --evidence evidence.json sitting.zip",
        sittings);
  }

  private Analysis analysis(DashboardUser user, String sessionId) {
    if (user.role() == DashboardRole.CENTRE_ADMIN && user.centreId() == null) {
      throw new QueryRefused(ProblemType.FORBIDDEN, "Your account names no exam centre.");
    }
    Session session = IntegrityCohorts.session(jdbc, sessionId);
    if (user.role() == DashboardRole.CENTRE_ADMIN && !user.centreId().equals(session.centreId())) {
      throw new QueryRefused(
          ProblemType.OUTSIDE_SCOPE, "Session " + sessionId + " is not your centre's.");
    }
    // one analysis of a session at a time: a second request waits for the first's and reuses it
    synchronized (loading.computeIfAbsent(sessionId, k -> new Object())) {
      String fingerprint = IntegrityCohorts.fingerprint(jdbc, sessionId);
      synchronized (kept) {
        Analysis cached = kept.get(sessionId);
        if (cached != null && cached.fingerprint().equals(fingerprint)) {
          return cached;
        }
      }
      Analysis fresh =
          readOnly.execute(
              status -> {
                Loaded loaded = IntegrityCohorts.load(streaming, session);
                return new Analysis(
                    fingerprint,
                    session,
                    loaded.sittingIds(),
                    loaded.itemIds(),
                    loaded.places(),
                    IntegrityAnalysis.run(loaded.cohort(), thresholds));
              });
      synchronized (kept) {
        kept.put(sessionId, fresh);
      }
      return fresh;
    }
  }

  private List<Threshold> thresholdTable() {
    double zMedium = thresholds.mediumZ();
    double zHigh = thresholds.highZ();
    // similarity doubles its p-value for the two directions, so its z must be higher
    double simMedium = -Distributions.normalQuantile(thresholds.falsePositiveRate() / 2);
    double simHigh = -Distributions.normalQuantile(thresholds.highRate() / 2);
    return List.of(
        new Threshold(Finding.Kind.SIMILARITY.name(), "omega", simMedium, simHigh),
        new Threshold(
            Finding.Kind.RESPONSE_TIME.name(),
            "p of l (chi-square, timed items - 1 df)",
            thresholds.falsePositiveRate(),
            thresholds.highRate()),
        new Threshold(Finding.Kind.SPEED.name(), "z", zMedium, zHigh),
        new Threshold(
            Finding.Kind.ANSWER_CHANGES.name(),
            "p (binomial)",
            thresholds.falsePositiveRate(),
            thresholds.highRate()),
        new Threshold(Finding.Kind.CLUSTER.name(), "z or p (flags)", zMedium, zHigh));
  }

  private Flag flag(Analysis loaded, Finding f) {
    List<String> sittings = new ArrayList<>();
    for (int j : f.sittings()) {
      sittings.add(loaded.sittingIds().get(j));
    }
    String id = id(loaded, f);
    return new Flag(
        id,
        f.kind().name(),
        f.severity().name(),
        f.place() >= 0 ? loaded.places().get(f.place()) : null,
        sittings,
        finite(f.statistic()),
        finite(f.pValue()),
        detail(loaded, f),
        "/api/integrity/sessions/"
            + encode(loaded.session().sessionId())
            + "/flags/"
            + encode(id)
            + "/evidence");
  }

  /** The detail with sitting indexes named. */
  private static Map<String, Object> detail(Analysis loaded, Finding f) {
    Map<String, Object> detail = new LinkedHashMap<>();
    f.detail()
        .forEach(
            (key, value) ->
                detail.put(
                    key,
                    switch (value) {
                      case Integer j when key.equals("copier") || key.equals("source") ->
                          loaded.sittingIds().get(j);
                      case Double d -> finite(d); // JSON has no NaN or infinity
                      default -> value;
                    }));
    return detail;
  }

  /** KIND:sitting[:sitting], or CLUSTER:measure:place. */
  private static String id(Analysis loaded, Finding f) {
    if (f.kind() == Finding.Kind.CLUSTER) {
      return "CLUSTER:" + f.detail().get("measure") + ":" + loaded.places().get(f.place());
    }
    StringBuilder id = new StringBuilder(f.kind().name());
    for (int j : f.sittings()) {
      id.append(':').append(loaded.sittingIds().get(j));
    }
    return id.toString();
  }

  /**
   * The answer events a flag cites for one sitting: for similarity the final answers to the
   * matching items; for times the first answers to the fastest items and the answers before them
   * (the gaps are the times); for changes every answer to the changed items; for a place the
   * sitting's first and last answers.
   */
  private List<IntegrityEvidence.Event> cited(Analysis loaded, Finding f, String sittingId) {
    List<IntegrityEvidence.Event> events =
        jdbc.query(
            "SELECT sequence, event_id, item_id, response, client_timestamp, recorded_at"
                + " FROM answer_event WHERE sitting_id = ? ORDER BY sequence",
            (rs, i) ->
                new IntegrityEvidence.Event(
                    rs.getLong(1),
                    rs.getString(2),
                    "AnswerRecorded",
                    rs.getString(3),
                    IntegrityCohorts.strings(rs.getString(4)),
                    rs.getString(5),
                    rs.getString(6)),
            sittingId);
    if (events.isEmpty()) {
      return events;
    }
    Set<String> items = new LinkedHashSet<>();
    boolean timed = f.kind() == Finding.Kind.RESPONSE_TIME || f.kind() == Finding.Kind.SPEED;
    int limit = timed ? TIMED_EVIDENCE : f.items().length;
    for (int k = 0; k < f.items().length && k < limit; k++) {
      items.add(loaded.itemIds().get(f.items()[k]));
    }
    Set<IntegrityEvidence.Event> chosen = new LinkedHashSet<>();
    switch (f.kind()) {
      case SIMILARITY -> {
        Map<String, IntegrityEvidence.Event> last = new LinkedHashMap<>();
        for (IntegrityEvidence.Event e : events) {
          if (items.contains(e.itemId())) {
            last.put(e.itemId(), e);
          }
        }
        chosen.addAll(last.values());
      }
      case RESPONSE_TIME, SPEED -> {
        Set<String> seen = new LinkedHashSet<>();
        for (int k = 0; k < events.size(); k++) {
          IntegrityEvidence.Event e = events.get(k);
          if (seen.add(e.itemId()) && items.contains(e.itemId())) {
            if (k > 0) {
              chosen.add(events.get(k - 1));
            }
            chosen.add(e);
          }
        }
      }
      case ANSWER_CHANGES -> {
        for (IntegrityEvidence.Event e : events) {
          if (items.contains(e.itemId())) {
            chosen.add(e);
          }
        }
      }
      case CLUSTER -> {
        chosen.add(events.getFirst());
        chosen.add(events.getLast());
      }
    }
    List<IntegrityEvidence.Event> ordered = new ArrayList<>(chosen);
    ordered.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    return ordered;
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
