package kg.exam.benchmarks.fuzz;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.benchmarks.trust.ResultsBlock;

/**
 * {@code benchmarks/run fuzz-api [--requests N] [--seed S]}: the OpenAPI-driven fuzzer ({@link
 * ApiFuzzer}) against both services, started real in this JVM ({@link FuzzTargets}), at least N
 * generated requests each (default 10,000). Prints every finding, rewrites its block of RESULTS.md,
 * and exits 1 when there is any.
 */
public final class ApiFuzzRun {
  static final String START = "<!-- fuzz-api: start";
  static final String END = "<!-- fuzz-api: end -->";

  /** The block's first line (the writer finds the block by it and writes it). */
  static final String START_LINE =
      START
          + " (this block is rewritten by benchmarks/run fuzz-api; the rest of the file is kept) -->";

  private ApiFuzzRun() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args[0]);
    int requests = 10_000;
    long seed = 1;
    String services = "both";
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--requests" -> requests = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--services" -> services = args[++i];
        default -> {
          System.err.println(
              "fuzz-api: unknown option "
                  + args[i]
                  + " (--requests N --seed S --services both|command|query)");
          System.exit(2);
        }
      }
    }
    List<ApiFuzzer.Report> reports = new java.util.ArrayList<>();
    String load;
    try (FuzzTargets targets = FuzzTargets.start()) {
      if (!services.equals("query")) {
        reports.add(targets.commandSide().run(requests, seed));
      }
      if (!services.equals("command")) {
        reports.add(targets.querySide().run(requests, seed));
      }
      load = ResultsBlock.loadAverage();
    }
    for (ApiFuzzer.Report r : reports) {
      r.findings().forEach(f -> System.out.println(r.service() + ": " + f.describe()));
    }
    String block = block(reports, requests, seed, load);
    System.out.println(block);
    ResultsBlock.write(results, START_LINE, END, block);
    System.out.println("written to " + results);
    System.exit(reports.stream().allMatch(r -> r.findings().isEmpty()) ? 0 : 1);
  }

  static String block(List<ApiFuzzer.Report> reports, int requests, long seed, String load)
      throws java.io.IOException {
    StringBuilder b = new StringBuilder();
    b.append("### OpenAPI-driven fuzzing of ")
        .append(reports.size() == 2 ? "both services" : "the " + reports.getFirst().service())
        .append("\n\n");
    b.append("Run ")
        .append(Instant.now().toString(), 0, 19)
        .append("Z on this machine (below; load average at the end ")
        .append(load)
        .append(
            "). Tcases 4.1.1 generated the requests from each service's own `/v3/api-docs`: for every")
        .append(
            " operation valid requests and requests with one invalid input each, resolved again with")
        .append(" seeds ")
        .append(seed)
        .append(", ")
        .append(seed + 1)
        .append(", … into new values until at least ")
        .append(requests)
        .append(
            " requests per service were sent, each operation as the first caller allowed to call")
        .append(
            " it. EvoMaster, the reference tool, cannot run here: its core is published only on")
        .append(" GitHub and PyPI, neither reachable from this machine (Maven Central has only its")
        .append(" client libraries).\n\n");
    b.append("| service | operations | requests | invalid cases | invalid accepted (2xx) | 5xx |")
        .append(" errors without a problem type | refused requests that changed state | statuses |")
        .append(" time |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (ApiFuzzer.Report r : reports) {
      b.append("| ")
          .append(r.service())
          .append(" | ")
          .append(r.operations())
          .append(r.skipped().isEmpty() ? "" : " (" + r.skipped().size() + " not modelled)")
          .append(" | ")
          .append(r.requests())
          .append(" | ")
          .append(r.invalidCases())
          .append(" | ")
          .append(r.invalidAccepted())
          .append(" | ")
          .append(r.count(ApiFuzzer.SERVER_ERROR))
          .append(" | ")
          .append(r.count(ApiFuzzer.UNTYPED_ERROR))
          .append(" | ")
          .append(r.count(ApiFuzzer.STATE_CHANGED))
          .append(" | ")
          .append(statuses(r.statuses()))
          .append(" | ")
          .append(r.took().toSeconds())
          .append(" s |\n");
    }
    for (ApiFuzzer.Report r : reports) {
      for (String s : r.skipped()) {
        b.append("\nNot modelled (").append(r.service()).append("): ").append(s);
      }
    }
    b.append(
        "\n\nAn invalid case answered 2xx is not a failure by itself: Tcases counts e.g. an extra"
            + " property as invalid where the API ignores it by design. The CI pass"
            + " (`ApiFuzzTest`, 1,000 requests per service) asserts the same three zeros.\n\n");
    b.append(ResultsBlock.machine());
    return b.toString();
  }

  private static String statuses(Map<Integer, Integer> statuses) {
    StringBuilder s = new StringBuilder();
    statuses.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
    return s.toString();
  }
}
