package kg.exam.benchmarks.dif;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.scoring.analysis.Dif;
import kg.exam.scoring.irt.Responses;

/**
 * DIF at national size, timed (issue 13): scoring-core's Mantel–Haenszel and logistic-regression
 * DIF of every item of a 1,400,000 × 60 Rasch response matrix between a focal group (a third of the
 * candidates, 0.2 weaker) and the rest, three items with planted DIF; median of 3 in one JVM.
 *
 * <p>Usage: {@code DifRun RESULTS.md [--candidates 1400000] [--items 60]}
 */
public final class DifRun {
  static final String START_MARKER = "<!-- dif: start (benchmarks/run dif rewrites this block) -->";
  static final String END_MARKER = "<!-- dif: end -->";

  private DifRun() {}

  /**
   * The items made 0.5 logit harder for the focal group: the 8th, and those a third and two thirds
   * on.
   */
  static boolean planted(int j, int items) {
    return j == 7 || j == 7 + items / 3 || j == 7 + 2 * items / 3;
  }

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int candidates = 1_400_000;
    int items = 60;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--candidates" -> candidates = Integer.parseInt(args[i + 1]);
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String loadBefore = ResultsBlock.loadAverage();
    SplittableRandom random = new SplittableRandom(20261207L);
    byte[] cells = new byte[candidates * items];
    int[] group = new int[candidates];
    double[] b = new double[items];
    for (int j = 0; j < items; j++) {
      b[j] = -2 + 4.0 * j / (items - 1);
    }
    for (int c = 0; c < candidates; c++) {
      group[c] = c % 3 == 0 ? 1 : 0;
      double theta =
          (group[c] == 1 ? -0.2 : 0)
              + Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                  * Math.cos(2 * Math.PI * random.nextDouble());
      for (int j = 0; j < items; j++) {
        double shift = group[c] == 1 && planted(j, items) ? 0.5 : 0;
        double p = 1 / (1 + Math.exp(-(theta - b[j] - shift)));
        cells[c * items + j] = (byte) (random.nextDouble() < p ? 1 : 0);
      }
    }
    Responses responses = Responses.wrap(cells, candidates, items);
    double[] times = new double[3];
    List<Dif.Result> last = null;
    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      last = Dif.analyse(responses, group);
      times[run] = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "run %d: %.2f s%n", run + 1, times[run]);
    }
    Arrays.sort(times);
    long[] classes = new long[3];
    StringBuilder notA = new StringBuilder();
    for (Dif.Result r : last) {
      String ets = r.mantelHaenszel().ets();
      classes[ets.charAt(0) - 'A']++;
      if (!"A".equals(ets)) {
        notA.append(notA.isEmpty() ? "" : ", ")
            .append(r.item() + 1)
            .append(" (")
            .append(ets)
            .append(')');
      }
    }
    String report =
        String.format(
                Locale.ROOT,
                "## DIF at national size (`benchmarks/run dif`)%n%n"
                    + "Measured %s; nothing else ran on the machine, load average before %s, after"
                    + " %s.%n%n",
                Instant.now().truncatedTo(ChronoUnit.MINUTES),
                loadBefore,
                ResultsBlock.loadAverage())
            + ResultsBlock.machine().stripTrailing()
            + String.format(
                Locale.ROOT,
                "%n- Data: %,d candidates × %d Rasch items (a focal third 0.2 θ weaker; 3 items"
                    + " 0.5 harder for it).%n%n| figure | value |%n|---|---|%n"
                    + "| Mantel–Haenszel + 3 logistic regressions for every item (scoring-core"
                    + " `Dif.analyse`) | %.2f s (median of 3; %.2f–%.2f) |%n"
                    + "| ETS classes A / B / C | %d / %d / %d; not A: items %s (planted: %s, each"
                    + " 0.5 logit, Δ about −1.2) |%n",
                candidates,
                items,
                times[1],
                times[0],
                times[2],
                classes[0],
                classes[1],
                classes[2],
                notA,
                (8) + ", " + (8 + items / 3) + ", " + (8 + 2 * items / 3));
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
  }
}
