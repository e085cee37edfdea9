package kg.exam.client.audit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code verify [--threads N] [--quiet] [--trusted-key KEYID]... BUNDLE.zip}: checks an audit
 * bundle offline; with {@code --trusted-key}, only seals and tree heads by those keys (known out of
 * band) are accepted, whatever the bundled registry says. Exit status 0 when everything holds; 1
 * with the first failure and where (sitting, event, field) when not; 2 for a usage error or an
 * unreadable file.
 */
public final class VerifyCli {
  private VerifyCli() {}

  /** Runs the verifier and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the verifier; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    int threads = Runtime.getRuntime().availableProcessors();
    boolean quiet = false;
    java.util.Set<String> trusted = new java.util.HashSet<>();
    Path bundle = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> {
          if (i + 1 >= args.length) {
            return usage(err);
          }
          try {
            threads = Integer.parseInt(args[++i]);
          } catch (NumberFormatException e) {
            return usage(err);
          }
          if (threads < 1) {
            return usage(err);
          }
        }
        case "--quiet" -> quiet = true;
        case "--trusted-key" -> {
          if (i + 1 >= args.length) {
            return usage(err);
          }
          trusted.add(args[++i]);
        }
        default -> {
          if (bundle != null || args[i].startsWith("--")) {
            return usage(err);
          }
          bundle = Path.of(args[i]);
        }
      }
    }
    if (bundle == null) {
      return usage(err);
    }
    if (!Files.isRegularFile(bundle)) {
      err.println("verify: no such file: " + bundle);
      return 2;
    }
    boolean showProgress = !quiet;
    long started = System.nanoTime();
    BundleVerifier verifier =
        new BundleVerifier(
            threads,
            n -> {
              if (showProgress) {
                err.println("verify: " + n + " sittings checked");
              }
            },
            trusted);
    VerificationReport report;
    try {
      report = verifier.verify(bundle);
    } catch (java.io.IOException e) {
      err.println("verify: cannot read " + bundle + ": " + e.getMessage());
      return 2;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (report.ok()) {
      out.printf(
          "OK: %s bundle %s: %d sitting(s); hash chains, seals, tree head, inclusion proofs and"
              + " re-scores all hold (%.1f s, %d threads)%n",
          report.scope(), bundle, report.sittingsVerified(), seconds, threads);
      return 0;
    }
    out.println("FAILED: " + report.failure().describe());
    return 1;
  }

  private static int usage(PrintStream err) {
    err.println("usage: verify [--threads N] [--quiet] [--trusted-key KEYID]... BUNDLE.zip");
    return 2;
  }
}
