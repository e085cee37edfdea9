package kg.exam.contract.bank;

import java.util.List;

/**
 * Parallel forms were assembled from approved bank items to a blueprint: the forms (each item
 * pinned to the version taken), the blueprint and the solver's result, recorded once.
 */
public record FormsAssembled(
    String assemblyId,
    Blueprint blueprint,
    List<Form> forms,
    SolverResult solver,
    String assembledBy) {

  public FormsAssembled {
    forms = forms == null ? List.of() : List.copyOf(forms);
  }

  /**
   * One form.
   *
   * @param form its number, 1..
   * @param items its items in item id order, each with the bank version taken
   * @param expectedSeconds the items' expected time
   * @param information test information at each θ of the blueprint's target (or −1, 0, 1), from the
   *     items' latest calibrations
   */
  public record Form(
      int form, List<FormItem> items, int expectedSeconds, List<Double> information) {
    public Form {
      items = items == null ? List.of() : List.copyOf(items);
      information = information == null ? List.of() : List.copyOf(information);
    }
  }

  /** A bank item and the version a form took. */
  public record FormItem(String itemId, int version) {}

  /**
   * What the solver did.
   *
   * @param solver name and version, e.g. {@code OR-Tools CP-SAT 9.14.6206}
   * @param status OPTIMAL (proved best) or FEASIBLE (the best found in the time allowed)
   * @param objective the objective reached: Σ |information − target| over forms and θ points (or
   *     the spread between forms), in thousandths
   * @param bestBound the best bound proved on it; equal to it when OPTIMAL
   * @param firstObjective the objective of the first set of forms found
   * @param eligibleItems the bank items that could be taken
   * @param firstSolutionSeconds time to the first form set found
   * @param seconds time the solver ran
   * @param workers search workers
   */
  public record SolverResult(
      String solver,
      String status,
      double objective,
      double bestBound,
      double firstObjective,
      int eligibleItems,
      double firstSolutionSeconds,
      double seconds,
      int workers) {}
}
