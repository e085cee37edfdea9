package kg.exam.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.IncidentReported;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code IncidentReported} counted per sitting for the live monitor ({@code sitting.incidents}),
 * over a real PostgreSQL with the query-side schema.
 */
class IncidentProjectionTest {
  private static ProjectedDatabase database;
  private static JdbcTemplate jdbc;
  private static Projections projections;
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  @BeforeAll
  static void database() throws Exception {
    database = new ProjectedDatabase();
    jdbc = database.jdbc;
    projections = database.projections;
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  @BeforeEach
  void empty() {
    database.truncate();
  }

  private static ApplyOutcome apply(String sittingId, long sequence, Object event) {
    return database.apply(sittingId, sequence, event, T0.plusSeconds(sequence));
  }

  private static CandidateRegistered registered(String sittingId) {
    return new CandidateRegistered(
        sittingId,
        "session-1",
        "exam-1",
        1,
        "centre-1",
        "cand-" + sittingId,
        new CandidateProfile("CHUY", "sokuluk", "school-1", "RURAL", "ky", "F", 9),
        0,
        "registrar");
  }

  private static IncidentReported incident(String sittingId, long stationSeq, String code) {
    return new IncidentReported(
        sittingId,
        code,
        null,
        "station:key-1/inv-017",
        T0.plusSeconds(60),
        T0.plusSeconds(90),
        "key-1",
        stationSeq);
  }

  private static int incidents(String sittingId) {
    return jdbc.queryForObject(
        "SELECT incidents FROM sitting WHERE sitting_id = ?", Integer.class, sittingId);
  }

  @Test
  void shouldCountNoIncidentsForANewSitting() {
    apply("s-1", 0, registered("s-1"));

    assertThat(incidents("s-1")).isZero();
  }

  @Test
  void shouldCountEachIncidentOfASitting() {
    apply("s-1", 0, registered("s-1"));
    apply("s-2", 0, registered("s-2"));

    assertThat(apply("s-1", 1, incident("s-1", 7, "POWER_CUT"))).isEqualTo(ApplyOutcome.APPLIED);
    assertThat(apply("s-1", 2, incident("s-1", 9, "DEVICE_FAILURE")))
        .isEqualTo(ApplyOutcome.APPLIED);

    assertThat(incidents("s-1")).isEqualTo(2);
    assertThat(incidents("s-2")).isZero();
  }

  @Test
  void shouldNotCountARedeliveredIncidentTwice() {
    apply("s-1", 0, registered("s-1"));
    apply("s-1", 1, incident("s-1", 7, "POWER_CUT"));

    assertThat(apply("s-1", 1, incident("s-1", 7, "POWER_CUT"))).isEqualTo(ApplyOutcome.DUPLICATE);

    assertThat(incidents("s-1")).isEqualTo(1);
  }

  @Test
  void shouldKnowTheIncidentEventType() {
    assertThat(projections.knows(IncidentReported.class.getName())).isTrue();
  }
}
