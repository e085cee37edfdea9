package kg.exam.client.simulate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kg.exam.client.ExamServerClient;
import org.HdrHistogram.Histogram;

/**
 * Runs one virtual candidate per slip, each on its own virtual thread, started evenly over the
 * ramp-up, and prints a progress line every {@code progressEvery} while they sit. All candidates
 * share one {@link ExamServerClient} (it signs each sitting's answers with that sitting's device
 * key and resends transient failures with the same clientSeq, up to 5 attempts from 200 ms
 * back-off).
 */
final class Simulation {
  /** Attempts per answer in the shared client: 200 + 400 + 800 + 1600 ms of back-off at most. */
  static final int ANSWER_ATTEMPTS = 5;

  private final SimulationOptions options;
  private final String sessionId;
  private final List<Slips.Slip> slips;
  private final PrintStream progress;
  private final AnswerListener listener;
  private final SimulationMetrics metrics = new SimulationMetrics();

  Simulation(
      SimulationOptions options,
      String sessionId,
      List<Slips.Slip> slips,
      PrintStream progress,
      AnswerListener listener) {
    this.options = options;
    this.sessionId = sessionId;
    this.slips = slips;
    this.progress = progress;
    this.listener = listener;
  }

  SimulationMetrics metrics() {
    return metrics;
  }

  SimulationReport run() throws InterruptedException {
    ExamServerClient client =
        new ExamServerClient(
            options.server(), options.requestTimeout(), ANSWER_ATTEMPTS, Duration.ofMillis(200));
    long startedNanos = System.nanoTime();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulate-progress");
              t.setDaemon(true);
              return t;
            });
    if (!options.progressEvery().isZero()) {
      long every = options.progressEvery().toNanos();
      ticker.scheduleAtFixedRate(
          () -> printProgress(startedNanos, every), every, every, TimeUnit.NANOSECONDS);
    }
    if (!options.latencyAfter().isZero()) {
      ticker.schedule(
          metrics::restartLatencies, options.latencyAfter().toNanos(), TimeUnit.NANOSECONDS);
    }
    try (ExecutorService candidates = Executors.newVirtualThreadPerTaskExecutor()) {
      int n = slips.size();
      // open loop: each candidate acts every n / rate seconds, so all together at the rate
      long stepNanos =
          options.ratePerSecond() > 0 ? Math.round(n * 1e9 / options.ratePerSecond()) : 0;
      for (int i = 0; i < n; i++) {
        long delay = n == 1 ? 0 : options.rampUp().toNanos() / n * i;
        candidates.submit(
            new VirtualCandidate(
                slips.get(i),
                client,
                options,
                metrics,
                options.seed() * 1_000_003L + i,
                delay,
                stepNanos,
                listener));
      }
    } finally {
      ticker.shutdownNow();
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    }
    long elapsedNanos = System.nanoTime() - startedNanos;
    return SimulationReport.of(options, sessionId, slips.size(), metrics, elapsedNanos);
  }

  private void printProgress(long startedNanos, long everyNanos) {
    Map<RequestKind, Histogram> interval = metrics.drainInterval();
    Histogram answers = interval.get(RequestKind.ANSWER).copy();
    answers.add(interval.get(RequestKind.ANSWER_RESENT));
    double seconds = everyNanos / 1e9;
    progress.printf(
        "simulate [%5.0fs] signed in %d/%d, started %d, submitted %d, failed %d | answers %d"
            + " (%.1f/s, p50 %.1f ms, p99 %.1f ms) | drops %d | errors %d%n",
        (System.nanoTime() - startedNanos) / 1e9,
        metrics.signedIn.sum(),
        slips.size(),
        metrics.started.sum(),
        metrics.submitted.sum(),
        metrics.failedCandidates.sum(),
        metrics.answersAcknowledged.sum(),
        answers.getTotalCount() / seconds,
        answers.getValueAtPercentile(50) / 1000.0,
        answers.getValueAtPercentile(99) / 1000.0,
        metrics.drops.sum(),
        metrics.errorCount.sum());
  }
}
