package kg.exam.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.batch.BatchResult;
import kg.exam.scoring.batch.BatchScorer;
import kg.exam.scoring.batch.ChunkedParallel;
import kg.exam.scoring.batch.KeyedBatchResult;
import kg.exam.scoring.batch.KeyedBatchScorer;
import kg.exam.scoring.batch.KeyedForm;
import kg.exam.scoring.batch.ResponseMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Batch scoring throughput in responses per second (one JMH operation = one response).
 *
 * <ul>
 *   <li>{@code keyedNationalCohort}: the columnar path, 1,400,000 candidates × 60 keyed items (84 M
 *       responses) per invocation. Goal: 500 M responses/s with 2 threads (the cohort in under 0.2
 *       s).
 *   <li>{@code mixedForm}: the general path, 20,000 candidates × 60 items cycling through all nine
 *       item types (1.2 M responses) per invocation. Goal: 20 M responses/s.
 *   <li>{@code readCohortBytes}: the bound for the keyed path: reads the same 84 MB matrix eight
 *       bytes at a time with the same threads and does nothing else (reported per response byte).
 * </ul>
 *
 * The thread count is the scorer's own parallelism; JMH drives a single caller thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-XX:+AlwaysPreTouch"})
@Threads(1)
@State(Scope.Benchmark)
public class BatchScoringBenchmark {

  static final int KEYED_RESPONSES = Cohorts.NATIONAL_CANDIDATES * Cohorts.NATIONAL_ITEMS;
  static final int MIXED_CANDIDATES = 20_000;
  static final int MIXED_ITEMS = 60;
  static final int MIXED_RESPONSES = MIXED_CANDIDATES * MIXED_ITEMS;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Scoring threads. */
  @Param({"1", "2"})
  public int threads;

  private KeyedForm keyedForm;
  private ResponseMatrix keyedResponses;
  private PreparedForm mixedForm;
  private List<List<List<String>>> mixedSittings;

  /** Builds the cohorts once per trial (deterministic seeds). */
  @Setup(Level.Trial)
  public void setUp() {
    keyedForm = KeyedForm.of(Cohorts.keyedForm(Cohorts.NATIONAL_ITEMS));
    keyedResponses = Cohorts.keyedResponses(keyedForm, Cohorts.NATIONAL_CANDIDATES, 42);
    mixedForm = FormScorer.prepare(Cohorts.mixedForm(MIXED_ITEMS));
    mixedSittings = Cohorts.mixedSittings(MIXED_ITEMS, MIXED_CANDIDATES, 43);
  }

  /**
   * @return the scored cohort, consumed by JMH
   */
  @Benchmark
  @OperationsPerInvocation(KEYED_RESPONSES)
  public KeyedBatchResult keyedNationalCohort() {
    return KeyedBatchScorer.score(keyedForm, keyedResponses, threads);
  }

  /**
   * @return the scored sittings, consumed by JMH
   */
  @Benchmark
  @OperationsPerInvocation(MIXED_RESPONSES)
  public BatchResult mixedForm() {
    return BatchScorer.score(mixedForm, mixedSittings, threads);
  }

  /**
   * @return a checksum of the matrix, so the reads cannot be elided
   */
  @Benchmark
  @OperationsPerInvocation(KEYED_RESPONSES)
  public long readCohortBytes() {
    byte[] cells = keyedResponses.cells();
    int chunkBytes = 1 << 20;
    int chunks = (cells.length + chunkBytes - 1) / chunkBytes;
    long[] perChunk = new long[chunks];
    ChunkedParallel.run(
        chunks,
        threads,
        chunk -> {
          int from = chunk * chunkBytes;
          int to = Math.min(cells.length, from + chunkBytes);
          long sum = 0;
          int i = from;
          for (; i + 8 <= to; i += 8) {
            sum ^= (long) LONGS.get(cells, i);
          }
          for (; i < to; i++) {
            sum ^= cells[i];
          }
          perChunk[chunk] = sum;
        });
    long checksum = 0;
    for (long sum : perChunk) {
      checksum ^= sum;
    }
    return checksum;
  }
}
