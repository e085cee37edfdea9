package kg.exam.query.browser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamCreated;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.GradeBoundary;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.marking.MarkerStopped;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.contract.marking.SeedMarked;
import kg.exam.contract.marking.SeedScriptAdded;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.EmSettings;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.survey.SampleDesignDeclared;
import kg.exam.contract.survey.SurveySchool;
import kg.exam.query.integrity.IntegrityFixtures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The events behind the dashboard test, produced to {@code exam.events} in the agreed record format
 * (key = aggregate id; value = the contract record's JSON; headers event-type, aggregate-id,
 * sequence-number, timestamp, ...), as the command side publishes them.
 *
 * <p>One published exam, one session, and sittings in three schools of two regions: {@value
 * #SCHOOL} (district {@value #DISTRICT}, region {@value #REGION}) has 12 scored sittings and two in
 * progress, one of them silent for 30 minutes; {@value #OTHER_SCHOOL} in the same district 11
 * scored; S-201 in Osh 13 scored.
 *
 * <p>Apart from them, the integrity session of {@link IntegrityFixtures} ({@value
 * #INTEGRITY_SESSION} at {@value #INTEGRITY_CENTRE}): 240 sittings {@code sit-000} .. {@code
 * sit-239} of their own exam, {@value #INTEGRITY_EXAM}, in their own schools, with the planted
 * copier pair, tampered sitting and fast sitting.
 */
final class DashboardData {
  static final String TOPIC = "exam.events";
  static final String EXAM = "math-9";
  static final String SESSION = "ses-math-9-spring";
  static final String REGION = "chuy";
  static final String DISTRICT = "chuy-alamudun";
  static final String SCHOOL = "S-101";
  static final String OTHER_SCHOOL = "S-102";
  static final String[] REGIONS = {"chuy", "osh"};
  static final String[] SCHOOLS_IN_DISTRICT = {SCHOOL, OTHER_SCHOOL};
  static final int SCORED_IN_SCHOOL = 12;
  static final int REGISTERED_IN_SCHOOL = SCORED_IN_SCHOOL + 2;
  static final int SCORED_TOTAL = 12 + 11 + 13;
  static final String SILENT_CANDIDATE = "cand-S-101-silent";

  /** The session of {@link IntegrityFixtures}, opened a day ago. */
  static final String INTEGRITY_SESSION = "ses-integrity";

  /** The exam centre of the integrity session (no other session is held there). */
  static final String INTEGRITY_CENTRE = "centre-7";

  /**
   * The exam IntegrityFixtures publishes for its session ("exam-" + the session). It sorts before
   * {@value #EXAM}, so the exam selectors' default (the last exam listed) stays {@value #EXAM}.
   */
  static final String INTEGRITY_EXAM = "exam-" + INTEGRITY_SESSION;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<ItemDefinition> ITEMS =
      List.of(item("q1"), item("q2"), item("q3"), item("q4"), item("q5"));

  private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
  private final Instant now;

  private DashboardData(Instant now) {
    this.now = now;
  }

  /** Creates the topic (12 partitions, as the command side does) and produces every event. */
  static void produce(String bootstrapServers, Instant now)
      throws ExecutionException, InterruptedException {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 12, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    DashboardData data = new DashboardData(now);
    data.build();
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    // Sent without waiting for each (the integrity session alone is some 6,000 records); the
    // idempotent producer keeps each partition's order, and every send is checked at the end.
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<String, byte[]> r : data.records) {
        sent.add(producer.send(r));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    }
  }

  private void build() {
    Instant published = now.minus(Duration.ofDays(2));
    ExamContent content =
        new ExamContent(
            "Mathematics, grade 9",
            "mathematics",
            9,
            "ky",
            60,
            List.of(new SectionDefinition("s1", "Algebra")),
            ITEMS,
            new ScoringRules(
                50,
                List.of(
                    new GradeBoundary(0, 2),
                    new GradeBoundary(40, 3),
                    new GradeBoundary(60, 4),
                    new GradeBoundary(80, 5)),
                null));
    event(EXAM, "ExamAggregate", 0, published, new ExamCreated(EXAM, content, "author-1"));
    event(EXAM, "ExamAggregate", 1, published, new ExamPublished(EXAM, 1, 1, content, "author-1"));
    bank(published);
    Instant opens = now.minus(Duration.ofHours(2));
    event(
        SESSION,
        "ExamSessionAggregate",
        0,
        opens,
        new ExamSessionOpened(
            SESSION, EXAM, 1, "centre-1", SCHOOL, opens, now.plus(Duration.ofHours(4)), "admin-1"));
    school(REGION, DISTRICT, SCHOOL, 12, "URBAN", "ky");
    school(REGION, DISTRICT, OTHER_SCHOOL, 11, "URBAN", "ru");
    school("osh", "osh-kara-suu", "S-201", 13, "RURAL", "uz");
    inProgress(SILENT_CANDIDATE, now.minus(Duration.ofMinutes(30)));
    inProgress("cand-S-101-active", now.minus(Duration.ofSeconds(30)));
    marking();
    surveyDesign();
    earlierSurvey();
    integritySession();
  }

  /** A framework and the exam's items as approved bank items under its codes. */
  private void bank(Instant at) {
    event(
        "fw-demo",
        "Framework",
        0,
        at,
        new kg.exam.contract.bank.FrameworkPublished(
            "fw-demo",
            1,
            new kg.exam.contract.bank.FrameworkDefinition(
                java.util.Map.of("en", "Mathematics"),
                "test",
                List.of(
                    new kg.exam.contract.bank.FrameworkNode(
                        "1", "DOMAIN", null, java.util.Map.of("en", "Algebra", "ky", "Алгебра")),
                    new kg.exam.contract.bank.FrameworkNode(
                        "1.1",
                        "TOPIC",
                        "1",
                        java.util.Map.of("en", "Equations", "ky", "Теңдемелер")),
                    new kg.exam.contract.bank.FrameworkNode(
                        "1.2",
                        "TOPIC",
                        "1",
                        java.util.Map.of("en", "Functions", "ky", "Функциялар")))),
            "admin-1"));
    for (int i = 0; i < ITEMS.size(); i++) {
      ItemDefinition item = ITEMS.get(i);
      event(
          item.itemId(),
          "BankItem",
          0,
          at,
          new kg.exam.contract.bank.BankItemCreated(
              item.itemId(),
              1,
              new kg.exam.contract.bank.BankItemContent(
                  "MATH",
                  9,
                  "ky",
                  List.of(
                      new kg.exam.contract.bank.CompetencyRef("fw-demo", i < 3 ? "1.1" : "1.2")),
                  "APPLY",
                  item,
                  List.of(),
                  List.of(),
                  List.of(),
                  null),
              "writer-1"));
      event(
          item.itemId(),
          "BankItem",
          1,
          at,
          new kg.exam.contract.bank.BankItemApproved(item.itemId(), 1, "reviewer-1"));
    }
  }

  /**
   * The integrity session, written by {@link IntegrityFixtures} through this file's records. Its
   * sittings, exam, schools and centre are its own: no page of the other tests counts them (they
   * read {@value #EXAM}, {@value #SESSION}, centre-1 or the surveys).
   */
  private void integritySession() {
    IntegrityFixtures.session(
        (aggregate, sequence, payload, at) ->
            event(aggregate, aggregateType(payload), sequence, at, payload),
        INTEGRITY_SESSION,
        INTEGRITY_CENTRE,
        now.minus(Duration.ofDays(1)));
  }

  /** The aggregate an event of IntegrityFixtures belongs to (a header only; not projected). */
  private static String aggregateType(Object payload) {
    if (payload instanceof ExamPublished) {
      return "ExamAggregate";
    }
    if (payload instanceof ExamSessionOpened) {
      return "ExamSessionAggregate";
    }
    return "SittingAggregate";
  }

  /** An earlier sample survey, for the trend. */
  static final String EARLIER_SURVEY = "ses-survey-2025";

  /**
   * An earlier survey on another form that shares the five items (its exam is not published here,
   * so no other page sees it): 48 pupils in four schools, its calibration on its own scale (the
   * items 0.2 harder than this year's calibration says, i.e. last year's pupils were 0.2 θ weaker).
   */
  private void earlierSurvey() {
    Instant at = now.minus(Duration.ofDays(365));
    String exam = "alg-8-2025";
    event(
        EARLIER_SURVEY,
        "ExamSessionAggregate",
        0,
        at,
        new SampleDesignDeclared(
            EARLIER_SURVEY,
            "JK2",
            null,
            List.of(
                new SurveySchool("S-801", "chuy|URBAN", 0.4, 40, 1, 1),
                new SurveySchool("S-802", "chuy|URBAN", 0.4, 40, 1, 2),
                new SurveySchool("S-803", "osh|RURAL", 0.2, 40, 2, 1),
                new SurveySchool("S-804", "osh|RURAL", 0.2, 40, 2, 2)),
            "admin-1",
            at));
    List<CalibratedItem> items = new ArrayList<>();
    for (int q = 0; q < ITEMS.size(); q++) {
      items.add(
          new CalibratedItem(
              ITEMS.get(q).itemId(), 1, -0.8 + 0.5 * q, 0, List.of(), null, 0.1, null, List.of()));
    }
    event(
        EARLIER_SURVEY,
        "ExamSessionAggregate",
        1,
        at,
        new SessionResultsFinalised(EARLIER_SURVEY, rasch(exam, items, 48), at, "admin-1"));
    String[] schools = {"S-801", "S-802", "S-803", "S-804"};
    for (int k = 0; k < schools.length; k++) {
      for (int i = 0; i < 12; i++) {
        String sitting = "sit-2025-" + schools[k] + "-" + i;
        int correct = (i * 7 + k) % 6;
        List<ItemScoreRecord> scores = new ArrayList<>();
        for (int q = 0; q < ITEMS.size(); q++) {
          boolean right = q < correct;
          scores.add(
              new ItemScoreRecord(
                  ITEMS.get(q).itemId(), right ? 1 : 0, 1, right ? "CORRECT" : "INCORRECT"));
        }
        event(
            sitting,
            "SittingAggregate",
            0,
            at,
            new CandidateRegistered(
                sitting,
                EARLIER_SURVEY,
                exam,
                1,
                "centre-9",
                "cand-2025-" + schools[k] + "-" + i,
                new CandidateProfile(
                    k < 2 ? REGION : "osh",
                    k < 2 ? DISTRICT : "osh-kara-suu",
                    schools[k],
                    k < 2 ? "URBAN" : "RURAL",
                    "ky",
                    i % 2 == 0 ? "F" : "M",
                    8),
                0,
                "admin-1"));
        double percent = correct * 100.0 / ITEMS.size();
        event(
            sitting,
            "SittingAggregate",
            1,
            at,
            new SittingScored(
                sitting,
                exam,
                1,
                1,
                "test",
                scores,
                Map.of(),
                correct,
                ITEMS.size(),
                percent,
                percent >= 50,
                percent >= 60 ? 4 : 3,
                false,
                false,
                "submitted",
                at));
      }
    }
  }

  /**
   * The session is also a sample survey: the three schools and a fourth, sampled, that did not take
   * part (S-202), in two strata and two JK2 zones. By region, Osh's pupils all come from one
   * school, so it is hidden, and Chüy with it (complementary).
   */
  private void surveyDesign() {
    Instant at = now.minus(Duration.ofMinutes(10));
    event(
        SESSION,
        "ExamSessionAggregate",
        2,
        at,
        new SampleDesignDeclared(
            SESSION,
            "JK2",
            null,
            List.of(
                new SurveySchool(SCHOOL, "chuy|URBAN", 0.4, 60, 1, 1),
                new SurveySchool(OTHER_SCHOOL, "chuy|URBAN", 0.25, 48, 1, 2),
                new SurveySchool("S-201", "osh|RURAL", 0.2, 52, 2, 1),
                new SurveySchool("S-202", "osh|RURAL", 0.1, 30, 2, 2)),
            "admin-1",
            at));
    List<CalibratedItem> items = new ArrayList<>();
    for (int q = 0; q < ITEMS.size(); q++) {
      items.add(
          new CalibratedItem(
              ITEMS.get(q).itemId(), 1, -1 + 0.5 * q, 0, List.of(), null, 0.1, null, List.of()));
    }
    event(
        SESSION,
        "ExamSessionAggregate",
        3,
        at,
        new SessionResultsFinalised(SESSION, rasch(EXAM, items, SCORED_TOTAL), at, "admin-1"));
  }

  /**
   * Marking of the session: a double-marked script whose marks are too far apart (disputed), a
   * single-marked script resolved, a seeded script one marker marked 2 points low, and that marker
   * stopped. Counts: 2 scripts, 1 disputed, 1 resolved, 3 marks, 1 still needed.
   */
  private void marking() {
    Instant at = now.minus(Duration.ofMinutes(20));
    String disputed = "sit-" + SILENT_CANDIDATE;
    String resolved = "sit-cand-S-101-active";
    event(disputed, "SittingAggregate", 2, at, opened(disputed, "script-1", 2, at));
    event(disputed, "SittingAggregate", 3, at, mark(disputed, "script-1", "marker-a", 1, 4, at));
    event(disputed, "SittingAggregate", 4, at, mark(disputed, "script-1", "marker-b", 2, 1, at));
    event(
        disputed,
        "SittingAggregate",
        5,
        at,
        new ScriptDisputed(disputed, "script-1", "q9", 4, 1, 1, at));
    event(resolved, "SittingAggregate", 2, at, opened(resolved, "script-2", 1, at));
    event(resolved, "SittingAggregate", 3, at, mark(resolved, "script-2", "marker-a", 1, 3, at));
    event(
        resolved,
        "SittingAggregate",
        4,
        at,
        new ScriptResolved(resolved, "script-2", "q9", 3, "SINGLE", at));
    event(
        "seed-1",
        "MarkingSeed",
        0,
        at,
        new SeedScriptAdded(
            "seed-1",
            SESSION,
            "q9",
            List.of("A seeded answer."),
            Map.of("statement", 2.0, "example", 2.0),
            4,
            4,
            1,
            "chief-1",
            at));
    event(
        "seed-1",
        "MarkingSeed",
        1,
        at,
        new SeedMarked(
            "seed-1", "marker-b", Map.of("statement", 1.0, "example", 1.0), 2, 4, -2, at));
    event(
        SESSION,
        "ExamSessionAggregate",
        1,
        at,
        new MarkerStopped(SESSION, "marker-b", "seed marks 2 points low", "chief-1", at));
  }

  private static ScriptsOpenedForMarking opened(
      String sitting, String script, int marks, Instant at) {
    return new ScriptsOpenedForMarking(
        sitting,
        1,
        List.of(
            new MarkingScript(script, "q9", 1, List.of("An essay."), 4, marks, 1, "ADJUDICATOR")),
        at);
  }

  private static ScriptMarked mark(
      String sitting, String script, String marker, int round, double total, Instant at) {
    return new ScriptMarked(
        sitting, script, "q9", marker, round, Map.of("total", total), total, null, 1, at);
  }

  private void school(
      String region, String district, String schoolId, int scored, String locality, String lang) {
    for (int i = 0; i < scored; i++) {
      String sitting = "sit-" + schoolId + "-" + i;
      Instant registered = now.minus(Duration.ofMinutes(110));
      Instant started = now.minus(Duration.ofMinutes(100));
      Instant submitted = now.minus(Duration.ofMinutes(50 - i));
      CandidateProfile profile =
          new CandidateProfile(
              region, district, schoolId, locality, lang, i % 2 == 0 ? "F" : "M", 9);
      event(
          sitting,
          "SittingAggregate",
          0,
          registered,
          new CandidateRegistered(
              sitting,
              SESSION,
              EXAM,
              1,
              "centre-1",
              "cand-" + schoolId + "-" + i,
              profile,
              0,
              "admin-1"));
      event(
          sitting,
          "SittingAggregate",
          1,
          started,
          new SittingStarted(
              sitting,
              started,
              started.plus(Duration.ofHours(1)),
              3_600_000,
              ITEMS.stream().map(ItemDefinition::itemId).toList()));
      event(sitting, "SittingAggregate", 2, submitted, new SittingSubmitted(sitting, submitted));
      // Scores 1..5 of 5 items worth 1 each, varying by candidate: 20 % .. 100 %.
      int correct = 1 + (i * 3 + schoolId.hashCode() & 0x7fffffff) % 5;
      List<ItemScoreRecord> items = new ArrayList<>();
      for (int q = 0; q < ITEMS.size(); q++) {
        boolean right = q < correct;
        items.add(
            new ItemScoreRecord(
                ITEMS.get(q).itemId(), right ? 1 : 0, 1, right ? "CORRECT" : "INCORRECT"));
      }
      double percent = correct * 100.0 / ITEMS.size();
      int grade = percent >= 80 ? 5 : percent >= 60 ? 4 : percent >= 40 ? 3 : 2;
      event(
          sitting,
          "SittingAggregate",
          3,
          submitted,
          new SittingScored(
              sitting,
              EXAM,
              1,
              1,
              "scoring/1",
              items,
              Map.of("s1", (double) correct),
              correct,
              ITEMS.size(),
              percent,
              percent >= 50,
              grade,
              false,
              false,
              "submitted",
              submitted));
    }
  }

  private void inProgress(String candidateId, Instant lastActivity) {
    String sitting = "sit-" + candidateId;
    CandidateProfile profile =
        new CandidateProfile(REGION, DISTRICT, SCHOOL, "URBAN", "ky", "F", 9);
    event(
        sitting,
        "SittingAggregate",
        0,
        lastActivity.minus(Duration.ofMinutes(5)),
        new CandidateRegistered(
            sitting, SESSION, EXAM, 1, "centre-1", candidateId, profile, 0, "admin-1"));
    event(
        sitting,
        "SittingAggregate",
        1,
        lastActivity,
        new SittingStarted(
            sitting,
            lastActivity,
            lastActivity.plus(Duration.ofHours(1)),
            3_600_000,
            ITEMS.stream().map(ItemDefinition::itemId).toList()));
  }

  private void event(
      String aggregateId, String aggregateType, long sequence, Instant at, Object payload) {
    List<Header> headers =
        List.of(
            header("event-id", UUID.randomUUID().toString()),
            header("event-type", payload.getClass().getName()),
            header("event-revision", ""),
            header("aggregate-id", aggregateId),
            header("aggregate-type", aggregateType),
            header("sequence-number", Long.toString(sequence)),
            header("global-index", Integer.toString(records.size())),
            header("timestamp", at.toString()),
            header("chain-hash", ""));
    records.add(
        new ProducerRecord<>(
            TOPIC, null, at.toEpochMilli(), aggregateId, JSON.writeValueAsBytes(payload), headers));
  }

  /** A recorded Rasch calibration of these items, scale 20 θ + 100, pass mark 110. */
  private static SessionCalibration rasch(String exam, List<CalibratedItem> items, int candidates) {
    return new SessionCalibration(
        exam,
        1,
        1,
        List.of("test"),
        "RASCH",
        SessionCalibration.MML_EM,
        "EAP",
        41,
        "test",
        new EmSettings(41, 6, 1e-4, 500),
        null,
        items,
        0,
        1,
        null,
        -50,
        12,
        true,
        1e-5,
        new ScaleDefinition(20, 100, 1, 40, 160, 110),
        candidates,
        List.of(),
        "00",
        0);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static ItemDefinition item(String id) {
    return new ItemDefinition(
        id, "s1", "choice", 1, 1, "Question " + id, List.of(), List.of(), null);
  }
}
