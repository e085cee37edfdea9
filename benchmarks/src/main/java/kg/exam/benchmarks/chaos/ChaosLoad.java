package kg.exam.benchmarks.chaos;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import kg.exam.client.simulate.SimulateCli;
import kg.exam.client.simulate.SimulationReport;

/**
 * The load of the chaos run ({@code benchmarks/run chaos}): rounds of {@code simulate} against one
 * command side, one after the other until a stop file appears. Each round provisions a new exam
 * session whose candidates answer at an open-loop rate until their deadline hands them in, so
 * deadlines fire while services are being killed. Every answer the server acknowledged is written
 * to the acknowledgement log as {@code epochMillis TAB sittingId TAB clientSeq}, for the run to
 * check that each is held exactly once and to time the candidates' outages. One line per round goes
 * to the rounds log: {@code round N session ID acknowledged A errors E failedCandidates F
 * errorsByType {...}}. A round whose provisioning fails (the server was down at that moment) is
 * tried again after 5 s.
 *
 * <p>Usage: {@code ChaosLoad SERVER CREDENTIALS_FILE EXAM_CONTENT_FILE CANDIDATES RATE_PER_S
 * EXAM_MINUTES ACK_LOG ROUNDS_LOG STOP_FILE}
 */
public final class ChaosLoad {
  private ChaosLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 9) {
      System.err.println(
          "usage: ChaosLoad SERVER CREDENTIALS_FILE EXAM_CONTENT_FILE CANDIDATES RATE_PER_S"
              + " EXAM_MINUTES ACK_LOG ROUNDS_LOG STOP_FILE");
      System.exit(2);
    }
    String server = args[0];
    String credentials = args[1];
    String examContent = args[2];
    int candidates = Integer.parseInt(args[3]);
    int rate = Integer.parseInt(args[4]);
    int examMinutes = Integer.parseInt(args[5]);
    Path ackLog = Path.of(args[6]);
    Path roundsLog = Path.of(args[7]);
    Path stopFile = Path.of(args[8]);

    try (BufferedWriter acks =
        Files.newBufferedWriter(
            ackLog, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      Object lock = new Object();
      int round = 0;
      while (!Files.exists(stopFile)) {
        round++;
        String[] simulateArgs = {
          "--server",
          server,
          "--provision",
          "--credentials",
          credentials,
          "--exam-content",
          examContent,
          "--candidates",
          Integer.toString(candidates),
          "--rate",
          rate + "/s",
          // answering until the deadline, which hands every sitting in
          "--duration",
          (examMinutes * 60 + 60) + "s",
          "--ramp-up",
          "5s",
          "--flag-rate",
          "0",
          "--drop-rate",
          "0",
          "--change-rate",
          "0",
          "--timeout",
          "10s",
          "--max-error-percent",
          "100",
          "--progress",
          "10s",
          "--seed",
          Long.toString(20261206L + round)
        };
        SimulationReport report;
        try {
          report =
              SimulateCli.simulate(
                  simulateArgs,
                  Map.of(),
                  System.err,
                  (sittingId, itemId, clientSeq, recordedAt, ackNanos) -> {
                    String line =
                        System.currentTimeMillis() + "\t" + sittingId + "\t" + clientSeq + "\n";
                    synchronized (lock) {
                      try {
                        acks.write(line);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }
                  });
        } catch (SimulateCli.BadInput e) {
          System.err.println(
              "chaos-load: round " + round + " not started (" + e.getMessage() + "); again in 5 s");
          round--;
          Thread.sleep(5_000);
          continue;
        }
        synchronized (lock) {
          acks.flush();
        }
        appendRound(roundsLog, round, report);
      }
    }
  }

  private static void appendRound(Path roundsLog, int round, SimulationReport r)
      throws IOException {
    Map<String, Long> errors = new LinkedHashMap<>(r.errorsByType());
    String line =
        String.format(
            Locale.ROOT,
            "%s round %d session %s candidates %d started %d acknowledged %d errors %d"
                + " failedCandidates %d verified %d missingAtReadBack %d errorsByType %s%n",
            Instant.now(),
            round,
            r.sessionId(),
            r.candidates(),
            r.started(),
            r.answersAcknowledged(),
            r.errors(),
            r.failedCandidates(),
            r.answersVerified(),
            r.answersMissing(),
            errors);
    Files.writeString(
        roundsLog,
        line,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    PrintStream out = System.out;
    out.print(line);
    out.flush();
  }
}
