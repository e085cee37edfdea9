package kg.exam.command.bank;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.contract.bank.Blueprint;
import kg.exam.contract.bank.FormsAssembled;

/**
 * Automated test assembly as a 0-1 program solved by OR-Tools' CP-SAT: one boolean per item and
 * form; per form the exact item count, each blueprint row's and item type's range and the total
 * time; enemies never together; no item on two forms (or at most {@code maxSharedItems} shared
 * between two forms). The objective is the distance of each form's test information from the target
 * curve (Σ |I_f(θ_k) − T_k|), or, without a target, the spread between the forms' information at θ
 * = −1, 0, 1, which makes them parallel. Information is in thousandths, rounded, so the model is
 * integral. Plain Java: the benchmarks run it on a simulated bank.
 */
public final class FormAssembler {
  /** The solver's name and version, as recorded. */
  public static final String SOLVER =
      "OR-Tools CP-SAT " + Loader.class.getPackage().getImplementationVersion();

  private static final double[] PARALLEL_THETAS = {-1, 0, 1};
  private static volatile boolean loaded;

  private FormAssembler() {}

  /**
   * An item the forms may take.
   *
   * @param covers every {@code framework:code} the item names and every code above them
   * @param seconds expected time
   * @param a discrimination, or null when uncalibrated
   * @param b difficulty, or null
   * @param c guessing (0 but under 3PL)
   * @param thresholds step difficulties of a polytomous item (empty for a dichotomous one)
   * @param enemies ids of items it must not share a form with (either side may name the other)
   */
  public record Candidate(
      String itemId,
      int version,
      Set<String> covers,
      String cognitiveLevel,
      String type,
      int seconds,
      Double a,
      Double b,
      double c,
      List<Double> thresholds,
      Set<String> enemies) {

    boolean fits(Blueprint.BlueprintRow row) {
      return covers.contains(row.frameworkId() + ":" + row.code())
          && (row.cognitiveLevel() == null || row.cognitiveLevel().equals(cognitiveLevel));
    }

    /** Fisher information at θ (0 when uncalibrated). */
    double information(double theta) {
      if (a == null || b == null) {
        return 0;
      }
      if (!thresholds.isEmpty()) {
        // generalized partial credit: a² Var(X | θ)
        double[] logits = new double[thresholds.size() + 1];
        double max = 0;
        for (int x = 1; x < logits.length; x++) {
          logits[x] = logits[x - 1] + a * (theta - thresholds.get(x - 1));
          max = Math.max(max, logits[x]);
        }
        double sum = 0;
        double mean = 0;
        double square = 0;
        for (int x = 0; x < logits.length; x++) {
          double p = Math.exp(logits[x] - max);
          sum += p;
          mean += x * p;
          square += (double) x * x * p;
        }
        mean /= sum;
        square /= sum;
        return a * a * (square - mean * mean);
      }
      double logistic = 1 / (1 + Math.exp(-a * (theta - b)));
      double p = c + (1 - c) * logistic;
      double q = 1 - p;
      return p <= 0 || q <= 0 ? 0 : a * a * (q / p) * Math.pow((p - c) / (1 - c), 2);
    }
  }

  /**
   * The forms (items in blueprint order), their information at {@code thetas}, the solver's result.
   */
  public record Result(
      List<List<Candidate>> forms,
      double[] thetas,
      List<List<Double>> information,
      FormsAssembled.SolverResult solver) {}

  /** No forms: the blueprint cannot be met, or nothing was found in the time allowed. */
  public static final class NoForms extends Exception {
    NoForms(String message) {
      super(message);
    }
  }

  /**
   * The size of the model: the terms of its linear constraints, which its memory and the time to
   * build it follow. A blueprint over a large bank is refused above a budget before it is built.
   */
  public static long terms(Blueprint blueprint, int items) {
    long perForm = (long) items * (blueprint.content().size() + blueprint.types().size() + 3);
    long information = 2L * items * Math.max(3, blueprint.information().size());
    long sharing =
        blueprint.forms() > 1
                && blueprint.maxSharedItems() > 0
                && blueprint.maxSharedItems() < blueprint.itemsPerForm()
            ? 4L * items * blueprint.forms() * (blueprint.forms() - 1) / 2
            : (long) items * blueprint.forms();
    return blueprint.forms() * (perForm + information) + sharing;
  }

  /** Assembles the blueprint's forms from {@code items} with {@code workers} search workers. */
  public static Result assemble(Blueprint blueprint, List<Candidate> items, int workers)
      throws NoForms {
    load();
    int forms = blueprint.forms();
    int n = items.size();
    CpModel model = new CpModel();
    BoolVar[][] x = new BoolVar[forms][n];
    for (int f = 0; f < forms; f++) {
      for (int i = 0; i < n; i++) {
        x[f][i] = model.newBoolVar("");
      }
    }
    int[] seconds = items.stream().mapToInt(Candidate::seconds).toArray();
    for (int f = 0; f < forms; f++) {
      model.addEquality(LinearExpr.sum(x[f]), blueprint.itemsPerForm());
      for (Blueprint.BlueprintRow row : blueprint.content()) {
        List<BoolVar> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (items.get(i).fits(row)) {
            members.add(x[f][i]);
          }
        }
        model.addLinearConstraint(
            LinearExpr.sum(members.toArray(BoolVar[]::new)), row.min(), row.max());
      }
      for (Blueprint.TypeRange type : blueprint.types()) {
        List<BoolVar> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (items.get(i).type().equals(type.type())) {
            members.add(x[f][i]);
          }
        }
        model.addLinearConstraint(
            LinearExpr.sum(members.toArray(BoolVar[]::new)), type.min(), type.max());
      }
      if (blueprint.maxMinutes() != null) {
        model.addLessOrEqual(
            LinearExpr.weightedSum(x[f], longs(seconds)), blueprint.maxMinutes() * 60L);
      }
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      index.put(items.get(i).itemId(), i);
    }
    for (int i = 0; i < n; i++) {
      for (String enemy : items.get(i).enemies()) {
        Integer j = index.get(enemy);
        if (j != null && j != i) {
          for (int f = 0; f < forms; f++) {
            model.addLessOrEqual(LinearExpr.sum(new BoolVar[] {x[f][i], x[f][j]}), 1);
          }
        }
      }
    }
    if (forms > 1) {
      if (blueprint.maxSharedItems() == 0) {
        for (int i = 0; i < n; i++) {
          BoolVar[] across = new BoolVar[forms];
          for (int f = 0; f < forms; f++) {
            across[f] = x[f][i];
          }
          model.addAtMostOne(across);
        }
      } else if (blueprint.maxSharedItems() < blueprint.itemsPerForm()) {
        // (sharing up to a whole form needs no constraint at all)
        for (int f = 0; f < forms; f++) {
          for (int g = f + 1; g < forms; g++) {
            BoolVar[] shared = new BoolVar[n];
            for (int i = 0; i < n; i++) {
              shared[i] = model.newBoolVar("");
              // shared ≥ x_f + x_g − 1: an item on both forms counts
              model.addGreaterOrEqual(
                  LinearExpr.newBuilder().add(shared[i]).addTerm(x[f][i], -1).addTerm(x[g][i], -1),
                  -1);
            }
            model.addLessOrEqual(LinearExpr.sum(shared), blueprint.maxSharedItems());
          }
        }
      }
    }

    boolean target = !blueprint.information().isEmpty();
    double[] thetas =
        target
            ? blueprint.information().stream()
                .mapToDouble(Blueprint.InformationTarget::theta)
                .toArray()
            : PARALLEL_THETAS;
    long[][] info = new long[thetas.length][n];
    boolean calibrated = false;
    for (int k = 0; k < thetas.length; k++) {
      for (int i = 0; i < n; i++) {
        info[k][i] = Math.round(1000 * items.get(i).information(thetas[k]));
        calibrated |= info[k][i] > 0;
      }
    }
    // no form holds more information than all items together, nor is any target larger
    long bound = 1;
    for (long[] row : info) {
      bound = Math.max(bound, java.util.Arrays.stream(row).sum() + 1);
    }
    for (Blueprint.InformationTarget t : blueprint.information()) {
      bound = Math.max(bound, Math.round(1000 * t.information()) + 1);
    }
    LinearExprBuilder objective = LinearExpr.newBuilder();
    if (target) {
      for (int f = 0; f < forms; f++) {
        for (int k = 0; k < thetas.length; k++) {
          long wanted = Math.round(1000 * blueprint.information().get(k).information());
          IntVar d = model.newIntVar(0, bound, "");
          LinearExpr sum = LinearExpr.weightedSum(x[f], info[k]);
          // d ≥ |Σ info − wanted|
          model.addGreaterOrEqual(LinearExpr.newBuilder().add(d).addTerm(sum, -1), -wanted);
          model.addGreaterOrEqual(LinearExpr.newBuilder().add(d).add(sum), wanted);
          objective.add(d);
        }
      }
    } else if (forms > 1 && calibrated) {
      for (int k = 0; k < thetas.length; k++) {
        IntVar high = model.newIntVar(0, bound, "");
        IntVar low = model.newIntVar(0, bound, "");
        for (int f = 0; f < forms; f++) {
          LinearExpr sum = LinearExpr.weightedSum(x[f], info[k]);
          model.addGreaterOrEqual(LinearExpr.newBuilder().add(high).addTerm(sum, -1), 0);
          model.addLessOrEqual(LinearExpr.newBuilder().add(low).addTerm(sum, -1), 0);
        }
        objective.add(high).addTerm(low, -1);
      }
    }
    boolean optimising = target || (forms > 1 && calibrated);
    if (optimising) {
      model.minimize(objective);
    }

    CpSolver solver = new CpSolver();
    int seconds0 = blueprint.timeLimitSeconds() == 0 ? 10 : blueprint.timeLimitSeconds();
    solver.getParameters().setMaxTimeInSeconds(seconds0);
    solver.getParameters().setNumWorkers(Math.max(1, workers));
    solver.getParameters().setRandomSeed(1);
    double[] first = {-1, 0};
    boolean objectiveSet = optimising;
    CpSolverSolutionCallback firstSolution =
        new CpSolverSolutionCallback() {
          @Override
          public void onSolutionCallback() {
            if (first[0] < 0) {
              first[0] = wallTime();
              first[1] = objectiveSet ? objectiveValue() : 0;
            }
          }
        };
    CpSolverStatus status = solver.solve(model, firstSolution);
    if (status == CpSolverStatus.INFEASIBLE) {
      throw new NoForms(
          "no set of forms meets the blueprint with the "
              + n
              + " eligible items (proved by the solver)");
    }
    if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
      throw new NoForms(
          "the solver found no set of forms within " + seconds0 + " s (" + status + ")");
    }
    List<List<Candidate>> chosen = new ArrayList<>();
    List<List<Double>> information = new ArrayList<>();
    for (int f = 0; f < forms; f++) {
      List<Candidate> form = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (solver.booleanValue(x[f][i])) {
          form.add(items.get(i));
        }
      }
      chosen.add(form);
      List<Double> at = new ArrayList<>();
      for (double theta : thetas) {
        at.add(Math.round(form.stream().mapToDouble(c -> c.information(theta)).sum() * 1e4) / 1e4);
      }
      information.add(at);
    }
    FormsAssembled.SolverResult result =
        new FormsAssembled.SolverResult(
            "OR-Tools CP-SAT " + com.google.ortools.init.OrToolsVersion.getVersionString(),
            status.name(),
            optimising ? solver.objectiveValue() : 0,
            optimising ? solver.bestObjectiveBound() : 0,
            first[1],
            n,
            Math.max(0, first[0]),
            solver.wallTime(),
            Math.max(1, workers));
    return new Result(chosen, thetas, information, result);
  }

  private static long[] longs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static void load() {
    if (!loaded) {
      synchronized (FormAssembler.class) {
        if (!loaded) {
          Loader.loadNativeLibraries();
          loaded = true;
        }
      }
    }
  }
}
