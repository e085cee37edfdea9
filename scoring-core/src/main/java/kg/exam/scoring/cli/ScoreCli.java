package kg.exam.scoring.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import kg.exam.scoring.Form;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.GradeBoundary;
import kg.exam.scoring.GradeScale;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.ScoringPolicy;
import kg.exam.scoring.SittingScore;
import kg.exam.scoring.analysis.ItemAnalysis;
import kg.exam.scoring.analysis.TestAnalysis;
import kg.exam.scoring.batch.BatchResult;
import kg.exam.scoring.batch.BatchScorer;
import kg.exam.scoring.batch.KeyedBatchResult;
import kg.exam.scoring.batch.KeyedBatchScorer;
import kg.exam.scoring.batch.KeyedForm;

/**
 * Command-line scoring: reads a form definition CSV and a responses CSV, writes per-candidate and
 * per-item score CSVs and the classical item analysis (formats in the module README). Bad input
 * prints one line {@code file:line: reason} to stderr, exits 2 and writes nothing; an I/O failure
 * exits 1.
 *
 * <pre>
 * java -cp scoring-core.jar kg.exam.scoring.cli.ScoreCli --form form.csv --responses responses.csv --out results/
 * </pre>
 */
public final class ScoreCli {

  /** Exit code: success. */
  public static final int EXIT_OK = 0;

  /** Exit code: an I/O failure while reading or writing. */
  public static final int EXIT_IO_FAILURE = 1;

  /** Exit code: bad usage or bad input; nothing was written. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Responses files from this size on show a progress bar unless {@code --quiet}. */
  static final long PROGRESS_FROM_BYTES = 1L << 20;

  static final String USAGE =
      "usage: ScoreCli --form FORM.csv --responses RESPONSES.csv --out DIR"
          + " [--form-id ID] [--pass-percent P] [--grades MIN:GRADE,...] [--withhold-grades-below G]"
          + " [--threads N] [--no-item-scores] [--no-analysis] [--progress | --quiet]";

  private ScoreCli() {}

  /**
   * @param args see {@link #USAGE}
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the CLI without exiting the JVM.
   *
   * @param args command-line arguments
   * @param out where the summary goes
   * @param err where errors and progress go
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (InputException e) {
      err.println("ScoreCli: " + e.getMessage());
      err.println(USAGE);
      return EXIT_BAD_INPUT;
    }
    if (options.help) {
      out.println(USAGE);
      return EXIT_OK;
    }
    try {
      return score(options, out, err);
    } catch (InputException e) {
      err.println("ScoreCli: " + e.getMessage());
      return EXIT_BAD_INPUT;
    } catch (IOException | UncheckedIOException e) {
      err.println("ScoreCli: I/O failure: " + e.getMessage());
      return EXIT_IO_FAILURE;
    }
  }

  private static int score(Options options, PrintStream out, PrintStream err)
      throws IOException, InputException {
    Form form;
    try (Reader reader = open(options.formFile)) {
      String formId =
          options.formId != null
              ? options.formId
              : stripExtension(options.formFile.getFileName().toString());
      form = new Form(formId, FormFile.read(reader, options.formFile.toString()), options.policy);
    } catch (IllegalArgumentException e) {
      throw new InputException(options.formFile + ": " + e.getMessage());
    } catch (CharacterCodingException e) {
      throw new InputException(options.formFile + ": not valid UTF-8");
    } catch (NoSuchFileException e) {
      throw new InputException(options.formFile + ": no such file");
    }
    long responsesBytes = size(options.responsesFile);
    Progress progress =
        new Progress(
            err, !options.quiet && (options.progress || responsesBytes >= PROGRESS_FROM_BYTES));
    Optional<String> notKeyed = KeyedForm.whyNotKeyed(form);
    KeyedForm keyed = notKeyed.isEmpty() ? KeyedForm.of(form) : null;

    ResponsesFile.Responses responses;
    AtomicLong bytesRead = new AtomicLong();
    try (InputStream raw = Files.newInputStream(options.responsesFile);
        Reader reader = decoder(new CountingInputStream(raw, bytesRead))) {
      progress.start("reading", responsesBytes);
      responses =
          ResponsesFile.read(
              reader, options.responsesFile.toString(), form, keyed, progress, bytesRead::get);
      progress.finish();
    } catch (CharacterCodingException e) {
      throw new InputException(
          options.responsesFile + ": not valid UTF-8 (near byte " + bytesRead.get() + ")");
    }

    int candidates = responses.candidateIds().size();
    progress.start("scoring", candidates);
    CandidateScores scores;
    TestAnalysis analysis = null;
    if (keyed != null) {
      KeyedBatchResult result = KeyedBatchScorer.score(keyed, responses.matrix(), options.threads);
      scores = c -> result.sittingScore(responses.matrix(), c);
      progress.finish();
      if (options.analysis) {
        analysis = ItemAnalysis.analyse(keyed, responses.matrix(), options.threads);
      }
    } else {
      PreparedForm prepared = FormScorer.prepare(form);
      BatchResult result =
          BatchScorer.score(prepared, responses.sittings(), options.threads, progress::advanceBy);
      scores = result::sittingScore;
      progress.finish();
      if (options.analysis) {
        analysis = ItemAnalysis.analyse(result, responses.sittings(), options.threads);
      }
    }

    Files.createDirectories(options.outDir);
    Map<String, Path> written = new LinkedHashMap<>();
    try {
      progress.start("writing", candidates);
      written.put(
          "candidates.csv",
          writeCandidates(options.outDir, form, responses.candidateIds(), scores, progress));
      if (options.itemScores) {
        written.put(
            "item_scores.csv", writeItemScores(options.outDir, responses.candidateIds(), scores));
      }
      progress.finish();
      if (analysis != null) {
        written.putAll(AnalysisFiles.write(options.outDir, analysis));
      }
      for (Map.Entry<String, Path> file : written.entrySet()) {
        Files.move(
            file.getValue(),
            options.outDir.resolve(file.getKey()),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      for (Path temporary : written.values()) {
        Files.deleteIfExists(temporary);
      }
    }
    out.println(
        "scored "
            + candidates
            + " candidates x "
            + form.items().size()
            + " items of form "
            + form.formId()
            + " ("
            + (keyed != null ? "keyed columnar path" : "general path: " + notKeyed.get())
            + ", "
            + ScoringCoreVersion.VERSION
            + ") into "
            + options.outDir);
    return EXIT_OK;
  }

  @FunctionalInterface
  private interface CandidateScores {
    SittingScore of(int candidate);
  }

  private static Path writeCandidates(
      Path dir, Form form, List<String> candidateIds, CandidateScores scores, Progress progress)
      throws IOException {
    Path temporary = OutputFiles.temporary(dir, "candidates.csv");
    List<String> sections = new ArrayList<>(form.sectionMaxTotals().keySet());
    try (CsvWriter csv =
        new CsvWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
      List<Object> header =
          new ArrayList<>(
              List.of(
                  "candidate_id",
                  "raw_total",
                  "max_total",
                  "percentage",
                  "passed",
                  "grade",
                  "grade_withheld",
                  "needs_human_marking",
                  "unanswered",
                  "malformed"));
      sections.forEach(section -> header.add("section:" + section));
      csv.row(header.toArray());
      for (int c = 0; c < candidateIds.size(); c++) {
        SittingScore score = scores.of(c);
        int unanswered = 0;
        int malformed = 0;
        for (ItemScore item : score.items()) {
          unanswered += item.outcome() == ItemOutcome.UNANSWERED ? 1 : 0;
          malformed += item.outcome() == ItemOutcome.MALFORMED ? 1 : 0;
        }
        List<Object> row =
            new ArrayList<>(
                List.of(
                    candidateIds.get(c),
                    score.rawTotal(),
                    score.maxTotal(),
                    score.percentage(),
                    score.passed(),
                    score.grade(),
                    score.gradeWithheld(),
                    score.needsHumanMarking(),
                    unanswered,
                    malformed));
        for (String section : sections) {
          row.add(score.sectionTotals().get(section));
        }
        csv.row(row.toArray());
        if (c % 4096 == 4095) {
          progress.advanceTo(c + 1);
        }
      }
    }
    return temporary;
  }

  private static Path writeItemScores(Path dir, List<String> candidateIds, CandidateScores scores)
      throws IOException {
    Path temporary = OutputFiles.temporary(dir, "item_scores.csv");
    try (CsvWriter csv =
        new CsvWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
      csv.row("candidate_id", "item_id", "score", "max_score", "outcome", "detail");
      for (int c = 0; c < candidateIds.size(); c++) {
        for (ItemScore item : scores.of(c).items()) {
          csv.row(
              candidateIds.get(c),
              item.itemId(),
              item.score(),
              item.maxScore(),
              item.outcome(),
              item.detail());
        }
      }
    }
    return temporary;
  }

  private static Reader open(Path file) throws IOException {
    return decoder(Files.newInputStream(file));
  }

  /**
   * Strict UTF-8: a malformed byte sequence is an I/O failure naming the problem, not silently
   * replaced.
   */
  private static Reader decoder(InputStream in) {
    return new BufferedReader(
        new InputStreamReader(
            in,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)),
        1 << 16);
  }

  private static long size(Path file) throws IOException, InputException {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": no such file");
    }
  }

  private static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** Parsed command line. */
  private static final class Options {
    Path formFile;
    Path responsesFile;
    Path outDir;
    String formId;
    ScoringPolicy policy = ScoringPolicy.defaults();
    int threads = Runtime.getRuntime().availableProcessors();
    boolean itemScores = true;
    boolean analysis = true;
    boolean progress;
    boolean quiet;
    boolean help;

    static Options parse(String[] args) throws InputException {
      Options options = new Options();
      double passPercent = options.policy.passPercent();
      GradeScale scale = options.policy.gradeScale();
      Integer withhold = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--help", "-h" -> options.help = true;
          case "--no-item-scores" -> options.itemScores = false;
          case "--no-analysis" -> options.analysis = false;
          case "--progress" -> options.progress = true;
          case "--quiet" -> options.quiet = true;
          case "--form" -> options.formFile = Path.of(value(args, ++i, arg));
          case "--responses" -> options.responsesFile = Path.of(value(args, ++i, arg));
          case "--out" -> options.outDir = Path.of(value(args, ++i, arg));
          case "--form-id" -> options.formId = value(args, ++i, arg);
          case "--pass-percent" -> passPercent = number(arg, value(args, ++i, arg));
          case "--grades" -> scale = grades(value(args, ++i, arg));
          case "--withhold-grades-below" -> withhold = (int) number(arg, value(args, ++i, arg));
          case "--threads" -> {
            options.threads = (int) number(arg, value(args, ++i, arg));
            if (options.threads < 1) {
              throw new InputException("--threads must be >= 1");
            }
          }
          default -> throw new InputException("unknown argument '" + arg + "'");
        }
      }
      if (options.help) {
        return options;
      }
      if (options.formFile == null || options.responsesFile == null || options.outDir == null) {
        throw new InputException("--form, --responses and --out are required");
      }
      if (options.progress && options.quiet) {
        throw new InputException("--progress and --quiet exclude each other");
      }
      try {
        options.policy = new ScoringPolicy(passPercent, scale, withhold);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage());
      }
      return options;
    }

    private static String value(String[] args, int index, String name) throws InputException {
      if (index >= args.length) {
        throw new InputException(name + " needs a value");
      }
      return args[index];
    }

    private static double number(String name, String text) throws InputException {
      try {
        return FormFile.parseNumber(name, text);
      } catch (IllegalArgumentException e) {
        throw new InputException(e.getMessage());
      }
    }

    private static GradeScale grades(String text) throws InputException {
      List<GradeBoundary> boundaries = new ArrayList<>();
      for (String part : text.split(",")) {
        int colon = part.indexOf(':');
        if (colon <= 0) {
          throw new InputException("--grades entry '" + part + "' must be MIN_PERCENT:GRADE");
        }
        try {
          boundaries.add(
              new GradeBoundary(
                  number("--grades", part.substring(0, colon)),
                  (int) number("--grades", part.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
          throw new InputException("--grades: " + e.getMessage());
        }
      }
      try {
        return new GradeScale(boundaries);
      } catch (IllegalArgumentException e) {
        throw new InputException("--grades: " + e.getMessage());
      }
    }
  }
}
