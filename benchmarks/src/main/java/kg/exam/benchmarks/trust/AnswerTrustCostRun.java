package kg.exam.benchmarks.trust;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.zip.DataFormatException;
import kg.exam.benchmarks.command.AnswerLoadRun;
import org.HdrHistogram.Histogram;

/**
 * The cost that trust adds to recording an answer, as an A/B measurement in one run: {@link
 * AnswerLoadRun} is run alternately with trust on (A, as deployed: the device signature of every
 * answer checked, every event hash-chained, sittings sealed) and off (B, the command side's
 * benchmark-only switch {@code exam.trust.enabled=false} + {@code
 * exam.trust.disabled-for-benchmark=true}), A, B, A, B, ... for {@code --rounds} rounds.
 *
 * <p>Every run is a fresh JVM ({@value #CHILD_HEAP}) with a fresh embedded PostgreSQL and a fresh
 * command side, the same settings, the same client (which signs every answer in both arms, so both
 * receive the same bytes), and the same warm-up. Alternating spreads the machine's drift (other
 * users of the shared cores, thermal, page cache) over both arms instead of putting it all into
 * one.
 *
 * <p>Reported per run and per arm: answers/s over the measured period, and latency percentiles of
 * the acknowledged answers (HdrHistogram, µs); per arm the mean of its runs' answers/s and the
 * percentiles of its runs' histograms added together; the ratio of the two means. A run with
 * errors, with acknowledged answers missing from the store, or whose stored events do not show the
 * arm's setting (A: every event chained; B: none) fails the whole measurement and nothing is
 * written.
 *
 * <pre>
 * benchmarks/run load-ab [--rounds 2] [--candidates 200] [--threads 8] [--seconds 60]
 *     [--warmup-seconds 10] [--no-write]
 * </pre>
 */
public final class AnswerTrustCostRun {
  static final String BLOCK_START =
      "<!-- answer trust a/b: start (this block is rewritten by kg.exam.benchmarks.trust.AnswerTrustCostRun; the rest of the file is kept) -->";
  static final String BLOCK_END = "<!-- answer trust a/b: end -->";
  private static final String CHILD_HEAP = "-Xmx2g";

  private AnswerTrustCostRun() {}

  /** One run of one arm. */
  private record Run(
      int round,
      boolean trust,
      double answersPerSecond,
      long acknowledged,
      Histogram latencyMicros,
      long events,
      long chainedEvents,
      double eventsPerSitting,
      String errors,
      String loadBefore) {}

  /**
   * @param args the results file, then options as in the class comment
   * @throws IOException if a run's result or the results file cannot be read or written
   * @throws InterruptedException if interrupted while a run is going
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path resultsFile = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    Map<String, String> options =
        new LinkedHashMap<>(
            Map.of(
                "--rounds", "2",
                "--candidates", "200",
                "--threads", "8",
                "--seconds", "60",
                "--warmup-seconds", "10"));
    boolean write = true;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--no-write")) {
        write = false;
      } else if (options.containsKey(args[i]) && i + 1 < args.length) {
        options.put(args[i], args[++i]);
      } else {
        throw new IllegalArgumentException(
            "unknown or incomplete argument "
                + args[i]
                + "; usage: AnswerTrustCostRun [RESULTS.md] [--rounds 2] [--candidates 200]"
                + " [--threads 8] [--seconds 60] [--warmup-seconds 10] [--no-write]");
      }
    }
    int rounds = Integer.parseInt(options.get("--rounds"));
    if (rounds < 2) {
      throw new IllegalArgumentException("rounds=" + rounds + ": at least 2 per arm");
    }

    String started = Instant.now().toString();
    String loadBefore = ResultsBlock.loadAverage();
    List<Run> runs = new ArrayList<>();
    Path workDir = Files.createTempDirectory("answer-trust-ab");
    for (int round = 1; round <= rounds; round++) {
      for (boolean trust : new boolean[] {true, false}) {
        runs.add(runOne(round, trust, options, workDir.resolve(round + (trust ? "-on" : "-off"))));
      }
    }
    String loadAfter = ResultsBlock.loadAverage();

    List<String> failures = new ArrayList<>();
    for (Run r : runs) {
      String name = "round " + r.round() + " trust " + (r.trust() ? "on" : "off");
      if (!r.errors().equals("none")) {
        failures.add(name + ": errors " + r.errors());
      }
      if (r.trust() && r.chainedEvents() != r.events()) {
        failures.add(name + ": " + (r.events() - r.chainedEvents()) + " events without chain hash");
      }
      if (!r.trust() && r.chainedEvents() != 0) {
        failures.add(name + ": " + r.chainedEvents() + " events with a chain hash");
      }
    }

    String report = report(runs, options, started, loadBefore, loadAfter);
    System.out.println();
    System.out.println(report);
    if (!failures.isEmpty()) {
      System.err.println("NOT written: " + String.join("; ", failures));
      System.exit(1);
    }
    if (write) {
      ResultsBlock.write(resultsFile, BLOCK_START, BLOCK_END, report);
      System.out.println("written to " + resultsFile);
    }
  }

  private static Run runOne(int round, boolean trust, Map<String, String> options, Path resultFile)
      throws IOException, InterruptedException {
    String loadBefore = ResultsBlock.loadAverage();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                CHILD_HEAP,
                "-cp",
                System.getProperty("java.class.path"),
                AnswerLoadRun.class.getName(),
                "--trust",
                trust ? "on" : "off",
                "--result-file",
                resultFile.toString()));
    options.forEach(
        (k, v) -> {
          if (!k.equals("--rounds")) {
            command.add(k);
            command.add(v);
          }
        });
    System.out.printf(
        "%n=== round %d, trust %s (load average %s) ===%n",
        round, trust ? "on" : "OFF", loadBefore);
    Process p = new ProcessBuilder(command).inheritIO().start();
    int exit = p.waitFor();
    if (exit != 0 || !Files.exists(resultFile)) {
      throw new IllegalStateException(
          "round " + round + " trust " + (trust ? "on" : "off") + ": AnswerLoadRun exit " + exit);
    }
    Properties result = new Properties();
    try (Reader in = Files.newBufferedReader(resultFile, StandardCharsets.UTF_8)) {
      result.load(in);
    }
    Histogram latency;
    try {
      latency =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(
                  Base64.getDecoder().decode(result.getProperty("latencyHistogramMicros"))),
              0);
    } catch (DataFormatException e) {
      throw new IOException("unreadable histogram in " + resultFile, e);
    }
    String errors = result.getProperty("errors");
    if (!Boolean.parseBoolean(result.getProperty("matches"))) {
      errors = (errors.equals("none") ? "" : errors + ", ") + "stored answers != acknowledged";
    }
    return new Run(
        round,
        trust,
        Double.parseDouble(result.getProperty("answersPerSecond")),
        Long.parseLong(result.getProperty("acknowledgedMeasured")),
        latency,
        Long.parseLong(result.getProperty("events")),
        Long.parseLong(result.getProperty("chainedEvents")),
        Double.parseDouble(result.getProperty("eventsPerSitting")),
        errors,
        loadBefore);
  }

  private static String report(
      List<Run> runs,
      Map<String, String> options,
      String started,
      String loadBefore,
      String loadAfter)
      throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("## Command side: what trust costs an answer (A/B, `benchmarks/run load-ab`)\n\n");
    out.append(
            "Written by `kg.exam.benchmarks.trust.AnswerTrustCostRun` (`benchmarks/run load-ab`)")
        .append(" started ")
        .append(started)
        .append(".\n\n");
    out.append(ResultsBlock.machine());
    out.append(
        String.format(
            Locale.ROOT,
            "- each run: a fresh JVM (%s) with a fresh embedded PostgreSQL 17 (`fsync`,"
                + " `synchronous_commit`, `full_page_writes` on) and a fresh command side; %s"
                + " candidates, %s client threads, closed loop, %s s warm-up then %s s measured"
                + " (`AnswerLoadRun`); the client signs every answer in both arms%n",
            CHILD_HEAP,
            options.get("--candidates"),
            options.get("--threads"),
            options.get("--warmup-seconds"),
            options.get("--seconds")));
    out.append(
        "- A = trust **on** (as deployed: device signature checked, every event hash-chained,"
            + " seals); B = trust **off** by the benchmark-only switch (`exam.trust.enabled=false`"
            + " + `exam.trust.disabled-for-benchmark=true`); order A, B, A, B, ...\n");
    out.append("- load average (1/5/15 min) before the first run: ")
        .append(loadBefore)
        .append("; after the last: ")
        .append(loadAfter)
        .append(" (the runs themselves keep both cores busy)\n\n");

    out.append(
        "| round | trust | answers/s | p50 | p90 | p99 | max | events/sitting at end |"
            + " events with chain hash | load before |\n");
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (Run r : runs) {
      Histogram h = r.latencyMicros();
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %s | %.1f | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.1f | %,d of %,d | %s"
                  + " |%n",
              r.round(),
              r.trust() ? "on" : "off",
              r.answersPerSecond(),
              ms(h, 50),
              ms(h, 90),
              ms(h, 99),
              h.getMaxValue() / 1000.0,
              r.eventsPerSitting(),
              r.chainedEvents(),
              r.events(),
              r.loadBefore()));
    }

    double[] mean = new double[2];
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = new double[2];
    Histogram[] pooled = {new Histogram(3), new Histogram(3)};
    int[] count = new int[2];
    for (Run r : runs) {
      int arm = r.trust() ? 0 : 1;
      mean[arm] += r.answersPerSecond();
      min[arm] = Math.min(min[arm], r.answersPerSecond());
      max[arm] = Math.max(max[arm], r.answersPerSecond());
      pooled[arm].add(r.latencyMicros());
      count[arm]++;
    }
    mean[0] /= count[0];
    mean[1] /= count[1];

    out.append(
        "\n| trust | runs | answers/s: mean (min–max) | p50 | p90 | p99 | p99.9 | answers |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int arm = 0; arm < 2; arm++) {
      Histogram h = pooled[arm];
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | **%.1f** (%.1f–%.1f) | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %,d |%n",
              arm == 0 ? "on (A)" : "off (B)",
              count[arm],
              mean[arm],
              min[arm],
              max[arm],
              ms(h, 50),
              ms(h, 90),
              ms(h, 99),
              ms(h, 99.9),
              h.getTotalCount()));
    }
    List<String> perRound = new ArrayList<>();
    for (int i = 0; i + 1 < runs.size(); i += 2) {
      perRound.add(
          String.format(
              Locale.ROOT,
              "%.3f",
              runs.get(i).answersPerSecond() / runs.get(i + 1).answersPerSecond()));
    }
    int cores = Runtime.getRuntime().availableProcessors();
    out.append(
        String.format(
            Locale.ROOT,
            "%n- ratio of the means, trust on / off: **%.3f** (trust costs %.1f %% of the"
                + " throughput; off / on = %.3f)%n",
            mean[0] / mean[1],
            100 * (1 - mean[0] / mean[1]),
            mean[1] / mean[0]));
    out.append("- on / off within each round: ").append(String.join(", ", perRound)).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "- p50 on / off: %.2f / %.2f ms (%+.2f ms); p99 on / off: %.2f / %.2f ms (%+.2f ms)%n",
            ms(pooled[0], 50),
            ms(pooled[1], 50),
            ms(pooled[0], 50) - ms(pooled[1], 50),
            ms(pooled[0], 99),
            ms(pooled[1], 99),
            ms(pooled[0], 99) - ms(pooled[1], 99)));
    out.append(
        String.format(
            Locale.ROOT,
            "- machine time per answer (%d cores / answers/s, server + PostgreSQL + load"
                + " generator): %.2f ms on, %.2f ms off, so trust adds about %.2f ms of core time"
                + " per answer%n",
            cores,
            1000.0 * cores / mean[0],
            1000.0 * cores / mean[1],
            1000.0 * cores / mean[0] - 1000.0 * cores / mean[1]));
    return out.toString();
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
