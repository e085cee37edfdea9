package kg.exam.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import kg.exam.scoring.ScoringCoreVersion;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the scoring benchmarks with the settings written on each class and writes the figures, with
 * the machine's CPU, core count and JDK, into its own marked block of a Markdown results file that
 * other benchmarks share (their sections are kept).
 *
 * <pre>
 * benchmarks/run scoring
 * </pre>
 */
public final class RunBenchmarks {

  private static final double KEYED_GOAL_RESPONSES_PER_S = 500e6;
  private static final double MIXED_GOAL_RESPONSES_PER_S = 20e6;
  private static final double ANALYSIS_GOAL_MS = 1000;

  private RunBenchmarks() {}

  /**
   * @param args the results file to write (default {@code benchmarks/RESULTS.md})
   * @throws RunnerException if JMH fails
   * @throws IOException if the results file cannot be written
   */
  public static void main(String[] args) throws RunnerException, IOException {
    Path resultsFile = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    Options options =
        new OptionsBuilder()
            .include(BatchScoringBenchmark.class.getName())
            .include(ItemAnalysisBenchmark.class.getName())
            .build();
    Collection<RunResult> results = new Runner(options).run();
    String existing =
        Files.exists(resultsFile) ? Files.readString(resultsFile, StandardCharsets.UTF_8) : "";
    Files.writeString(resultsFile, replaceBlock(existing, report(results)), StandardCharsets.UTF_8);
    System.out.println("wrote the scoring-core block of " + resultsFile);
  }

  /** Marks the block this runner owns in a results file that other benchmarks write to as well. */
  static final String BLOCK_START =
      "<!-- scoring-core benchmarks: start (this block is rewritten by kg.exam.benchmarks.RunBenchmarks; the rest of the file is kept) -->";

  static final String BLOCK_END = "<!-- scoring-core benchmarks: end -->";

  /**
   * Replaces this runner's block in {@code existing}, or appends it; everything outside the block
   * is kept as it was.
   */
  static String replaceBlock(String existing, String report) {
    String block = BLOCK_START + "\n" + report.stripTrailing() + "\n" + BLOCK_END + "\n";
    int start = existing.indexOf(BLOCK_START);
    int end = existing.indexOf(BLOCK_END);
    if (start >= 0 && end > start) {
      return existing.substring(0, start)
          + block
          + existing.substring(end + BLOCK_END.length()).replaceFirst("^\n", "");
    }
    return existing.isBlank() ? block : existing.stripTrailing() + "\n\n" + block;
  }

  static String report(Collection<RunResult> results) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("## Scoring core: batch scoring and item analysis\n\n");
    md.append("Written by `kg.exam.benchmarks.RunBenchmarks` on ")
        .append(Instant.now())
        .append(".\n\n");
    md.append("- CPU: ")
        .append(cpuModel())
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores available to the JVM\n");
    md.append("- JDK: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append('\n');
    md.append("- scoring semantics: ").append(ScoringCoreVersion.VERSION).append('\n');
    md.append(
        "- JMH settings: see each benchmark class (1 fork, 3 × 2 s warm-up, 5 × 2 s measurement, -Xmx3g); error = 99.9 % CI\n\n");
    md.append(
        "| benchmark | threads | score | ± error | unit | goal | verdict |\n|---|---|---|---|---|---|---|\n");
    List<String> notes = new ArrayList<>();
    Double bandwidth2 = null;
    Double keyed2 = null;
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      String threads = result.getParams().getParam("threads");
      double score = result.getPrimaryResult().getScore();
      double error = result.getPrimaryResult().getScoreError();
      String unit = result.getPrimaryResult().getScoreUnit();
      String goal = "";
      String verdict = "";
      if (name.endsWith("BatchScoringBenchmark.keyedNationalCohort")) {
        goal = "≥ 500 M responses/s (2 threads)";
        if ("2".equals(threads)) {
          keyed2 = score;
        }
        verdict =
            verdict(score, KEYED_GOAL_RESPONSES_PER_S, true, threads)
                + String.format(
                    Locale.ROOT,
                    "; cohort in %.3f s",
                    BatchScoringBenchmark.KEYED_RESPONSES / score);
      } else if (name.endsWith("BatchScoringBenchmark.mixedForm")) {
        goal = "≥ 20 M responses/s (2 threads)";
        verdict = verdict(score, MIXED_GOAL_RESPONSES_PER_S, true, threads);
      } else if (name.endsWith("BatchScoringBenchmark.readCohortBytes")) {
        goal = "bound: memory read rate of the same matrix";
        verdict = String.format(Locale.ROOT, "%.2f GB/s", score / 1e9);
        if ("2".equals(threads)) {
          bandwidth2 = score;
        }
      } else if (name.endsWith("ItemAnalysisBenchmark.keyedNationalCohort")) {
        goal = "< 1000 ms (2 threads)";
        verdict = verdict(score, ANALYSIS_GOAL_MS, false, threads);
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s |%n",
              shortName,
              threads,
              human(score),
              human(error),
              unit,
              goal,
              verdict));
    }
    if (bandwidth2 != null) {
      notes.add(
          String.format(
              Locale.ROOT,
              "Reading the 84 MB cohort matrix alone runs at %.2f G bytes/s with 2 threads; one byte is "
                  + "one response, so that is the memory ceiling of the keyed path on this machine.",
              bandwidth2 / 1e9));
      if (keyed2 != null) {
        notes.add(
            String.format(
                Locale.ROOT,
                "The keyed path scores at %.1f %% of that read rate: it is bound by its arithmetic "
                    + "(about one SWAR operation per response), not by memory.",
                100 * keyed2 / bandwidth2));
      }
    }
    notes.add(
        "Produced by: `java -cp <scoring-core jar, benchmarks classes, jmh-core 1.37> kg.exam.benchmarks.RunBenchmarks "
            + "benchmarks/RESULTS.md` (normally `benchmarks/run scoring`).");
    md.append('\n');
    for (String note : notes) {
      md.append("- ").append(note).append('\n');
    }
    return md.toString();
  }

  private static String verdict(double score, double goal, boolean higherIsBetter, String threads) {
    if (!"2".equals(threads)) {
      return "(scaling reference)";
    }
    boolean met = higherIsBetter ? score >= goal : score <= goal;
    double ratio = higherIsBetter ? score / goal : goal / score;
    return met
        ? String.format(Locale.ROOT, "met (%.2f× goal)", ratio)
        : String.format(Locale.ROOT, "missed: %.0f %% of goal", 100 * ratio);
  }

  private static String human(double value) {
    if (Math.abs(value) >= 1e6) {
      return String.format(Locale.ROOT, "%.1f M", value / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String cpuModel() throws IOException {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    }
    return System.getProperty("os.arch");
  }
}
