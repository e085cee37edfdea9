package kg.exam.client.simulate;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import kg.exam.client.ServerProblem;

/**
 * {@code simulate}: N virtual candidates sit an exam against the command side or a school exam
 * station (the same candidate API), with latencies per request kind and errors by problem type. The
 * engine's load generator. Exit status 0 when the error rate is within {@code --max-error-percent}
 * and every acknowledged answer is held by the server at the end; 1 otherwise; 2 for bad input
 * (arguments, slip file, provisioning refused or server unreachable), reported in one line.
 * Options: {@link SimulationOptions#USAGE} and exam-client/README.md.
 */
public final class SimulateCli {
  private SimulateCli() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs a simulation; returns the exit status. Progress goes to {@code err}, the report out. */
  public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(SimulationOptions.USAGE);
      return 0;
    }
    SimulationOptions options;
    try {
      options = SimulationOptions.parse(args, env);
    } catch (SimulationOptions.UsageException e) {
      err.println("simulate: " + e.getMessage() + " (simulate --help for the options)");
      return 2;
    }
    List<Slips.Slip> slips;
    try {
      slips = slips(options, err);
    } catch (Slips.BadSlipFile e) {
      err.println("simulate: " + e.getMessage());
      return 2;
    } catch (ServerProblem | UncheckedIOException e) {
      err.println(
          "simulate: provisioning on " + options.server() + " failed: " + oneLine(e.getMessage()));
      return 2;
    } catch (IOException e) {
      err.println("simulate: " + oneLine(e.getMessage()));
      return 2;
    }
    SimulationReport report;
    try {
      report = new Simulation(options, slips, err, null).run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("simulate: interrupted");
      return 1;
    }
    report.print(out);
    return report.passed() ? 0 : 1;
  }

  private static List<Slips.Slip> slips(SimulationOptions options, PrintStream err)
      throws Slips.BadSlipFile, IOException {
    if (!options.provision()) {
      List<Slips.Slip> all = Slips.read(options.slips());
      if (options.candidates() > all.size()) {
        throw new Slips.BadSlipFile(
            options.slips()
                + ":"
                + all.size()
                + ": "
                + all.size()
                + " slips, fewer than --candidates "
                + options.candidates());
      }
      return options.candidates() == 0 ? all : all.subList(0, options.candidates());
    }
    String runId =
        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC))
            + "-"
            + HexFormat.of().toHexDigits((short) new SecureRandom().nextInt());
    Provisioner.Provisioned p =
        new Provisioner(
                options.server(),
                options.adminAccount(),
                options.adminPassword(),
                options.requestTimeout())
            .provision(
                runId,
                options.examContent(),
                options.centreId(),
                options.schools(),
                options.candidates());
    err.printf(
        "simulate: provisioned exam %s, session %s, %d candidates%n",
        p.examId(), p.sessionId(), p.slips().size());
    if (options.writeSlips() != null) {
      Slips.write(options.writeSlips(), p.slips());
      err.println("simulate: slips written to " + options.writeSlips() + " (mode 600)");
    }
    return p.slips();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }
}
