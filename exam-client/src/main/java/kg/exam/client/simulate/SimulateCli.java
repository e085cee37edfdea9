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
    if (options.provision() && options.writeSlips() != null) {
      // slips written for another place (a school's station): provision only, sit nothing here,
      // or the sittings would be started on the command side before the station could start them
      try {
        Provisioner.Provisioned p = provision(options, err);
        out.printf(
            "provisioned session %s with %d candidates; slips in %s. Nothing was sat: sit them"
                + " where they sit, e.g. simulate --server http://<station>:8090 --slips %s%n",
            p.sessionId(), p.slips().size(), options.writeSlips(), options.writeSlips());
        return 0;
      } catch (ServerProblem | UncheckedIOException e) {
        err.println(
            "simulate: provisioning on "
                + options.server()
                + " failed: "
                + oneLine(e.getMessage()));
        return 2;
      } catch (IOException e) {
        err.println("simulate: " + oneLine(e.getMessage()));
        return 2;
      }
    }
    SimulationReport report;
    try {
      report = simulate(args, env, err, null);
    } catch (BadInput e) {
      err.println("simulate: " + e.getMessage());
      return 2;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("simulate: interrupted");
      return 1;
    }
    report.print(out);
    return report.passed() ? 0 : 1;
  }

  /** Bad input: arguments, the slip file, or provisioning refused; the message is one line. */
  public static final class BadInput extends Exception {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  /**
   * A simulation for programs (the projection benchmark): the command line's arguments, progress
   * lines to {@code progress}, and every acknowledged answer told to {@code listener} (or null).
   */
  public static SimulationReport simulate(
      String[] args, Map<String, String> env, PrintStream progress, AnswerListener listener)
      throws BadInput, InterruptedException {
    SimulationOptions options;
    try {
      options = SimulationOptions.parse(args, env);
    } catch (SimulationOptions.UsageException e) {
      throw new BadInput(e.getMessage() + " (simulate --help for the options)");
    }
    Provisioner.Provisioned provisioned = null;
    List<Slips.Slip> slips;
    try {
      if (options.provision()) {
        provisioned = provision(options, progress);
        slips = provisioned.slips();
      } else {
        slips = slips(options);
      }
    } catch (Slips.BadSlipFile e) {
      throw new BadInput(e.getMessage());
    } catch (ServerProblem | UncheckedIOException e) {
      throw new BadInput(
          "provisioning on " + options.server() + " failed: " + oneLine(e.getMessage()));
    } catch (IOException e) {
      throw new BadInput(oneLine(e.getMessage()));
    }
    return new Simulation(
            options,
            provisioned == null ? null : provisioned.sessionId(),
            slips,
            progress,
            listener)
        .run();
  }

  private static List<Slips.Slip> slips(SimulationOptions options) throws Slips.BadSlipFile {
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

  private static Provisioner.Provisioned provision(SimulationOptions options, PrintStream err)
      throws IOException {
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
                options.picture(),
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
    return p;
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").strip();
  }
}
