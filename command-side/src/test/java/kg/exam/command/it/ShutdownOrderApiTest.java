package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * On shutdown, Spring stops lifecycle beans from the highest phase down. The deadline scheduler
 * must stop after the web server (no request left to schedule one) and before every part of Axon: a
 * deadline firing after the read tables' processor had left stored a {@code SittingTimedOut} whose
 * {@code sitting} row stayed IN_PROGRESS (found by the chaos run).
 */
class ShutdownOrderApiTest extends ApiTestBase {
  @Autowired ApplicationContext context;

  @Test
  void shouldStopTheDeadlineSchedulerAfterTheWebServerAndBeforeAnyPartOfAxon() {
    int schedulerPhase = context.getBean("deadlineSchedulerStop", SmartLifecycle.class).getPhase();
    Collection<SmartLifecycle> all = context.getBeansOfType(SmartLifecycle.class).values();
    List<Integer> axon = phasesOf(all, "org.axonframework.");
    List<Integer> web = phasesOf(all, "org.springframework.boot.web.");

    assertThat(axon).as("Axon's lifecycle handlers").isNotEmpty();
    assertThat(axon).allSatisfy(phase -> assertThat(phase).isLessThan(schedulerPhase));
    assertThat(web).as("the web server's lifecycle").isNotEmpty();
    assertThat(web).allSatisfy(phase -> assertThat(phase).isGreaterThan(schedulerPhase));
  }

  private static List<Integer> phasesOf(Collection<SmartLifecycle> all, String packagePrefix) {
    return all.stream()
        .filter(l -> l.getClass().getName().startsWith(packagePrefix))
        .map(SmartLifecycle::getPhase)
        .toList();
  }
}
