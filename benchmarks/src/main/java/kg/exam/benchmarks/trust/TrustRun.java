package kg.exam.benchmarks.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link TrustBenchmark} and writes its figures (ops/s, µs/op, MB/s of payload text for the
 * canonical encodings, and the per-answer trust cost) with machine, JDK, date and load average into
 * its own marked block of the results file.
 *
 * <pre>
 * benchmarks/run trust
 * </pre>
 */
public final class TrustRun {
  static final String BLOCK_START =
      "<!-- trust benchmarks: start (this block is rewritten by kg.exam.benchmarks.trust.TrustRun; the rest of the file is kept) -->";
  static final String BLOCK_END = "<!-- trust benchmarks: end -->";

  private TrustRun() {}

  /**
   * @param args the results file to write (default {@code benchmarks/RESULTS.md})
   * @throws RunnerException if JMH fails
   * @throws IOException if the results file cannot be written
   */
  public static void main(String[] args) throws RunnerException, IOException {
    Path resultsFile = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    String loadBefore = ResultsBlock.loadAverage();
    Collection<RunResult> results =
        new Runner(new OptionsBuilder().include(TrustBenchmark.class.getName() + "\\.").build())
            .run();
    String loadAfter = ResultsBlock.loadAverage();
    Map<String, double[]> byName = new HashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      byName.put(
          name.substring(name.lastIndexOf('.') + 1),
          new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
    }
    StringBuilder md = new StringBuilder();
    md.append("## Trust: canonical encoding, hashing, signatures, Merkle tree\n\n");
    md.append("Written by `kg.exam.benchmarks.trust.TrustRun` (`benchmarks/run trust`) on ")
        .append(Instant.now())
        .append(".\n\n");
    md.append(ResultsBlock.machine());
    md.append("- load average (1/5/15 min) before: ")
        .append(loadBefore)
        .append("; after: ")
        .append(loadAfter)
        .append('\n');
    md.append(
        "- JMH: 1 fork, 3 × 1 s warm-up, 5 × 1 s measurement, 1 thread, -Xmx1g; error = 99.9 % CI\n\n");
    md.append("| operation | ops/s | ± error | µs/op | payload MB/s |\n|---|---|---|---|---|\n");
    row(md, byName, "canonicalAnswer", "RFC 8785 encoding, stored AnswerRecorded", answerBytes());
    row(
        md,
        byName,
        "canonicalScored",
        "RFC 8785 encoding, stored SittingScored (30 items)",
        scored());
    row(md, byName, "chainStep", "sha256-chain/1 step over the canonical answer", 0);
    row(md, byName, "sign", "Ed25519 sign (signed statement of the answer)", 0);
    row(md, byName, "verify", "Ed25519 verify", 0);
    row(md, byName, "merkleRoot10k", "RFC 6962 root over 10,000 leaves of 300 B", 0);
    row(md, byName, "inclusionProof", "inclusion proof check, tree of 10,000", 0);
    row(md, byName, "answerTrustWork", "per answer: encode + chain step + verify", 0);
    double[] work = byName.get("answerTrustWork");
    if (work != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nTrust adds %.1f µs of CPU per recorded answer on one core (canonical encoding,"
                  + " chain step and one device-signature check), i.e. it alone would cap one core"
                  + " at %.0f answers/s.%n",
              1e6 / work[0],
              work[0]));
    }
    ResultsBlock.write(resultsFile, BLOCK_START, BLOCK_END, md.toString());
    System.out.println("wrote the trust block of " + resultsFile);
  }

  private static int answerBytes() {
    return TrustBenchmark.utf8Bytes(TrustBenchmark.ANSWER_JSON);
  }

  private static int scored() {
    return TrustBenchmark.utf8Bytes(TrustBenchmark.SCORED_JSON);
  }

  private static void row(
      StringBuilder md, Map<String, double[]> byName, String name, String label, int bytes) {
    double[] r = byName.get(name);
    if (r == null) {
      return;
    }
    md.append(
        String.format(
            Locale.ROOT,
            "| %s (`%s`) | %,.0f | %,.0f | %.2f | %s |%n",
            label,
            name,
            r[0],
            r[1],
            1e6 / r[0],
            bytes == 0
                ? ""
                : String.format(Locale.ROOT, "%.1f (%d B)", r[0] * bytes / 1e6, bytes)));
  }
}
