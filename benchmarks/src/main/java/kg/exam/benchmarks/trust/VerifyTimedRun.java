package kg.exam.benchmarks.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import kg.exam.client.audit.SyntheticBundles;

/**
 * Timed run of the offline verifier on a synthetic session bundle of 10,000 sittings with real
 * signatures ({@link SyntheticBundles}, seed 1): the bundle is written once into {@code
 * benchmarks/target/}, then {@code VerifyCli --quiet --threads T} is run in a fresh JVM (as {@code
 * exam-client/verify} runs it) three times with one thread and three times with all cores; wall
 * time, user and system CPU time of each process (from {@code /usr/bin/time}) are recorded and the
 * medians written into its own marked block of the results file with machine, JDK, date and load.
 *
 * <pre>
 * benchmarks/run verify [RESULTS.md] [SITTINGS]
 * </pre>
 */
public final class VerifyTimedRun {
  static final String BLOCK_START =
      "<!-- verify timed run: start (this block is rewritten by kg.exam.benchmarks.trust.VerifyTimedRun; the rest of the file is kept) -->";
  static final String BLOCK_END = "<!-- verify timed run: end -->";
  private static final int REPEATS = 3;

  private VerifyTimedRun() {}

  /** One fresh-JVM run: wall, user and system seconds. */
  private record Run(double wall, double user, double sys) {}

  /**
   * @param args the results file (default {@code benchmarks/RESULTS.md}) and the number of sittings
   *     (default 10,000)
   * @throws IOException if the bundle or the results file cannot be written
   * @throws InterruptedException if interrupted while a verifier runs
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path resultsFile = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int sittings = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path bundle = Path.of("benchmarks/target/verify-bundle-" + sittings + ".zip");
    if (!Files.exists(bundle)) {
      Path partial = Path.of(bundle + ".part");
      try (OutputStream out = Files.newOutputStream(partial)) {
        SyntheticBundles.write(out, new SyntheticBundles.Spec(sittings, 1, null, false));
      }
      Files.move(partial, bundle);
    }
    System.out.printf("bundle %s: %d sittings, %d bytes%n", bundle, sittings, Files.size(bundle));
    int cores = Runtime.getRuntime().availableProcessors();
    String loadBefore = ResultsBlock.loadAverage();
    StringBuilder rows = new StringBuilder();
    for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
      List<Run> runs = new ArrayList<>();
      for (int i = 0; i < REPEATS; i++) {
        String load = ResultsBlock.loadAverage();
        Run run = verify(bundle, threads);
        runs.add(run);
        System.out.printf(
            Locale.ROOT,
            "threads=%d run %d: wall %.2f s, user %.2f s, sys %.2f s (load before %s)%n",
            threads,
            i + 1,
            run.wall(),
            run.user(),
            run.sys(),
            load);
      }
      double wall = median(runs.stream().mapToDouble(Run::wall).toArray());
      double cpu = median(runs.stream().mapToDouble(r -> r.user() + r.sys()).toArray());
      rows.append(
          String.format(
              Locale.ROOT,
              "| %d | %.2f | %s | %.2f | %.2f | %.0f |%n",
              threads,
              wall,
              String.join(
                  ", ",
                  runs.stream().map(r -> String.format(Locale.ROOT, "%.2f", r.wall())).toList()),
              cpu,
              cpu / wall,
              sittings / wall));
    }
    String loadAfter = ResultsBlock.loadAverage();
    StringBuilder md = new StringBuilder();
    md.append("## Offline verification of a session bundle\n\n");
    md.append("Written by `kg.exam.benchmarks.trust.VerifyTimedRun` (`benchmarks/run verify`) on ")
        .append(Instant.now())
        .append(".\n\n");
    md.append(ResultsBlock.machine());
    md.append(
            String.format(
                Locale.ROOT,
                "- bundle: synthetic session (SyntheticBundles, seed 1), %,d sittings of 30 items"
                    + " with real Ed25519 seals and tree head, %.1f MB%n",
                sittings,
                Files.size(bundle) / 1e6))
        .append("- each run: a fresh JVM running `VerifyCli --quiet --threads T` (as")
        .append(" `exam-client/verify` does), timed from outside; median of ")
        .append(REPEATS)
        .append('\n')
        .append("- load average (1/5/15 min) before: ")
        .append(loadBefore)
        .append("; after: ")
        .append(loadAfter)
        .append("\n\n");
    md.append(
        "| threads | wall s (median) | runs | CPU s (user+sys, median) | CPU/wall | sittings/s |\n"
            + "|---|---|---|---|---|---|\n");
    md.append(rows);
    ResultsBlock.write(resultsFile, BLOCK_START, BLOCK_END, md.toString());
    System.out.println("wrote the verify block of " + resultsFile);
  }

  private static Run verify(Path bundle, int threads) throws IOException, InterruptedException {
    Path times = Files.createTempFile("verify-time", ".txt");
    try {
      List<String> command = new ArrayList<>();
      command.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S"));
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add("kg.exam.client.audit.VerifyCli");
      command.addAll(List.of("--quiet", "--threads", Integer.toString(threads), bundle.toString()));
      Process p = new ProcessBuilder(command).inheritIO().start();
      int status = p.waitFor();
      if (status != 0) {
        throw new IllegalStateException("verify exited with " + status + ": " + command);
      }
      String[] f = Files.readString(times, StandardCharsets.UTF_8).strip().split("\\s+");
      return new Run(
          Double.parseDouble(f[f.length - 3]),
          Double.parseDouble(f[f.length - 2]),
          Double.parseDouble(f[f.length - 1]));
    } finally {
      Files.deleteIfExists(times);
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
