package kg.exam.benchmarks.irt;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.Calibration;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.Responses;

/**
 * Timed run of the IRT engine against issue 7's goals (not JMH: one calibration of the national
 * cohort takes seconds, so each workload is one warm-up plus {@code --repetitions} timed runs, wall
 * clock, reported as median, min and max). Simulates seeded complete 0/1 responses, times Rasch and
 * 2PL calibration of 1,400,000 × 60 with {@link CalibrationSettings#defaults()} (all cores),
 * ability estimation (MLE, WLE, EAP) for the same candidates, and Rasch calibration of 100,000 × 60
 * beside R's eRm {@code RM()} (conditional ML) on the same data written to a CSV file, timed inside
 * R by {@code system.time} around the fit only. Prints the heap limit and the peak heap used (sum
 * of the heap pools' peaks, an upper bound), and writes everything into its own marked block of a
 * results file shared with other benchmarks.
 *
 * <p>Usage (normally {@code benchmarks/run irt}, which runs it with {@code -Xmx4g}): {@code
 * IrtTimedRun [results.md] [--no-r] [--no-write] [--repetitions 3] [--candidates 1400000]
 * [--erm-candidates 100000] [--r-script benchmarks/irt/erm-rasch-time.R] [--r-timeout-minutes 120]
 * [--workloads rasch,2pl,abilities,erm]}.
 */
public final class IrtTimedRun {

  static final String BLOCK_START =
      "<!-- irt timed run: start (this block is rewritten by kg.exam.benchmarks.irt.IrtTimedRun; the rest of the file is kept) -->";

  static final String BLOCK_END = "<!-- irt timed run: end -->";

  private static final int ITEMS = 60;
  private static final long SEED = 20261130L;
  private static final int SIMULATION_BLOCK = 1 << 16;
  private static final double CALIBRATION_GOAL_S = 30;
  private static final double ABILITY_GOAL_S = 2;
  private static final double ERM_GOAL_RATIO = 20;

  private IrtTimedRun() {}

  /**
   * @param args see the class comment
   * @throws IOException if the results file or the R data file cannot be written
   * @throws InterruptedException if interrupted while R runs
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Options options = Options.parse(args);
    String loadBefore = loadAverage();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    Report report = new Report();
    report.line("load average before the run (1/5/15 min): " + loadBefore);
    CalibrationSettings settings = CalibrationSettings.defaults();
    int threads = settings.threads();

    if (options.workloads.contains("rasch")) {
      rasch(report, options, settings);
    }
    if (options.workloads.contains("2pl")) {
      twoPl(report, options, settings);
    }
    if (options.workloads.contains("erm")) {
      ermComparison(report, options, settings);
    }

    long heapMax = Runtime.getRuntime().maxMemory();
    long heapPeak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        heapPeak += pool.getPeakUsage().getUsed();
      }
    }
    report.line(
        "load average after the run (1/5/15 min): "
            + loadAverage()
            + " (this run keeps up to "
            + threads
            + " threads busy; the figure before it includes the build that `benchmarks/run` does"
            + " first)");
    String machine = machine(threads, heapMax, heapPeak);
    String markdown = report.markdown(machine, options);
    System.out.println();
    System.out.println(markdown);
    if (options.write) {
      String existing =
          Files.exists(options.resultsFile)
              ? Files.readString(options.resultsFile, StandardCharsets.UTF_8)
              : "";
      Files.writeString(
          options.resultsFile, replaceBlock(existing, markdown), StandardCharsets.UTF_8);
      System.out.println("wrote the IRT block of " + options.resultsFile);
    }
  }

  private static void rasch(Report report, Options options, CalibrationSettings settings) {
    List<ItemParameters> raschItems = raschItems();
    Responses rasch = simulate(raschItems, options.candidates, 1.2, SEED);
    Timing raschTiming =
        time(
            "Rasch calibration",
            options.repetitions,
            () -> MarginalCalibrator.calibrate(rasch, IrtModel.RASCH, settings));
    Calibration raschCalibration = (Calibration) raschTiming.result;
    report.row(
        String.format(Locale.ROOT, "Rasch calibration, %,d × %d", options.candidates, ITEMS),
        raschTiming,
        "< 30 s",
        verdict(raschTiming.medianS(), CALIBRATION_GOAL_S),
        String.format(
            Locale.ROOT,
            "%d EM cycles, converged %s, σ %.4f (true 1.2), RMSE of centred b vs truth %.4f",
            raschCalibration.iterations(),
            raschCalibration.converged(),
            raschCalibration.latentSd(),
            centredRmse(raschCalibration.items(), raschItems)));
    if (options.workloads.contains("abilities")) {
      abilityRows(report, "Rasch items", AbilityEstimator.of(raschCalibration), rasch, options);
    }
  }

  private static void twoPl(Report report, Options options, CalibrationSettings settings) {
    List<ItemParameters> twoPlItems = twoPlItems();
    Responses twoPl = simulate(twoPlItems, options.candidates, 1.0, SEED + 1);
    int[] fullCycles = new int[1];
    Timing twoPlTiming =
        time(
            "2PL calibration",
            options.repetitions,
            () -> {
              fullCycles[0] = 0;
              return MarginalCalibrator.calibrate(
                  twoPl, IrtModel.TWO_PL, settings, cycle -> fullCycles[0]++);
            });
    Calibration twoPlCalibration = (Calibration) twoPlTiming.result;
    report.row(
        String.format(Locale.ROOT, "2PL calibration, %,d × %d", options.candidates, ITEMS),
        twoPlTiming,
        "< 30 s",
        verdict(twoPlTiming.medianS(), CALIBRATION_GOAL_S),
        String.format(
            Locale.ROOT,
            "%d EM cycles on the full data%s, converged %s, RMSE vs truth: a %.4f, b %.4f",
            fullCycles[0],
            options.candidates >= 200_000 ? " (after a warm start from a ~50,000 subsample)" : "",
            twoPlCalibration.converged(),
            rmse(twoPlCalibration.items(), twoPlItems, true),
            rmse(twoPlCalibration.items(), twoPlItems, false)));
    if (options.workloads.contains("abilities")) {
      abilityRows(report, "2PL items", AbilityEstimator.of(twoPlCalibration), twoPl, options);
    }
  }

  private static void abilityRows(
      Report report, String label, AbilityEstimator estimator, Responses responses, Options o) {
    int threads = Runtime.getRuntime().availableProcessors();
    for (AbilityMethod method : AbilityMethod.values()) {
      Timing timing =
          time(
              method + " abilities, " + label,
              o.repetitions,
              () -> estimator.estimate(method, responses, threads));
      report.row(
          String.format(
              Locale.ROOT,
              "%s abilities for %,d, %s (%d threads)",
              method,
              responses.candidateCount(),
              label,
              threads),
          timing,
          "< 2 s",
          verdict(timing.medianS(), ABILITY_GOAL_S),
          "");
    }
  }

  private static void ermComparison(Report report, Options options, CalibrationSettings settings)
      throws IOException, InterruptedException {
    List<ItemParameters> items = raschItems();
    Responses small = simulate(items, options.ermCandidates, 1.2, SEED + 2);
    Timing ours =
        time(
            "Rasch calibration (eRm comparison)",
            Math.max(options.repetitions, 5),
            () -> MarginalCalibrator.calibrate(small, IrtModel.RASCH, settings));
    Calibration calibration = (Calibration) ours.result;
    String label =
        String.format(Locale.ROOT, "Rasch calibration, %,d × %d", options.ermCandidates, ITEMS);
    if (!options.runR) {
      report.row(label, ours, "≥ 20× faster than eRm", "eRm not run (--no-r)", "");
      return;
    }
    if (!rAvailable()) {
      report.row(
          label,
          ours,
          "≥ 20× faster than eRm",
          "eRm not run: Rscript with eRm not found on this machine",
          "");
      return;
    }
    Path data = Files.createTempFile("irt-erm-", ".csv");
    Path out = Files.createTempFile("irt-erm-", ".out");
    try {
      writeCsv(small, data);
      System.out.println("running eRm RM() on " + data + " (this can take many minutes)");
      Process process =
          new ProcessBuilder("Rscript", options.rScript.toString(), data.toString(), out.toString())
              .inheritIO()
              .start();
      if (!process.waitFor(options.rTimeoutMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        report.row(
            label,
            ours,
            "≥ 20× faster than eRm",
            "eRm stopped after the time limit of " + options.rTimeoutMinutes + " min",
            "");
        return;
      }
      List<String> lines = Files.readAllLines(out);
      if (process.exitValue() != 0 || lines.isEmpty()) {
        report.row(label, ours, "≥ 20× faster than eRm", "eRm failed (see console)", "");
        return;
      }
      double ermSeconds = Double.NaN;
      String ermVersion = "?";
      double[] ermDifficulty = new double[ITEMS];
      for (String line : lines) {
        String[] parts = line.split(",");
        switch (parts[0]) {
          case "elapsed_s" -> ermSeconds = Double.parseDouble(parts[1]);
          case "version" -> ermVersion = parts[1];
          case "difficulty" ->
              ermDifficulty[Integer.parseInt(parts[1])] = Double.parseDouble(parts[2]);
          default -> {}
        }
      }
      double ratio = ermSeconds / ours.medianS();
      double maxDifference = maxCentredDifference(calibration.items(), ermDifficulty);
      report.row(
          label,
          ours,
          "≥ 20× faster than eRm",
          (ratio >= ERM_GOAL_RATIO ? "met" : "missed")
              + String.format(
                  Locale.ROOT, ": eRm %s RM() %.1f s, %,.0f× ours", ermVersion, ermSeconds, ratio),
          String.format(
              Locale.ROOT,
              "ours MML-EM (%d cycles), eRm CML; centred difficulties differ by at most %.4f",
              calibration.iterations(),
              maxDifference));
    } finally {
      Files.deleteIfExists(data);
      Files.deleteIfExists(out);
    }
  }

  private static boolean rAvailable() throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder("Rscript", "-e", "suppressPackageStartupMessages(library(eRm))")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(2, TimeUnit.MINUTES) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static void writeCsv(Responses responses, Path file) throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < responses.itemCount(); i++) {
        line.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "i%02d", i + 1));
      }
      writer.write(line.append('\n').toString());
      for (int c = 0; c < responses.candidateCount(); c++) {
        line.setLength(0);
        for (int i = 0; i < responses.itemCount(); i++) {
          byte cell = responses.cell(c, i);
          line.append(i == 0 ? "" : ",").append(cell == Responses.NOT_PRESENTED ? "" : cell);
        }
        writer.write(line.append('\n').toString());
      }
    }
  }

  /** Rasch items: difficulties evenly spread over [-2.2, 2.2] logits. */
  static List<ItemParameters> raschItems() {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(ItemParameters.of(1, -2.2 + 4.4 * i / (ITEMS - 1)));
    }
    return items;
  }

  /** 2PL items: discriminations over [0.6, 2.0], difficulties over [-2, 2] in a shuffled order. */
  static List<ItemParameters> twoPlItems() {
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      items.add(
          ItemParameters.of(0.6 + 1.4 * i / (ITEMS - 1), -2 + 4.0 * ((i * 37) % ITEMS) / ITEMS));
    }
    return items;
  }

  /**
   * Complete 0/1 responses of candidates with θ ~ N(0, abilitySd²); blocks of candidates have their
   * own random stream split in order from the seed, so the data do not depend on the thread count.
   */
  static Responses simulate(
      List<ItemParameters> items, int candidates, double abilitySd, long seed) {
    int itemCount = items.size();
    byte[] cells = new byte[candidates * itemCount];
    int blocks = (candidates + SIMULATION_BLOCK - 1) / SIMULATION_BLOCK;
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom[] streams = new SplittableRandom[blocks];
    for (int b = 0; b < blocks; b++) {
      streams[b] = root.split();
    }
    double[] a = new double[itemCount];
    double[] d = new double[itemCount];
    for (int i = 0; i < itemCount; i++) {
      a[i] = items.get(i).discrimination();
      d[i] = items.get(i).difficulty();
    }
    IntStream.range(0, blocks)
        .parallel()
        .forEach(
            b -> {
              SplittableRandom random = streams[b];
              int to = Math.min(candidates, (b + 1) * SIMULATION_BLOCK);
              for (int c = b * SIMULATION_BLOCK; c < to; c++) {
                double u = random.nextDouble();
                double v = random.nextDouble();
                double theta =
                    abilitySd * Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
                for (int i = 0; i < itemCount; i++) {
                  double p = 1 / (1 + Math.exp(-a[i] * (theta - d[i])));
                  cells[c * itemCount + i] = random.nextDouble() < p ? (byte) 1 : 0;
                }
              }
            });
    return Responses.wrap(cells, candidates, itemCount);
  }

  private static double centredRmse(List<ItemParameters> estimates, List<ItemParameters> truth) {
    double meanEstimate = 0;
    double meanTruth = 0;
    for (int i = 0; i < truth.size(); i++) {
      meanEstimate += estimates.get(i).difficulty() / truth.size();
      meanTruth += truth.get(i).difficulty() / truth.size();
    }
    double sum = 0;
    for (int i = 0; i < truth.size(); i++) {
      double e =
          (estimates.get(i).difficulty() - meanEstimate) - (truth.get(i).difficulty() - meanTruth);
      sum += e * e;
    }
    return Math.sqrt(sum / truth.size());
  }

  private static double rmse(
      List<ItemParameters> estimates, List<ItemParameters> truth, boolean discrimination) {
    double sum = 0;
    for (int i = 0; i < truth.size(); i++) {
      double e =
          discrimination
              ? estimates.get(i).discrimination() - truth.get(i).discrimination()
              : estimates.get(i).difficulty() - truth.get(i).difficulty();
      sum += e * e;
    }
    return Math.sqrt(sum / truth.size());
  }

  private static double maxCentredDifference(List<ItemParameters> ours, double[] erm) {
    double meanOurs = 0;
    double meanErm = 0;
    for (int i = 0; i < erm.length; i++) {
      meanOurs += ours.get(i).difficulty() / erm.length;
      meanErm += erm[i] / erm.length;
    }
    double max = 0;
    for (int i = 0; i < erm.length; i++) {
      max = Math.max(max, Math.abs((ours.get(i).difficulty() - meanOurs) - (erm[i] - meanErm)));
    }
    return max;
  }

  private static Timing time(String name, int repetitions, Supplier<Object> work) {
    long start = System.nanoTime();
    Object result = work.get();
    double warmUp = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%s: warm-up %.3f s%n", name, warmUp);
    double[] seconds = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      start = System.nanoTime();
      result = work.get();
      seconds[r] = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "%s: run %d %.3f s%n", name, r + 1, seconds[r]);
    }
    return new Timing(seconds, warmUp, result);
  }

  private static String verdict(double seconds, double goalSeconds) {
    return seconds < goalSeconds
        ? String.format(Locale.ROOT, "met (%.1f× under)", goalSeconds / seconds)
        : String.format(Locale.ROOT, "missed (%.0f %% of goal)", 100 * goalSeconds / seconds);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String machine(int threads, long heapMax, long heapPeak) throws IOException {
    String cpu = System.getProperty("os.arch");
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    }
    return String.format(
        Locale.ROOT,
        "- CPU: %s, %d cores available to the JVM (calibration and abilities on %d threads)%n"
            + "- JDK: %s %s%n"
            + "- heap: max %.2f GiB (-Xmx), peak used %.2f GiB (sum of the heap pools' peaks, an upper"
            + " bound)%n",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        threads,
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        heapMax / (double) (1L << 30),
        heapPeak / (double) (1L << 30));
  }

  /**
   * Replaces this run's block in {@code existing}, or appends it; everything outside the block is
   * kept as it was.
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

  /** Wall-clock seconds of the timed runs, the warm-up run, and the last run's result. */
  private record Timing(double[] seconds, double warmUpS, Object result) {
    double medianS() {
      double[] sorted = seconds.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double minS() {
      return Arrays.stream(seconds).min().orElse(Double.NaN);
    }

    double maxS() {
      return Arrays.stream(seconds).max().orElse(Double.NaN);
    }
  }

  private static final class Report {
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void line(String note) {
      System.out.println(note);
      notes.add(note);
    }

    void row(String workload, Timing timing, String goal, String verdict, String detail) {
      String row =
          String.format(
              Locale.ROOT,
              "| %s | %s | %s – %s | %s | %s | %s | %s |",
              workload,
              seconds(timing.medianS()),
              seconds(timing.minS()),
              seconds(timing.maxS()),
              seconds(timing.warmUpS()),
              goal,
              verdict,
              detail);
      System.out.println(row);
      rows.add(row);
    }

    private static String seconds(double s) {
      return s < 1
          ? String.format(Locale.ROOT, "%.3f s", s)
          : String.format(Locale.ROOT, "%.2f s", s);
    }

    String markdown(String machine, Options options) {
      StringBuilder md = new StringBuilder();
      md.append("## Scoring core: IRT calibration and abilities (timed run)\n\n");
      md.append("Written by `kg.exam.benchmarks.irt.IrtTimedRun` (`benchmarks/run irt`) on ")
          .append(Instant.now())
          .append(".\n\n");
      md.append(machine);
      for (String note : notes) {
        md.append("- ").append(note).append('\n');
      }
      md.append(
          String.format(
              Locale.ROOT,
              "- each workload: 1 warm-up + %d timed runs (wall clock); seeded simulated complete"
                  + " 0/1 responses, %d items; calibration with `CalibrationSettings.defaults()`"
                  + " (41 nodes on [-6, 6], tolerance 1e-4)%n%n",
              options.repetitions,
              ITEMS));
      md.append("| workload | median | min – max | warm-up | goal | verdict | detail |\n");
      md.append("|---|---:|---:|---:|---|---|---|\n");
      for (String row : rows) {
        md.append(row).append('\n');
      }
      return md.toString();
    }
  }

  private record Options(
      Path resultsFile,
      boolean runR,
      boolean write,
      int repetitions,
      int candidates,
      int ermCandidates,
      Path rScript,
      long rTimeoutMinutes,
      List<String> workloads) {

    static Options parse(String[] args) {
      Path resultsFile = Path.of("benchmarks/RESULTS.md");
      boolean runR = true;
      boolean write = true;
      int repetitions = 3;
      int candidates = 1_400_000;
      int ermCandidates = 100_000;
      Path rScript = Path.of("benchmarks/irt/erm-rasch-time.R");
      long rTimeoutMinutes = 120;
      List<String> workloads = List.of("rasch", "2pl", "abilities", "erm");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--no-r" -> runR = false;
          case "--no-write" -> write = false;
          case "--repetitions" -> repetitions = Integer.parseInt(args[++i]);
          case "--candidates" -> candidates = Integer.parseInt(args[++i]);
          case "--erm-candidates" -> ermCandidates = Integer.parseInt(args[++i]);
          case "--r-script" -> rScript = Path.of(args[++i]);
          case "--r-timeout-minutes" -> rTimeoutMinutes = Long.parseLong(args[++i]);
          case "--workloads" -> workloads = List.of(args[++i].split(","));
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            resultsFile = Path.of(args[i]);
          }
        }
      }
      if (repetitions < 1) {
        throw new IllegalArgumentException("repetitions=" + repetitions + " must be >= 1");
      }
      return new Options(
          resultsFile,
          runR,
          write,
          repetitions,
          candidates,
          ermCandidates,
          rScript,
          rTimeoutMinutes,
          workloads);
    }
  }
}
