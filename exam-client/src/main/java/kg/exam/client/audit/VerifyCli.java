package kg.exam.client.audit;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import kg.exam.contract.trust.receipt.ReceiptVerifier;
import kg.exam.contract.trust.receipt.ResultReceipt;

/**
 * {@code verify [--threads N] [--quiet] [--trusted-key KEYID]... [--evidence EVIDENCE.json]
 * BUNDLE.zip} or {@code verify [--trusted-key KEYID]... --receipt RECEIPT.json}: checks an audit
 * bundle offline; with {@code --trusted-key}, only seals and tree heads by those keys (known out of
 * band) are accepted, whatever the bundled registry says; with {@code --evidence}, the events an
 * integrity flag's evidence cites ({@value EvidenceCheck#FORMAT}) are then checked against the
 * verified bundle ({@link EvidenceCheck}). Exit status 0 when everything holds; 1 with the first
 * failure and where (sitting, event, field) when not; 2 for a usage error, an unreadable file, a
 * malformed evidence file, or evidence none of whose sittings the bundle holds.
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
    Path receipt = null;
    Path evidence = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--receipt" -> {
          if (i + 1 >= args.length || receipt != null) {
            return usage(err);
          }
          receipt = Path.of(args[++i]);
        }
        case "--evidence" -> {
          if (i + 1 >= args.length || evidence != null) {
            return usage(err);
          }
          evidence = Path.of(args[++i]);
        }
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
    if (receipt != null) {
      return bundle == null && evidence == null ? receipt(receipt, trusted, out, err) : usage(err);
    }
    if (bundle == null) {
      return usage(err);
    }
    if (!Files.isRegularFile(bundle)) {
      err.println("verify: no such file: " + bundle);
      return 2;
    }
    // the evidence is read before the bundle is verified, so a bad file does not wait for that
    EvidenceCheck.Evidence cited = null;
    if (evidence != null) {
      if (!Files.isRegularFile(evidence)) {
        err.println("verify: no such file: " + evidence);
        return 2;
      }
      try {
        cited = EvidenceCheck.read(evidence);
      } catch (EvidenceCheck.MalformedEvidence e) {
        err.println("verify: evidence " + evidence + ": " + e.getMessage());
        return 2;
      } catch (java.io.IOException e) {
        err.println("verify: cannot read " + evidence + ": " + e.getMessage());
        return 2;
      }
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
    if (!report.ok()) {
      out.println("FAILED: " + report.failure().describe());
      return 1;
    }
    out.printf(
        "OK: %s bundle %s: %d sitting(s); hash chains, seals, tree head, inclusion proofs and"
            + " re-scores all hold (%.1f s, %d threads)%n",
        report.scope(), bundle, report.sittingsVerified(), seconds, threads);
    return cited == null ? 0 : checkEvidence(cited, bundle, out, err);
  }

  /** Checks the events an integrity flag's evidence cites against the verified bundle. */
  private static int checkEvidence(
      EvidenceCheck.Evidence cited, Path bundle, PrintStream out, PrintStream err) {
    EvidenceCheck.Outcome outcome;
    try {
      outcome = EvidenceCheck.check(cited, bundle);
    } catch (java.io.IOException e) {
      err.println("verify: cannot read " + bundle + ": " + e.getMessage());
      return 2;
    }
    if (!outcome.ok()) {
      out.println("FAILED: " + outcome.mismatch().describe());
      return 1;
    }
    for (EvidenceCheck.CitedSitting s : outcome.notInBundle()) {
      out.println(
          "evidence: sitting "
              + s.sittingId()
              + " not in this bundle (download its bundle to check it"
              + (s.bundle() == null ? "" : ": " + s.bundle())
              + ")");
    }
    String session = outcome.manifest().sessionId();
    if (outcome.sittingsChecked().isEmpty()) {
      err.println(
          "verify: evidence: none of the cited sittings is in this bundle ("
              + outcome.manifest().scope()
              + " bundle of session "
              + session
              + (session.equals(cited.sessionId())
                  ? ""
                  : "; the evidence is about session " + cited.sessionId())
              + "): nothing checked");
      return 2;
    }
    int events = outcome.eventsChecked();
    int sittings = outcome.sittingsChecked().size();
    out.println(
        "evidence: "
            + events
            + (events == 1 ? " cited event of " : " cited events of ")
            + sittings
            + (sittings == 1 ? " sitting" : " sittings")
            + (events == 1 ? " matches" : " match")
            + " the verified bundle (flag "
            + cited.flagId()
            + ")");
    return 0;
  }

  /** Checks a candidate's result receipt ({@link ResultReceipt}). */
  private static int receipt(
      Path file, java.util.Set<String> trusted, PrintStream out, PrintStream err) {
    if (!Files.isRegularFile(file)) {
      err.println("verify: no such file: " + file);
      return 2;
    }
    ResultReceipt receipt;
    try {
      receipt =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .configure(
                  com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                  true)
              .readValue(file.toFile(), ResultReceipt.class);
    } catch (java.io.IOException e) {
      out.println("FAILED: receipt " + file + ": not a receipt: " + firstLine(e.getMessage()));
      return 1;
    }
    ReceiptVerifier.Outcome outcome = ReceiptVerifier.verify(receipt, trusted);
    if (!outcome.ok()) {
      out.println("FAILED: receipt of sitting " + receipt.sittingId() + ": " + outcome.failure());
      return 1;
    }
    out.printf(
        "OK: receipt of sitting %s: seal %s is in the tree head of session %s (%d leaves, root %s)"
            + " signed by key %s%s; sealed total %s, grade %s%n",
        receipt.sittingId(),
        receipt.sealSha256(),
        receipt.sessionId(),
        receipt.treeSize(),
        outcome.rootHash(),
        receipt.keyId(),
        trusted.isEmpty() ? " (not pinned: compare it with the centre's published key)" : "",
        outcome.rawTotal(),
        outcome.grade());
    return 0;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static int usage(PrintStream err) {
    err.println(
        "usage: verify [--threads N] [--quiet] [--trusted-key KEYID]... [--evidence EVIDENCE.json]"
            + " BUNDLE.zip\n"
            + "       verify [--trusted-key KEYID]... --receipt RECEIPT.json");
    return 2;
  }
}
