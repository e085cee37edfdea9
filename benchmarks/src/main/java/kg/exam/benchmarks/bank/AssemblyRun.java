package kg.exam.benchmarks.bank;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.command.bank.FormAssembler;
import kg.exam.contract.bank.Blueprint;

/**
 * Form assembly at national size, timed (issue 13): four parallel 60-item forms from a simulated
 * 5,000-item bank with OR-Tools CP-SAT ({@link FormAssembler}, as {@code POST /api/bank/assemblies}
 * runs it): time to the first feasible set of forms, to the best found and whether it was proved
 * optimal, with a target information curve and without one (forms alike). Beside it, a greedy
 * heuristic on the same blueprint (each form in turn takes the item that brings its information
 * closest to the target, within the rows' maxima), the kind of home-made method the solver
 * replaces.
 *
 * <p>Usage: {@code AssemblyRun RESULTS.md [--items 5000] [--forms 4] [--length 60] [--seconds 60]}
 */
public final class AssemblyRun {
  static final String START_MARKER =
      "<!-- assembly: start (benchmarks/run assembly rewrites this block) -->";
  static final String END_MARKER = "<!-- assembly: end -->";
  static final String FW = "kg-ict-teachers";

  private AssemblyRun() {}

  /**
   * A bank shaped like the ICT framework: 11 competencies × 3 levels; 2PL parameters; one item in
   * ten a matching item; one in twenty paired with an enemy.
   */
  static List<FormAssembler.Candidate> bank(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<FormAssembler.Candidate> items = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      int competency = i % 11;
      int level = (i / 11) % 3 + 1;
      String code = (competency / 2 + 1) + "." + (competency % 2 + 1);
      String leaf = code + "." + level;
      Set<String> covers =
          Set.of(FW + ":" + leaf, FW + ":" + code, FW + ":" + code.substring(0, 1));
      boolean matching = i % 10 == 0;
      items.add(
          new FormAssembler.Candidate(
              String.format("ict-%05d", i),
              1,
              covers,
              level == 3 ? "ANALYSE" : "APPLY",
              matching ? "MATCHING" : "SINGLE_CHOICE",
              matching ? 120 : 60,
              0.5 + 1.5 * random.nextDouble(),
              (level - 2) * 0.8 + random.nextDouble() * 2 - 1,
              0,
              List.of(),
              new HashSet<>()));
    }
    for (int i = 0; i + 1 < size; i += 20) {
      items.get(i).enemies().add(items.get(i + 1).itemId());
      items.get(i + 1).enemies().add(items.get(i).itemId());
    }
    return items;
  }

  static Blueprint blueprint(int forms, int length, boolean target, int seconds) {
    List<Blueprint.BlueprintRow> rows = new ArrayList<>();
    // each of the 6 aspects a sixth of the form, give or take one; each level a third, give or take
    // 2
    for (int aspect = 1; aspect <= 6; aspect++) {
      rows.add(
          new Blueprint.BlueprintRow(
              FW, String.valueOf(aspect), null, length / 6 - 1, length / 6 + 1));
    }
    rows.add(new Blueprint.BlueprintRow(FW, "1", "ANALYSE", 1, length / 6));
    List<Blueprint.InformationTarget> information =
        target
            ? List.of(
                new Blueprint.InformationTarget(-1.5, 0.18 * length),
                new Blueprint.InformationTarget(-0.5, 0.25 * length),
                new Blueprint.InformationTarget(0.5, 0.25 * length),
                new Blueprint.InformationTarget(1.5, 0.18 * length))
            : List.of();
    return new Blueprint(
        "ICT",
        null,
        List.of("ky", "ru"),
        forms,
        length,
        rows,
        List.of(new Blueprint.TypeRange("MATCHING", 3, 8)),
        length + 10,
        null,
        null,
        information,
        0,
        null,
        seconds);
  }

  /** What a greedy heuristic reaches: Σ |I − T| over forms and θ, or -1 when it breaks a row. */
  static double greedy(Blueprint blueprint, List<FormAssembler.Candidate> items, double[] thetas) {
    Set<String> used = new HashSet<>();
    double distance = 0;
    for (int f = 0; f < blueprint.forms(); f++) {
      List<FormAssembler.Candidate> form = new ArrayList<>();
      double[] info = new double[thetas.length];
      int seconds = 0;
      while (form.size() < blueprint.itemsPerForm()) {
        FormAssembler.Candidate best = null;
        double bestDistance = Double.MAX_VALUE;
        for (FormAssembler.Candidate c : items) {
          if (used.contains(c.itemId())
              || form.stream().anyMatch(o -> c.enemies().contains(o.itemId()))
              || seconds + c.seconds() > blueprint.maxMinutes() * 60
              || !withinMaxima(blueprint, form, c)) {
            continue;
          }
          double d = 0;
          for (int k = 0; k < thetas.length; k++) {
            d +=
                Math.abs(
                    info[k]
                        + information(c, thetas[k])
                        - blueprint.information().get(k).information());
          }
          if (d < bestDistance) {
            bestDistance = d;
            best = c;
          }
        }
        if (best == null) {
          return -1;
        }
        form.add(best);
        used.add(best.itemId());
        seconds += best.seconds();
        for (int k = 0; k < thetas.length; k++) {
          info[k] += information(best, thetas[k]);
        }
      }
      for (Blueprint.BlueprintRow row : blueprint.content()) {
        long n = form.stream().filter(c -> fits(c, row)).count();
        if (n < row.min()) {
          return -1;
        }
      }
      for (Blueprint.TypeRange t : blueprint.types()) {
        long n = form.stream().filter(c -> c.type().equals(t.type())).count();
        if (n < t.min()) {
          return -1;
        }
      }
      for (int k = 0; k < thetas.length; k++) {
        distance += Math.abs(info[k] - blueprint.information().get(k).information());
      }
    }
    return distance;
  }

  private static boolean withinMaxima(
      Blueprint blueprint, List<FormAssembler.Candidate> form, FormAssembler.Candidate c) {
    for (Blueprint.BlueprintRow row : blueprint.content()) {
      if (fits(c, row) && form.stream().filter(o -> fits(o, row)).count() >= row.max()) {
        return false;
      }
    }
    for (Blueprint.TypeRange t : blueprint.types()) {
      if (c.type().equals(t.type())
          && form.stream().filter(o -> o.type().equals(t.type())).count() >= t.max()) {
        return false;
      }
    }
    return true;
  }

  private static boolean fits(FormAssembler.Candidate c, Blueprint.BlueprintRow row) {
    return c.covers().contains(row.frameworkId() + ":" + row.code())
        && (row.cognitiveLevel() == null || row.cognitiveLevel().equals(c.cognitiveLevel()));
  }

  private static double information(FormAssembler.Candidate c, double theta) {
    double p = 1 / (1 + Math.exp(-c.a() * (theta - c.b())));
    return c.a() * c.a() * p * (1 - p);
  }

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int size = 5_000;
    int forms = 4;
    int length = 60;
    int seconds = 60;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--items" -> size = Integer.parseInt(args[i + 1]);
        case "--forms" -> forms = Integer.parseInt(args[i + 1]);
        case "--length" -> length = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    String loadBefore = ResultsBlock.loadAverage();
    int workers = Runtime.getRuntime().availableProcessors();
    List<FormAssembler.Candidate> bank = bank(size, 20261207L);
    StringBuilder rows = new StringBuilder();
    for (boolean target : new boolean[] {true, false}) {
      Blueprint blueprint = blueprint(forms, length, target, seconds);
      long start = System.nanoTime();
      FormAssembler.Result r = FormAssembler.assemble(blueprint, bank, workers);
      double wall = (System.nanoTime() - start) / 1e9;
      double spread = 0;
      for (int k = 0; k < r.thetas().length; k++) {
        double hi = -1e9;
        double lo = 1e9;
        for (List<Double> info : r.information()) {
          hi = Math.max(hi, info.get(k));
          lo = Math.min(lo, info.get(k));
        }
        spread = Math.max(spread, hi - lo);
      }
      String greedy = "—";
      if (target) {
        double g = greedy(blueprint, bank, r.thetas());
        greedy =
            g < 0 ? "breaks a row's minimum" : String.format(Locale.ROOT, "Σ\\|I − T\\| = %.3f", g);
      }
      System.out.printf(
          Locale.ROOT,
          "%s: %s first %.2f s, ran %.2f s, objective %.0f, bound %.0f, greedy %s%n",
          target ? "target" : "parallel",
          r.solver().status(),
          r.solver().firstSolutionSeconds(),
          r.solver().seconds(),
          r.solver().objective(),
          r.solver().bestBound(),
          greedy);
      rows.append(
          String.format(
              Locale.ROOT,
              "| %s | %.2f s (%.3f) | %.2f s (limit %d s) | %s | %s | %.3f | %s |%n",
              target
                  ? "target information at θ = −1.5, −0.5, 0.5, 1.5 (Σ over 4 forms × 4 points)"
                  : "no target: forms alike at θ = −1, 0, 1 (Σ of the 3 spreads)",
              r.solver().firstSolutionSeconds(),
              r.solver().firstObjective() / 1000,
              wall,
              seconds,
              r.solver().status(),
              target
                  ? String.format(
                      Locale.ROOT,
                      "Σ\\|I − T\\| = %.3f (bound %.3f)",
                      r.solver().objective() / 1000,
                      r.solver().bestBound() / 1000)
                  : String.format(
                      Locale.ROOT,
                      "Σ spread = %.3f (bound %.3f)",
                      r.solver().objective() / 1000,
                      r.solver().bestBound() / 1000),
              spread,
              greedy));
    }
    String report =
        String.format(
                Locale.ROOT,
                "## Form assembly from the bank (`benchmarks/run assembly`)%n%n"
                    + "Measured %s; nothing else ran on the machine, load average before %s, after"
                    + " %s.%n%n",
                Instant.now().truncatedTo(ChronoUnit.MINUTES),
                loadBefore,
                ResultsBlock.loadAverage())
            + ResultsBlock.machine().stripTrailing()
            + String.format(
                Locale.ROOT,
                "%n- Bank: %,d simulated approved items shaped like the ICT framework (11"
                    + " competencies × 3 levels, 2PL a in [0.5, 2], b by level ± 1, one in ten"
                    + " matching, one in twenty with an enemy).%n"
                    + "- Blueprint: %d parallel forms of %d items, no item shared; each of the 6"
                    + " aspects %d–%d items, aspect 1 at ANALYSE 1–%d, 3–8 matching items, at most"
                    + " %d minutes; %s, %d search workers.%n%n"
                    + "| objective | first feasible (its objective) | ran | status | reached | largest spread"
                    + " between forms (information) | greedy heuristic, same blueprint |%n"
                    + "|---|---|---|---|---|---|---|%n",
                size,
                forms,
                length,
                length / 6 - 1,
                length / 6 + 1,
                length / 6,
                length + 10,
                "OR-Tools CP-SAT (FormAssembler, as POST /api/bank/assemblies)",
                workers)
            + rows;
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
  }
}
