package kg.exam.query.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which open sittings the monitor shows overdue: their hand-in is late past the usual lag. */
class MonitorOverdueTest {
  private static final Instant DEADLINE = Instant.parse("2026-06-01T09:00:00Z");
  private static final Instant SESSION_END = Instant.parse("2026-06-01T12:00:00Z");
  private static final Instant LAG_OVER = DEADLINE.plus(MonitorController.OVERDUE_AFTER);

  @Test
  void shouldShowASittingInProgressOverdueOnlyOnceTheLagPastItsDeadlineIsOver() {
    assertThat(MonitorController.overdue("IN_PROGRESS", DEADLINE, SESSION_END, DEADLINE)).isFalse();
    assertThat(MonitorController.overdue("IN_PROGRESS", DEADLINE, SESSION_END, LAG_OVER)).isFalse();
    assertThat(
            MonitorController.overdue("IN_PROGRESS", DEADLINE, SESSION_END, LAG_OVER.plusMillis(1)))
        .isTrue();
  }

  @Test
  void shouldJudgeAPausedSittingByItsSessionsEndNotItsDeadline() {
    Instant afterDeadline = DEADLINE.plusSeconds(3600);
    Instant afterSession = SESSION_END.plus(MonitorController.OVERDUE_AFTER).plusMillis(1);

    assertThat(MonitorController.overdue("PAUSED", DEADLINE, SESSION_END, afterDeadline)).isFalse();
    assertThat(MonitorController.overdue("PAUSED", DEADLINE, SESSION_END, afterSession)).isTrue();
    assertThat(MonitorController.overdue("PAUSED", DEADLINE, null, afterSession)).isFalse();
  }

  @Test
  void shouldNeverShowAHandedInOrUnstartedSittingOverdue() {
    Instant late = SESSION_END.plusSeconds(86_400);
    for (String status : new String[] {"REGISTERED", "SUBMITTED", "TIMED_OUT"}) {
      assertThat(MonitorController.overdue(status, DEADLINE, SESSION_END, late))
          .as(status)
          .isFalse();
    }
    assertThat(MonitorController.overdue("IN_PROGRESS", null, SESSION_END, late)).isFalse();
  }
}
