package kg.exam.benchmarks.profile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU went, by stage of the answer path: reads the {@code jdk.ExecutionSample} events
 * of a JFR recording (threads running Java code; threads blocked in I/O are not sampled there) and
 * puts each sample into the first stage whose marker appears anywhere in its stack. The stages are
 * ordered from the most specific to the most general, so a signature check inside the command
 * handler counts as signature verification, not as command handling.
 *
 * <p>Only samples from {@code from} on are counted (the load's measured phase, not start-up).
 *
 * <p>Usage: {@code JfrStages RECORDING.jfr [--from ISO-INSTANT] [--top N] [--detail STAGE]}: with
 * {@code --top}, the N most frequent innermost stack fragments of one stage ({@code other} unless
 * named).
 */
public final class JfrStages {

  /** A stage and the frame prefixes (class name, optionally {@code #method}) that mark it. */
  record Stage(String name, List<String> markers) {
    boolean matches(String frame) {
      for (String marker : markers) {
        if (frame.startsWith(marker)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Most specific first. */
  static final List<Stage> STAGES =
      List.of(
          new Stage(
              "signature verification",
              List.of("kg.exam.command.trust.AnswerSignaturePolicy#check")),
          new Stage(
              "chain hash",
              List.of(
                  "kg.exam.command.trust.ChainingEventStorageEngine#canonicalPayload",
                  "kg.exam.command.trust.ChainingEventStorageEngine#storedHash",
                  "kg.exam.command.trust.ChainingEventStorageEngine#head",
                  "kg.exam.contract.trust.StreamHashChain")),
          new Stage(
              "append",
              List.of(
                  "org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine#appendEvents",
                  "org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine#appendEvents",
                  "org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine#lambda$appendEvents")),
          new Stage(
              "tracking processors (scoring, sealing, Kafka publication)",
              List.of(
                  "org.axonframework.eventhandling.TrackingEventProcessor",
                  "org.axonframework.eventhandling.pooled.",
                  "org.axonframework.eventsourcing.eventstore.EmbeddedEventStore$EventProducer",
                  "kg.exam.command.kafka.",
                  "org.apache.kafka.")),
          new Stage(
              "read tables (same transaction)",
              List.of(
                  "org.axonframework.eventhandling.SubscribingEventProcessor",
                  "kg.exam.command.sitting.SittingRecords#on",
                  "kg.exam.command.exam.PublishedExams#on",
                  "kg.exam.command.session.OpenSessions#on")),
          new Stage(
              "aggregate load",
              List.of(
                  "org.axonframework.eventsourcing.EventSourcingRepository#doLoadWithLock",
                  "org.axonframework.eventsourcing.CachingEventSourcingRepository#doLoadWithLock",
                  "kg.exam.command.sitting.CatchUpCache",
                  "kg.exam.command.config.CatchUpRepository#doLoadWithLock",
                  "org.axonframework.modelling.command.LockingRepository#load")),
          new Stage(
              "commit",
              List.of(
                  "org.postgresql.jdbc.PgConnection#commit",
                  "org.springframework.jdbc.datasource.DataSourceTransactionManager#doCommit",
                  "org.axonframework.messaging.unitofwork.AbstractUnitOfWork#commit",
                  "org.axonframework.messaging.unitofwork.DefaultUnitOfWork#commit")),
          new Stage(
              "command handling",
              List.of(
                  "kg.exam.command.sitting.Sitting#handle",
                  "org.axonframework.commandhandling.",
                  "org.axonframework.modelling.command.")),
          new Stage(
              "sitting lookup",
              List.of(
                  "kg.exam.command.sitting.SittingController#requireCandidate",
                  "kg.exam.command.sitting.SittingController#find",
                  "kg.exam.command.sitting.SittingPlacements")),
          new Stage(
              "authentication",
              List.of(
                  "org.springframework.security.oauth2.",
                  "org.springframework.security.authentication.",
                  "com.nimbusds.",
                  "kg.exam.command.security.",
                  "org.springframework.security.crypto.bcrypt.")),
          new Stage(
              "deadlines (db-scheduler)",
              List.of("com.github.kagkarlsson.", "org.axonframework.extensions.deadline.")),
          new Stage(
              "load generator",
              List.of(
                  "kg.exam.benchmarks.", "jdk.internal.net.http.", "kg.exam.client.simulate.")));

  /**
   * Stages of the samples no specific stage claimed, by the package of the deepest (leaf-most)
   * frame outside the JDK: the security filter chain wraps the whole request, so it is charged only
   * for the time spent in its own code.
   */
  static final List<Stage> LEAF_STAGES =
      List.of(
          new Stage(
              "security filter chain and observation",
              List.of("org.springframework.security.", "io.micrometer.")),
          new Stage("JSON", List.of("tools.jackson.", "com.fasterxml.jackson.")),
          new Stage(
              "HTTP (Tomcat, Spring MVC, validation)",
              List.of(
                  "org.apache.coyote.",
                  "org.apache.tomcat.",
                  "org.apache.catalina.",
                  "org.springframework.",
                  "org.hibernate.validator.",
                  "jakarta.")),
          new Stage("controllers", List.of("kg.exam.")),
          new Stage("JDBC driver (other queries)", List.of("org.postgresql.", "com.zaxxer.")));

  private JfrStages() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrStages RECORDING.jfr [--from ISO-INSTANT] [--top N]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    Instant from = Instant.MIN;
    int top = 0;
    String detail = "other";
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--from" -> from = Instant.parse(args[i + 1]);
        case "--top" -> top = Integer.parseInt(args[i + 1]);
        case "--detail" -> detail = args[i + 1];
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    Breakdown breakdown = read(file, from, detail);
    breakdown.print(System.out, top);
  }

  /** Samples per stage, plus the leaf frames of the samples no stage claimed. */
  record Breakdown(Map<String, Long> byStage, Map<String, Long> otherLeaves, long total) {
    void print(PrintStream out, int top) {
      out.printf(Locale.ROOT, "| stage | samples | share |%n|---|---:|---:|%n");
      byStage.forEach(
          (stage, n) ->
              out.printf(
                  Locale.ROOT,
                  "| %s | %,d | %.1f %% |%n",
                  stage,
                  n,
                  100.0 * n / Math.max(1, total)));
      out.printf(Locale.ROOT, "| total | %,d | 100 %% |%n", total);
      if (top > 0) {
        out.println();
        out.println("Deepest frames of the detailed stage:");
        otherLeaves.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .forEach(e -> out.printf(Locale.ROOT, "  %,6d  %s%n", e.getValue(), e.getKey()));
      }
    }
  }

  static Breakdown read(Path file, Instant from, String detail) throws IOException {
    Map<String, Long> byStage = new LinkedHashMap<>();
    for (Stage stage : STAGES) {
      byStage.put(stage.name(), 0L);
    }
    for (Stage stage : LEAF_STAGES) {
      byStage.put(stage.name(), 0L);
    }
    byStage.put("other", 0L);
    Map<String, Long> otherLeaves = new LinkedHashMap<>();
    long total = 0;
    try (RecordingFile recording = new RecordingFile(file)) {
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")
            || event.getStartTime().isBefore(from)) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null) {
          continue;
        }
        List<String> frames = new ArrayList<>(stack.getFrames().size());
        for (RecordedFrame frame : stack.getFrames()) {
          frames.add(frame.getMethod().getType().getName() + "#" + frame.getMethod().getName());
        }
        String stage = classify(frames);
        byStage.merge(stage, 1L, Long::sum);
        if (stage.equals(detail) && !frames.isEmpty()) {
          otherLeaves.merge(
              String.join(" < ", frames.subList(0, Math.min(6, frames.size()))), 1L, Long::sum);
        }
        total++;
      }
    }
    return new Breakdown(byStage, otherLeaves, total);
  }

  static String classify(List<String> frames) {
    for (Stage stage : STAGES) {
      for (String frame : frames) {
        if (stage.matches(frame)) {
          return stage.name();
        }
      }
    }
    String leaf = deepestNamed(frames);
    for (Stage stage : LEAF_STAGES) {
      if (stage.matches(leaf)) {
        return stage.name();
      }
    }
    return "other";
  }

  /** The first frame from the leaf that belongs to an application or library package. */
  private static String deepestNamed(List<String> frames) {
    for (String frame : frames) {
      if (!frame.startsWith("java.") && !frame.startsWith("jdk.") && !frame.startsWith("sun.")) {
        return frame;
      }
    }
    return frames.get(0);
  }
}
