package kg.exam.benchmarks;

import java.util.concurrent.TimeUnit;
import kg.exam.scoring.analysis.ItemAnalysis;
import kg.exam.scoring.analysis.TestAnalysis;
import kg.exam.scoring.batch.KeyedForm;
import kg.exam.scoring.batch.ResponseMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time for a full classical item analysis (totals, groups, item statistics, distractors, alpha) of
 * the national keyed cohort: 1,400,000 candidates × 60 items. Goal: under 1 s with 2 threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Threads(1)
@State(Scope.Benchmark)
public class ItemAnalysisBenchmark {

  /** Analysis threads. */
  @Param({"1", "2"})
  public int threads;

  private KeyedForm form;
  private ResponseMatrix responses;

  /** Builds the cohort once per trial (deterministic seed). */
  @Setup(Level.Trial)
  public void setUp() {
    form = KeyedForm.of(Cohorts.keyedForm(Cohorts.NATIONAL_ITEMS));
    responses = Cohorts.keyedResponses(form, Cohorts.NATIONAL_CANDIDATES, 42);
  }

  /**
   * @return the analysis, consumed by JMH
   */
  @Benchmark
  public TestAnalysis keyedNationalCohort() {
    return ItemAnalysis.analyse(form, responses, threads);
  }
}
