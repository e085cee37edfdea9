package kg.exam.command.sitting;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.AnswerSignaturePolicy;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.IncidentCode;
import kg.exam.contract.sitting.IncidentReported;
import kg.exam.contract.sitting.ReportIncident;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.trust.registry.KeyRegistry;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incidents: recorded in every state of a registered sitting, from a fixed list of codes with an
 * optional short note; a station's report synced again records nothing.
 */
class IncidentTest {
  private static final String SITTING_ID = "sitting-inc-1";
  private static final String STATION = "station-key-id-0000007";
  private static final String BY_STATION = "station:" + STATION + "/inv-017";
  private static final String INVIGILATOR = "invigilator-12";
  private static final Instant START = Instant.parse("2025-05-20T03:10:00Z");
  private static final Instant DEADLINE = START.plus(Duration.ofMinutes(40));
  private static final Instant AT = START.plus(Duration.ofMinutes(7));

  /** The station was offline; its report arrives hours later. */
  private static final Instant RECEIVED = Instant.parse("2025-05-20T09:00:00Z");

  private AggregateTestFixture<Sitting> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Sitting.class);
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
    fixture.registerInjectableResource(Clock.fixed(RECEIVED, ZoneOffset.UTC));
    fixture.registerInjectableResource(new AnswerSignaturePolicy(KeyRegistry::new, false));
    fixture.givenCurrentTime(RECEIVED);
  }

  private static CandidateRegistered registered() {
    return new CandidateRegistered(
        SITTING_ID,
        "session-1",
        "exam-1",
        1,
        "centre-1",
        "candidate-1",
        new CandidateProfile("Chuy", "Sokuluk", "school-041", "rural", "ky", "F", 9),
        0,
        "registrar");
  }

  private static SittingStarted started() {
    return new SittingStarted(SITTING_ID, START, DEADLINE, 2_400_000, List.of("q1"));
  }

  private static ReportIncident atStation(long seq, String code, String note) {
    return new ReportIncident(SITTING_ID, code, note, BY_STATION, AT, RECEIVED, STATION, seq);
  }

  private static IncidentReported reportedAtStation(long seq, String code, String note) {
    return new IncidentReported(SITTING_ID, code, note, BY_STATION, AT, RECEIVED, STATION, seq);
  }

  @Test
  void shouldRecordAnIncidentOfARunningSittingWithTheStationsTimeAndTheServersBeside() {
    fixture
        .given(registered(), started())
        .when(atStation(12, "POWER_CUT", "lights out in room 3"))
        .expectResultMessagePayload(true)
        .expectEvents(reportedAtStation(12, "POWER_CUT", "lights out in room 3"));
  }

  @Test
  void shouldRecordAnIncidentBeforeTheStart() {
    fixture
        .given(registered())
        .when(new ReportIncident(SITTING_ID, "LATE_ARRIVAL", null, INVIGILATOR, AT))
        .expectEvents(
            new IncidentReported(
                SITTING_ID, "LATE_ARRIVAL", null, INVIGILATOR, AT, AT, null, null));
  }

  @Test
  void shouldRecordAnIncidentWhilePaused() {
    fixture
        .given(
            registered(),
            started(),
            new SittingPaused(SITTING_ID, AT, 1_980_000, "power cut", INVIGILATOR))
        .when(atStation(3, "DEVICE_FAILURE", null))
        .expectEvents(reportedAtStation(3, "DEVICE_FAILURE", null));
  }

  @Test
  void shouldRecordAnIncidentAfterHandInAndScore() {
    fixture
        .given(registered(), started(), new SittingSubmitted(SITTING_ID, AT), scored())
        .when(atStation(30, "SUSPECTED_MISCONDUCT", "second phone found after hand-in"))
        .expectEvents(
            reportedAtStation(30, "SUSPECTED_MISCONDUCT", "second phone found after hand-in"));
  }

  @Test
  void shouldRecordNothingForAStationReportSyncedAgain() {
    fixture
        .given(registered(), started(), reportedAtStation(12, "POWER_CUT", null))
        .when(atStation(12, "POWER_CUT", null))
        .expectSuccessfulHandlerExecution()
        .expectResultMessagePayload(false)
        .expectNoEvents();
  }

  @Test
  void shouldRecordTwoReportsOfTheSameCodeWithDifferentStationSequences() {
    fixture
        .given(registered(), started(), reportedAtStation(12, "POWER_CUT", null))
        .when(atStation(13, "POWER_CUT", null))
        .expectEvents(reportedAtStation(13, "POWER_CUT", null));
  }

  @Test
  void shouldRecordEveryCodeOfTheList() {
    for (IncidentCode code : IncidentCode.values()) {
      setUp();
      fixture
          .given(registered())
          .when(new ReportIncident(SITTING_ID, code.name(), null, INVIGILATOR, AT))
          .expectEvents(
              new IncidentReported(SITTING_ID, code.name(), null, INVIGILATOR, AT, AT, null, null));
    }
  }

  @Test
  void shouldRefuseACodeOutsideTheList() {
    fixture
        .given(registered(), started())
        .when(atStation(5, "power_cut", null))
        .expectException(ruleViolation(ProblemType.UNKNOWN_INCIDENT_CODE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAMissingCode() {
    fixture
        .given(registered(), started())
        .when(new ReportIncident(SITTING_ID, null, "x", INVIGILATOR, AT))
        .expectException(ruleViolation(ProblemType.UNKNOWN_INCIDENT_CODE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseANoteLongerThan280Characters() {
    fixture
        .given(registered(), started())
        .when(atStation(5, "OTHER", "x".repeat(ReportIncident.MAX_NOTE_CHARS + 1)))
        .expectException(ruleViolation(ProblemType.OVERSIZED_INCIDENT_NOTE))
        .expectNoEvents();
  }

  @Test
  void shouldAcceptANoteOfExactly280CharactersAndStripABlankOne() {
    String longest = "y".repeat(ReportIncident.MAX_NOTE_CHARS);
    fixture
        .given(registered(), started())
        .when(atStation(5, "OTHER", "  " + longest + "\n"))
        .expectEvents(reportedAtStation(5, "OTHER", longest));
    setUp();
    fixture
        .given(registered(), started())
        .when(atStation(6, "OTHER", "   "))
        .expectEvents(reportedAtStation(6, "OTHER", null));
  }

  @Test
  void shouldRefuseAReportWithoutReporter() {
    fixture
        .given(registered())
        .when(new ReportIncident(SITTING_ID, "OTHER", null, " ", AT))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  private static SittingScored scored() {
    return new SittingScored(
        SITTING_ID,
        "exam-1",
        1,
        1,
        "test",
        List.of(),
        Map.of(),
        1,
        2,
        50,
        true,
        3,
        false,
        false,
        "hand-in",
        RECEIVED);
  }
}
