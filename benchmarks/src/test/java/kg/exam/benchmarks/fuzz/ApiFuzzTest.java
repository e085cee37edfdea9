package kg.exam.benchmarks.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short pass of the OpenAPI-driven fuzzer that CI runs (the long one is {@code benchmarks/run
 * fuzz-api}): 1,000 generated requests against each running service, and the three things that must
 * never happen: a 5xx, an error that is not a problem with a type, a refused request that changed
 * state.
 */
class ApiFuzzTest {
  private static FuzzTargets targets;

  @BeforeAll
  static void start() throws Exception {
    targets = FuzzTargets.start();
  }

  @AfterAll
  static void stop() throws Exception {
    targets.close();
  }

  @Test
  void shouldAnswerEveryGeneratedRequestToTheCommandSideWithoutA5xxAndWithTypedProblems()
      throws Exception {
    ApiFuzzer.Report report = targets.commandSide().run(1_000, 1);

    assertThat(report.requests()).isGreaterThanOrEqualTo(1_000);
    assertThat(report.invalidCases()).isPositive();
    assertThat(report.findings()).extracting(ApiFuzzer.Finding::describe).isEmpty();
  }

  @Test
  void shouldAnswerEveryGeneratedRequestToTheQuerySideWithoutA5xxAndWithTypedProblems()
      throws Exception {
    ApiFuzzer.Report report = targets.querySide().run(1_000, 1);

    assertThat(report.requests()).isGreaterThanOrEqualTo(1_000);
    assertThat(report.invalidCases()).isPositive();
    assertThat(report.findings()).extracting(ApiFuzzer.Finding::describe).isEmpty();
  }
}
