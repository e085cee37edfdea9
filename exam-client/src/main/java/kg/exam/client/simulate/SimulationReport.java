package kg.exam.client.simulate;

import java.io.PrintStream;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a simulation did: counts, latency percentiles per request kind (milliseconds) and errors by
 * request kind and problem type. It fails when the share of failed requests exceeds the threshold
 * or when any acknowledged answer is not what the server holds at the end. {@code sessionId}: the
 * provisioned session, null when the slips came from a file.
 */
public record SimulationReport(
    String options,
    String sessionId,
    int candidates,
    double elapsedSeconds,
    long signedIn,
    long started,
    long submitted,
    long failedCandidates,
    long answersAcknowledged,
    long answersChanged,
    long flags,
    long drops,
    long resentDuplicates,
    long sittingsVerified,
    long answersVerified,
    long answersMissing,
    long requests,
    long errors,
    Map<String, Long> errorsByType,
    Map<RequestKind, Latency> latencies,
    double maxErrorPercent) {

  /** One kind's latencies in milliseconds. */
  public record Latency(long count, double p50, double p90, double p99, double max) {
    static Latency of(Histogram h) {
      return new Latency(
          h.getTotalCount(),
          h.getValueAtPercentile(50) / 1000.0,
          h.getValueAtPercentile(90) / 1000.0,
          h.getValueAtPercentile(99) / 1000.0,
          h.getMaxValue() / 1000.0);
    }
  }

  static SimulationReport of(
      SimulationOptions options,
      String sessionId,
      int candidates,
      SimulationMetrics m,
      long elapsedNanos) {
    Map<RequestKind, Latency> latencies = new EnumMap<>(RequestKind.class);
    m.totals().forEach((k, h) -> latencies.put(k, Latency.of(h)));
    return new SimulationReport(
        options.toString(),
        sessionId,
        candidates,
        elapsedNanos / 1e9,
        m.signedIn.sum(),
        m.started.sum(),
        m.submitted.sum(),
        m.failedCandidates.sum(),
        m.answersAcknowledged.sum(),
        m.answersChanged.sum(),
        m.flags.sum(),
        m.drops.sum(),
        m.resentDuplicates.sum(),
        m.sittingsVerified.sum(),
        m.answersVerified.sum(),
        m.answersMissing.sum(),
        m.requests.sum(),
        m.errorCount.sum(),
        m.errors(),
        latencies,
        options.maxErrorPercent());
  }

  public double errorPercent() {
    return requests == 0 ? 0 : 100.0 * errors / requests;
  }

  public boolean passed() {
    return errorPercent() <= maxErrorPercent && answersMissing == 0;
  }

  public void print(PrintStream out) {
    out.printf(
        "simulate: %d candidates, %.1f s%s; %s%n",
        candidates, elapsedSeconds, sessionId == null ? "" : ", session " + sessionId, options);
    out.printf(
        "  candidates  signed in %d, started %d, submitted %d, stopped early %d%n",
        signedIn, started, submitted, failedCandidates);
    out.printf(
        "  answers     %d acknowledged (%.1f/s), %d of them changes; %d flags set or cleared%n",
        answersAcknowledged,
        answersAcknowledged / Math.max(elapsedSeconds, 1e-9),
        answersChanged,
        flags);
    out.printf(
        "  drops       %d connections lost under an answer; on resending, %d were already stored"
            + " (duplicate) and the rest stored then%n",
        drops, resentDuplicates);
    out.printf(
        "  verified    %d sittings read back: %d last answers held as acknowledged, %d missing or"
            + " different%n",
        sittingsVerified, answersVerified, answersMissing);
    out.printf(
        "  latency ms  %-14s %8s %9s %9s %9s %9s%n", "", "count", "p50", "p90", "p99", "max");
    latencies.forEach(
        (kind, l) -> {
          if (l.count() > 0) {
            out.printf(
                "              %-14s %8d %9.2f %9.2f %9.2f %9.2f%n",
                kind.label(), l.count(), l.p50(), l.p90(), l.p99(), l.max());
          }
        });
    if (errorsByType.isEmpty()) {
      out.println("  errors      none");
    } else {
      out.println("  errors      by request and problem type:");
      errorsByType.forEach((type, n) -> out.printf("              %-40s %8d%n", type, n));
    }
    out.printf(
        "  error rate  %.3f%% of %d requests (threshold %.3f%%)%n",
        errorPercent(), requests, maxErrorPercent);
    if (passed()) {
      out.println("  RESULT      OK");
    } else if (answersMissing > 0) {
      out.println("  RESULT      FAILED: " + answersMissing + " acknowledged answers not held");
    } else {
      out.printf(
          "  RESULT      FAILED: error rate %.3f%% above %.3f%%%n",
          errorPercent(), maxErrorPercent);
    }
  }
}
