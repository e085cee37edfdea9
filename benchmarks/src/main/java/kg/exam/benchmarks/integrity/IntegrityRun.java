package kg.exam.benchmarks.integrity;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.scoring.integrity.AnswerSimilarity;
import kg.exam.scoring.integrity.Cohort;
import kg.exam.scoring.integrity.Finding;
import kg.exam.scoring.integrity.IntegrityAnalysis;
import kg.exam.scoring.integrity.IntegritySimulation;
import kg.exam.scoring.integrity.IntegrityThresholds;

/**
 * Integrity analytics at national size, timed, with their power and false leads: scoring-core's
 * {@code IntegrityAnalysis.run} at the default thresholds over a simulated national session
 * (1,400,000 candidates × 40 items in rooms of 30; 1 % copiers copying 75 % of their answers from
 * an earlier room-mate, 1 % with pre-knowledge of a quarter of the items, 0.5 % whose wrong answers
 * were changed to right afterwards), median of 3 in one JVM; the answer-similarity part alone (one
 * thread), the pairs it compares and the heap held. Against the simulation's truth: how many
 * copiers, pre-knowledge and tampered sittings each analysis finds, and how many flags fall on
 * honest sittings (pairs, places) beside the number the stated rate predicts. The simulation is
 * timed on its own and is not part of the figures.
 *
 * <p>Usage: {@code IntegrityRun RESULTS.md [--candidates 1400000] [--room 30] [--items 40]
 * [--copiers 0.01] [--copied 0.75] [--preknowledge 0.01] [--compromised 0.25] [--tamperers 0.005]
 * [--tampered-items 12] [--seed 20261208] [--repeats 3]}
 */
public final class IntegrityRun {
  static final String START_MARKER =
      "<!-- integrity: start (benchmarks/run integrity rewrites this block) -->";
  static final String END_MARKER = "<!-- integrity: end -->";

  /** The measures each place is compared by (mean score, mean speed, its flags). */
  private static final int CLUSTER_MEASURES = 3;

  private IntegrityRun() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int candidates = 1_400_000;
    int room = 30;
    int items = 40;
    double copiers = 0.01;
    double copied = 0.75;
    double preknowledge = 0.01;
    double compromised = 0.25;
    double tamperers = 0.005;
    int tamperedItems = 12;
    long seed = 20_261_208L;
    int repeats = 3;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--candidates" -> candidates = Integer.parseInt(args[i + 1]);
        case "--room" -> room = Integer.parseInt(args[i + 1]);
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        case "--copiers" -> copiers = Double.parseDouble(args[i + 1]);
        case "--copied" -> copied = Double.parseDouble(args[i + 1]);
        case "--preknowledge" -> preknowledge = Double.parseDouble(args[i + 1]);
        case "--compromised" -> compromised = Double.parseDouble(args[i + 1]);
        case "--tamperers" -> tamperers = Double.parseDouble(args[i + 1]);
        case "--tampered-items" -> tamperedItems = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (repeats < 1 || room < 2 || items < 2 || candidates < room) {
      throw new IllegalArgumentException(
          "need --repeats ≥ 1, --room ≥ 2, --items ≥ 2 and --candidates ≥ --room");
    }
    String loadBefore = ResultsBlock.loadAverage();
    System.out.printf(
        Locale.ROOT,
        "load average before %s; %d cores available to the JVM; %s %s; heap limit %,d MB%n",
        loadBefore,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        Runtime.getRuntime().maxMemory() >> 20);

    IntegritySimulation.Settings settings =
        IntegritySimulation.Settings.honest(candidates, room, items, seed)
            .withCopying(copiers, copied)
            .withPreknowledge(preknowledge, compromised)
            .withTampering(tamperers, tamperedItems);
    long simulationStart = System.nanoTime();
    IntegritySimulation.Simulated sim = IntegritySimulation.simulate(settings);
    double simulationSeconds = (System.nanoTime() - simulationStart) / 1e9;
    Cohort cohort = sim.cohort();
    System.out.printf(
        Locale.ROOT,
        "simulated %,d sittings × %d items in %.1f s (not part of the figures)%n",
        cohort.size(),
        cohort.items(),
        simulationSeconds);
    long heapCohort = usedHeapAfterGc();

    IntegrityThresholds thresholds = IntegrityThresholds.defaults();
    double[] analysisSeconds = new double[repeats];
    IntegrityAnalysis.Result result = null;
    for (int run = 0; run < repeats; run++) {
      long start = System.nanoTime();
      result = IntegrityAnalysis.run(cohort, thresholds);
      analysisSeconds[run] = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "IntegrityAnalysis.run %d: %.2f s (%,d findings)%n",
          run + 1,
          analysisSeconds[run],
          result.findings().size());
    }
    double[] similaritySeconds = new double[repeats];
    int similarityFlags = 0;
    for (int run = 0; run < repeats; run++) {
      long start = System.nanoTime();
      List<Finding> flags = AnswerSimilarity.of(cohort).flags(thresholds);
      similaritySeconds[run] = (System.nanoTime() - start) / 1e9;
      similarityFlags = flags.size();
      System.out.printf(
          Locale.ROOT,
          "AnswerSimilarity.of(cohort).flags %d: %.2f s (%,d pairs flagged)%n",
          run + 1,
          similaritySeconds[run],
          similarityFlags);
    }
    long pairs = AnswerSimilarity.pairs(cohort);
    long heapAfter = usedHeapAfterGc();

    Truth truth = Truth.of(sim, result, thresholds);
    double similarityMedian = median(similaritySeconds);
    List<String> rows = new ArrayList<>();
    rows.add(
        String.format(
            Locale.ROOT,
            "| `IntegrityAnalysis.run`: answer similarity within rooms, response-time fit, speed,"
                + " answer changes, places (pairs in parallel by room over %d cores) | %s; %,d"
                + " findings |",
            Runtime.getRuntime().availableProcessors(),
            timing(analysisSeconds),
            result.findings().size()));
    rows.add(
        String.format(
            Locale.ROOT,
            "| answer similarity alone: `AnswerSimilarity.of(cohort).flags(thresholds)`, one thread"
                + " | %s; %,d pairs flagged (the full analysis: %,d) |",
            timing(similaritySeconds),
            similarityFlags,
            truth.count(Finding.Kind.SIMILARITY)));
    rows.add(
        String.format(
            Locale.ROOT,
            "| pairs compared (`AnswerSimilarity.pairs`: same room, overlapping times) | %,d (%.2f"
                + " million pairs/s in the similarity alone) |",
            pairs,
            pairs / similarityMedian / 1e6));
    rows.add(
        String.format(
            Locale.ROOT,
            "| heap used after a full GC (`totalMemory − freeMemory`; limit %,d MB) | %,d MB"
                + " holding the cohort; %,d MB holding the cohort and the last result |",
            Runtime.getRuntime().maxMemory() >> 20,
            heapCohort >> 20,
            heapAfter >> 20));
    rows.add(
        truth.power(
            String.format(
                Locale.ROOT,
                "copiers (%s of items from an earlier room-mate) flagged with their source"
                    + " (SIMILARITY)",
                percent(copied)),
            truth.copiers,
            truth.copiersFound));
    rows.add(
        truth.power(
            String.format(
                Locale.ROOT,
                "pre-knowledge of %d items found by their times (RESPONSE_TIME)",
                Math.round(items * compromised)),
            truth.knew,
            truth.knewFound));
    rows.add(
        truth.power(
            String.format(
                Locale.ROOT,
                "tampered (up to %d wrong answers made right) found (ANSWER_CHANGES)",
                tamperedItems),
            truth.tampered,
            truth.tamperedFound));
    rows.add(
        truth.falseLeads(
            Finding.Kind.SIMILARITY,
            "pairs not linked by a chain of copying",
            "pairs",
            String.format(
                Locale.ROOT, "; %,d of them between two honest sittings", truth.honestPairFlags)));
    rows.add(truth.falseLeads(Finding.Kind.RESPONSE_TIME, "honest sittings", "timed sittings", ""));
    rows.add(truth.falseLeads(Finding.Kind.SPEED, "honest sittings", "timed sittings", ""));
    rows.add(truth.falseLeads(Finding.Kind.ANSWER_CHANGES, "honest sittings", "sittings", ""));
    rows.add(
        truth.falseLeads(
            Finding.Kind.CLUSTER,
            "rooms with no copier, pre-knowledge or tampering",
            "tests (" + CLUSTER_MEASURES + " measures per room)",
            String.format(
                Locale.ROOT, "; %,d more at the other rooms", truth.clusterFlagsElsewhere)));
    rows.forEach(System.out::println);

    StringBuilder command = new StringBuilder("benchmarks/run integrity");
    for (int i = 1; i < args.length; i++) {
      command.append(' ').append(args[i]);
    }
    String report =
        String.format(
                Locale.ROOT,
                "## Integrity analytics at national size (`benchmarks/run integrity`)%n%n"
                    + "`%s`, measured %s; load average before %s, after %s.%n%n",
                command,
                Instant.now().truncatedTo(ChronoUnit.MINUTES),
                loadBefore,
                ResultsBlock.loadAverage())
            + ResultsBlock.machine().stripTrailing()
            + String.format(
                Locale.ROOT,
                "%n- Data: `IntegritySimulation` (seed %d), %,d candidates × %d four-option items"
                    + " in rooms of %d sitting at one time: %,d copiers (share %s, %s of their"
                    + " items from an earlier room-mate), %,d with pre-knowledge of %d items"
                    + " (share %s), %,d tampered (share %s, up to %d wrong answers made right),"
                    + " %,d honest; simulated in %.1f s (not part of the figures).%n"
                    + "- Thresholds: `IntegrityThresholds.defaults()`, a flag below %s per test,"
                    + " HIGH below %s; rooms of at least %d sittings are compared; at least %d"
                    + " timed items.%n%n"
                    + "| figure | value |%n|---|---|%n",
                seed,
                cohort.size(),
                cohort.items(),
                room,
                truth.copiers,
                percent(copiers),
                percent(copied),
                truth.knew,
                Math.round(items * compromised),
                percent(preknowledge),
                truth.tampered,
                percent(tamperers),
                tamperedItems,
                truth.honestSittings,
                simulationSeconds,
                plain(thresholds.falsePositiveRate()),
                plain(thresholds.highRate()),
                thresholds.minClusterSize(),
                thresholds.minTimedItems())
            + String.join("\n", rows)
            + "\n\nPower: the share of each kind of cheating its analysis flags. False leads: flags"
            + " on honest sittings (none of the simulated roles; a copier's source is honest), on"
            + " pairs that no chain of copying links (a copier and its source, two copiers of one"
            + " source and a chain of copies lead back to one first sitting, as in"
            + " `IntegrityPowerTest`) and on rooms where nobody cheated, beside the rate times the"
            + " number of such tests.\n";
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
  }

  /** The simulation's truth against the findings of one analysis. */
  private static final class Truth {
    private final IntegrityThresholds thresholds;

    /** Per kind: all findings, those on honest sittings (pairs, rooms), and of these the HIGH. */
    private final Map<Finding.Kind, long[]> flags = new EnumMap<>(Finding.Kind.class);

    /** Per kind: the tests on honest sittings (pairs, rooms × measures). */
    private final Map<Finding.Kind, Long> tests = new EnumMap<>(Finding.Kind.class);

    int copiers;
    int copiersFound;
    int knew;
    int knewFound;
    int tampered;
    int tamperedFound;
    int honestSittings;
    int honestPairFlags;
    int clusterFlagsElsewhere;

    private Truth(IntegrityThresholds thresholds) {
      this.thresholds = thresholds;
      for (Finding.Kind kind : Finding.Kind.values()) {
        flags.put(kind, new long[3]);
      }
    }

    static Truth of(
        IntegritySimulation.Simulated sim,
        IntegrityAnalysis.Result result,
        IntegrityThresholds thresholds) {
      Truth truth = new Truth(thresholds);
      Cohort cohort = sim.cohort();
      int n = cohort.size();
      int[] source = sim.source();
      boolean[] honest = new boolean[n];
      int[] root = new int[n];
      int[] chain = new int[n];
      int places = 0;
      for (int j = 0; j < n; j++) {
        honest[j] = source[j] < 0 && !sim.preknowledge()[j] && !sim.tampered()[j];
        // the first sitting of j's chain of copies, as IntegrityPowerTest follows it
        int r = j;
        while (source[r] >= 0) {
          r = source[r];
        }
        root[j] = r;
        chain[r]++;
        places = Math.max(places, cohort.place()[j] + 1);
      }
      int[] placeSize = new int[places];
      boolean[] honestPlace = new boolean[places];
      Arrays.fill(honestPlace, true);
      for (int j = 0; j < n; j++) {
        int p = cohort.place()[j];
        if (p >= 0) {
          placeSize[p]++;
          honestPlace[p] &= honest[j];
        }
      }

      // the tests on honest sittings, pairs and rooms
      double[] speed = result.speed();
      long timedHonest = 0;
      for (int j = 0; j < n; j++) {
        if (honest[j]) {
          truth.honestSittings++;
          if (!Double.isNaN(speed[j])) {
            timedHonest++;
          }
        }
      }
      // pairs linked by copying: every two sittings of one chain (one room, all overlapping in
      // the simulation, so all of them are among the pairs compared)
      long linked = 0;
      for (int size : chain) {
        linked += (long) size * (size - 1) / 2;
      }
      long comparedRooms = 0;
      for (int p = 0; p < places; p++) {
        if (honestPlace[p] && placeSize[p] >= thresholds.minClusterSize()) {
          comparedRooms++;
        }
      }
      truth.tests.put(Finding.Kind.SIMILARITY, result.pairs() - linked);
      truth.tests.put(Finding.Kind.RESPONSE_TIME, timedHonest);
      truth.tests.put(Finding.Kind.SPEED, timedHonest);
      truth.tests.put(Finding.Kind.ANSWER_CHANGES, (long) truth.honestSittings);
      truth.tests.put(Finding.Kind.CLUSTER, CLUSTER_MEASURES * comparedRooms);

      Set<Long> flaggedPairs = new HashSet<>();
      boolean[] timeFlag = new boolean[n];
      boolean[] changeFlag = new boolean[n];
      for (Finding f : result.findings()) {
        boolean onHonest;
        switch (f.kind()) {
          case SIMILARITY -> {
            int a = f.sittings()[0];
            int b = f.sittings()[1];
            flaggedPairs.add(pair(a, b));
            onHonest = root[a] != root[b];
            if (onHonest && honest[a] && honest[b]) {
              truth.honestPairFlags++;
            }
          }
          case RESPONSE_TIME, SPEED, ANSWER_CHANGES -> {
            int j = f.sittings()[0];
            if (f.kind() == Finding.Kind.RESPONSE_TIME) {
              timeFlag[j] = true;
            } else if (f.kind() == Finding.Kind.ANSWER_CHANGES) {
              changeFlag[j] = true;
            }
            onHonest = honest[j];
          }
          case CLUSTER -> {
            onHonest = f.place() >= 0 && honestPlace[f.place()];
            if (!onHonest) {
              truth.clusterFlagsElsewhere++;
            }
          }
          default -> throw new IllegalStateException("unknown kind " + f.kind());
        }
        long[] count = truth.flags.get(f.kind());
        count[0]++;
        if (onHonest) {
          count[1]++;
          if (f.severity() == Finding.Severity.HIGH) {
            count[2]++;
          }
        }
      }

      for (int j = 0; j < n; j++) {
        if (source[j] >= 0) {
          truth.copiers++;
          if (flaggedPairs.contains(pair(j, source[j]))) {
            truth.copiersFound++;
          }
        }
        if (sim.preknowledge()[j]) {
          truth.knew++;
          if (timeFlag[j]) {
            truth.knewFound++;
          }
        }
        if (sim.tampered()[j]) {
          truth.tampered++;
          if (changeFlag[j]) {
            truth.tamperedFound++;
          }
        }
      }
      return truth;
    }

    /** All findings of one kind. */
    long count(Finding.Kind kind) {
      return flags.get(kind)[0];
    }

    String power(String what, int of, int found) {
      return String.format(
          Locale.ROOT,
          "| power: %s | %,d of %,d (%.1f %%) |",
          what,
          found,
          of,
          of > 0 ? 100.0 * found / of : Double.NaN);
    }

    String falseLeads(Finding.Kind kind, String on, String testsName, String more) {
      long[] count = flags.get(kind);
      long t = tests.get(kind);
      return String.format(
          Locale.ROOT,
          "| false leads, %s: flags on %s | %,d (HIGH %,d) against %,.1f expected at %s × %,d %s"
              + " (HIGH %.2f at %s)%s |",
          kind,
          on,
          count[1],
          count[2],
          thresholds.falsePositiveRate() * t,
          plain(thresholds.falsePositiveRate()),
          t,
          testsName,
          thresholds.highRate() * t,
          plain(thresholds.highRate()),
          more);
    }
  }

  private static long pair(int a, int b) {
    return ((long) Math.min(a, b) << 32) | Math.max(a, b);
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    runtime.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /** Sorts {@code seconds} and returns the median. */
  private static double median(double[] seconds) {
    Arrays.sort(seconds);
    int n = seconds.length;
    return n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
  }

  /** "m s (median of n; min–max)", sorting {@code seconds}. */
  private static String timing(double[] seconds) {
    double median = median(seconds);
    return String.format(
        Locale.ROOT,
        "%.2f s (median of %d; %.2f–%.2f)",
        median,
        seconds.length,
        seconds[0],
        seconds[seconds.length - 1]);
  }

  private static String percent(double share) {
    return BigDecimal.valueOf(share).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
  }

  /** A rate as written, without an exponent or trailing zeros: 1.0E-4 as 0.0001. */
  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
