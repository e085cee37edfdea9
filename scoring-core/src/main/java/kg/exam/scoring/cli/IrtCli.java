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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.irt.Abilities;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.Calibration;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.ItemFit;
import kg.exam.scoring.irt.ItemFitAnalysis;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;

/**
 * Item response theory from the command line (formats in the module README):
 *
 * <pre>
 * java -cp scoring-core.jar kg.exam.scoring.cli.IrtCli calibrate --responses responses.csv --out calibration/ [--model rasch|2pl]
 * java -cp scoring-core.jar kg.exam.scoring.cli.IrtCli abilities --responses responses.csv --items calibration/items.csv \
 *     --calibration calibration/calibration.csv --out abilities/ [--method wle|mle|eap]
 * </pre>
 *
 * Bad input prints one line {@code IrtCli: file:line: reason} to stderr, exits 2 and writes
 * nothing; a calibration that does not converge exits 3 and writes nothing unless {@code
 * --allow-not-converged}; an I/O failure exits 1.
 */
public final class IrtCli {

  /** Exit code: success. */
  public static final int EXIT_OK = 0;

  /** Exit code: an I/O failure while reading or writing. */
  public static final int EXIT_IO_FAILURE = 1;

  /** Exit code: bad usage or bad input; nothing was written. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code: EM reached its iteration limit without converging; nothing was written. */
  public static final int EXIT_NOT_CONVERGED = 3;

  static final String USAGE =
      """
            usage: IrtCli calibrate --responses RESPONSES.csv --out DIR [--model rasch|2pl] [--quadrature-points Q]
                                    [--tolerance T] [--max-iterations M] [--allow-not-converged] [--threads N] [--progress | --quiet]
                   IrtCli abilities --responses RESPONSES.csv --items ITEMS.csv --out DIR [--calibration CALIBRATION.csv]
                                    [--method wle|mle|eap] [--prior-mean M] [--prior-sd S] [--scale-slope A] [--scale-intercept B]
                                    [--scale-step S] [--scale-min L] [--scale-max H] [--pass-mark P] [--threads N] [--progress | --quiet]""";

  private IrtCli() {}

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
      err.println("IrtCli: " + e.getMessage());
      err.println(USAGE);
      return EXIT_BAD_INPUT;
    }
    if (options.help) {
      out.println(USAGE);
      return EXIT_OK;
    }
    try {
      return options.calibrate ? calibrate(options, out, err) : abilities(options, out, err);
    } catch (InputException e) {
      err.println("IrtCli: " + e.getMessage());
      return EXIT_BAD_INPUT;
    } catch (IOException | UncheckedIOException e) {
      err.println("IrtCli: I/O failure: " + e.getMessage());
      return EXIT_IO_FAILURE;
    }
  }

  private static int calibrate(Options options, PrintStream out, PrintStream err)
      throws IOException, InputException {
    Progress progress = progress(options, err);
    IrtFiles.ResponseFile file = readResponses(options, progress);
    Responses responses = file.responses();
    checkCalibratable(file, options.responsesFile.toString());
    CalibrationSettings settings = options.settings;
    progress.start("EM", settings.maxIterations());
    Calibration calibration =
        MarginalCalibrator.calibrate(responses, options.model, settings, progress::advanceTo);
    progress.finish();
    if (!calibration.converged() && !options.allowNotConverged) {
      err.println(
          "IrtCli: "
              + options.responsesFile
              + ": calibration did not converge after "
              + calibration.iterations()
              + " EM cycles (last largest change "
              + calibration.lastMaxChange()
              + " > tolerance "
              + settings.tolerance()
              + "); nothing written. Raise --max-iterations or pass --allow-not-converged to inspect the estimates");
      return EXIT_NOT_CONVERGED;
    }
    if (!calibration.converged()) {
      err.println("IrtCli: WARNING: calibration did not converge; written with converged=false");
    }
    Files.createDirectories(options.outDir);
    Map<String, Path> written = new LinkedHashMap<>();
    try {
      Abilities wle =
          AbilityEstimator.of(calibration).estimate(AbilityMethod.WLE, responses, options.threads);
      List<ItemFit> fits =
          ItemFitAnalysis.meanSquares(calibration.items(), responses, wle, options.threads);
      written.put("items.csv", writeItems(options.outDir, file, calibration, fits));
      written.put(
          "calibration.csv",
          writeCalibrationSummary(options.outDir, responses, calibration, settings));
      moveIntoPlace(options.outDir, written);
    } finally {
      for (Path temporary : written.values()) {
        Files.deleteIfExists(temporary);
      }
    }
    out.println(
        "calibrated "
            + responses.itemCount()
            + " items ("
            + modelName(options.model)
            + ") on "
            + calibration.candidatesUsed()
            + " candidates in "
            + calibration.iterations()
            + " EM cycles"
            + (calibration.converged() ? "" : " (NOT CONVERGED)")
            + ", latent sd "
            + CsvWriter.number(calibration.latentSd())
            + " ("
            + ScoringCoreVersion.VERSION
            + ") into "
            + options.outDir);
    return EXIT_OK;
  }

  private static void checkCalibratable(IrtFiles.ResponseFile file, String fileName)
      throws InputException {
    Responses responses = file.responses();
    for (int i = 0; i < responses.itemCount(); i++) {
      int presented = 0;
      int correct = 0;
      for (int c = 0; c < responses.candidateCount(); c++) {
        byte cell = responses.cell(c, i);
        if (cell != Responses.NOT_PRESENTED) {
          presented++;
          correct += cell;
        }
      }
      if (presented == 0 || correct == 0 || correct == presented) {
        throw new InputException(
            fileName,
            1,
            "item '"
                + file.itemIds().get(i)
                + "' cannot be calibrated: "
                + (presented == 0
                    ? "no candidate has a score for it"
                    : "all " + presented + " scores are " + (correct == 0 ? "0" : "1")));
      }
    }
  }

  private static int abilities(Options options, PrintStream out, PrintStream err)
      throws IOException, InputException {
    Map<String, ItemParameters> bank;
    try (Reader reader = open(options.itemsFile)) {
      bank = IrtFiles.readItems(reader, options.itemsFile.toString());
    } catch (CharacterCodingException e) {
      throw new InputException(options.itemsFile + ": not valid UTF-8");
    } catch (NoSuchFileException e) {
      throw new InputException(options.itemsFile + ": no such file");
    }
    if (options.calibrationFile != null) {
      try (Reader reader = open(options.calibrationFile)) {
        double[] latent =
            IrtFiles.readLatentDistribution(reader, options.calibrationFile.toString());
        options.priorMean = latent[0];
        options.priorSd = latent[1];
      } catch (CharacterCodingException e) {
        throw new InputException(options.calibrationFile + ": not valid UTF-8");
      } catch (NoSuchFileException e) {
        throw new InputException(options.calibrationFile + ": no such file");
      }
    }
    Progress progress = progress(options, err);
    IrtFiles.ResponseFile file = readResponses(options, progress);
    List<ItemParameters> items = new ArrayList<>();
    for (String itemId : file.itemIds()) {
      ItemParameters item = bank.get(itemId);
      if (item == null) {
        throw new InputException(
            options.responsesFile.toString(),
            1,
            "item '" + itemId + "' has no parameters in " + options.itemsFile);
      }
      items.add(item);
    }
    AbilityEstimator estimator =
        new AbilityEstimator(items, options.priorMean, options.priorSd, 61);
    Responses responses = file.responses();
    Abilities abilities = estimator.estimate(options.method, responses, options.threads);
    Files.createDirectories(options.outDir);
    Map<String, Path> written = new LinkedHashMap<>();
    try {
      Path temporary = OutputFiles.temporary(options.outDir, "abilities.csv");
      written.put("abilities.csv", temporary);
      progress.start("writing", responses.candidateCount());
      try (CsvWriter csv =
          new CsvWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
        csv.row("candidate_id", "presented", "raw_score", "theta", "se", "scaled", "passed");
        for (int c = 0; c < responses.candidateCount(); c++) {
          int presented = 0;
          int raw = 0;
          for (int i = 0; i < responses.itemCount(); i++) {
            byte cell = responses.cell(c, i);
            if (cell != Responses.NOT_PRESENTED) {
              presented++;
              raw += cell;
            }
          }
          double theta = abilities.theta(c);
          double scaled = options.scale.scaled(theta);
          csv.row(
              file.candidateIds().get(c),
              presented,
              raw,
              theta(theta),
              abilities.standardError(c),
              scaled,
              Double.isNaN(scaled) ? null : options.scale.passed(theta));
          if (c % 4096 == 4095) {
            progress.advanceTo(c + 1);
          }
        }
      }
      progress.finish();
      moveIntoPlace(options.outDir, written);
    } finally {
      for (Path temporary : written.values()) {
        Files.deleteIfExists(temporary);
      }
    }
    out.println(
        "estimated "
            + options.method
            + " abilities of "
            + responses.candidateCount()
            + " candidates on "
            + items.size()
            + " items ("
            + ScoringCoreVersion.VERSION
            + ") into "
            + options.outDir);
    return EXIT_OK;
  }

  /**
   * θ as written: 6 decimals, {@code inf} / {@code -inf} for MLE extremes, empty when undefined.
   */
  private static String theta(double theta) {
    if (Double.isInfinite(theta)) {
      return theta > 0 ? "inf" : "-inf";
    }
    return CsvWriter.number(theta);
  }

  private static Path writeItems(
      Path dir, IrtFiles.ResponseFile file, Calibration calibration, List<ItemFit> fits)
      throws IOException {
    Path temporary = OutputFiles.temporary(dir, "items.csv");
    Responses responses = file.responses();
    try (CsvWriter csv =
        new CsvWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
      csv.row(
          "item_id",
          "model",
          "discrimination",
          "difficulty",
          "discrimination_se",
          "difficulty_se",
          "presented",
          "p_value",
          "infit",
          "outfit");
      for (int i = 0; i < responses.itemCount(); i++) {
        int presented = 0;
        int correct = 0;
        for (int c = 0; c < responses.candidateCount(); c++) {
          byte cell = responses.cell(c, i);
          if (cell != Responses.NOT_PRESENTED) {
            presented++;
            correct += cell;
          }
        }
        ItemParameters item = calibration.items().get(i);
        csv.row(
            file.itemIds().get(i),
            modelName(calibration.model()),
            item.discrimination(),
            item.difficulty(),
            item.discriminationSe(),
            item.difficultySe(),
            presented,
            (double) correct / presented,
            fits.get(i).infitMeanSquare(),
            fits.get(i).outfitMeanSquare());
      }
    }
    return temporary;
  }

  private static Path writeCalibrationSummary(
      Path dir, Responses responses, Calibration calibration, CalibrationSettings settings)
      throws IOException {
    Path temporary = OutputFiles.temporary(dir, "calibration.csv");
    try (CsvWriter csv =
        new CsvWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))) {
      csv.row("statistic", "value");
      csv.row("model", modelName(calibration.model()));
      csv.row("method", "MML-EM");
      csv.row("software", ScoringCoreVersion.VERSION);
      csv.row("converged", calibration.converged());
      csv.row("iterations", calibration.iterations());
      csv.row("last_max_change", calibration.lastMaxChange());
      csv.row("tolerance", settings.tolerance());
      csv.row("max_iterations", settings.maxIterations());
      csv.row("quadrature_points", settings.quadraturePoints());
      csv.row("quadrature_bound", settings.quadratureBound());
      csv.row("log_likelihood", calibration.logLikelihood());
      csv.row("latent_mean", calibration.latentMean());
      csv.row("latent_sd", calibration.latentSd());
      csv.row("latent_sd_se", calibration.latentSdSe());
      csv.row("candidates", responses.candidateCount());
      csv.row("candidates_used", calibration.candidatesUsed());
      csv.row("items", responses.itemCount());
    }
    return temporary;
  }

  private static String modelName(IrtModel model) {
    return model == IrtModel.RASCH ? "rasch" : "2pl";
  }

  private static void moveIntoPlace(Path dir, Map<String, Path> written) throws IOException {
    for (Map.Entry<String, Path> file : written.entrySet()) {
      Files.move(
          file.getValue(),
          dir.resolve(file.getKey()),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  private static Progress progress(Options options, PrintStream err)
      throws IOException, InputException {
    return new Progress(
        err,
        !options.quiet
            && (options.progress || size(options.responsesFile) >= ScoreCli.PROGRESS_FROM_BYTES));
  }

  private static IrtFiles.ResponseFile readResponses(Options options, Progress progress)
      throws IOException, InputException {
    AtomicLong bytesRead = new AtomicLong();
    long bytes = size(options.responsesFile);
    try (InputStream raw = Files.newInputStream(options.responsesFile);
        Reader reader = decoder(new CountingInputStream(raw, bytesRead))) {
      progress.start("reading", bytes);
      IrtFiles.ResponseFile file =
          IrtFiles.readResponses(
              reader, options.responsesFile.toString(), progress, bytesRead::get);
      progress.finish();
      return file;
    } catch (CharacterCodingException e) {
      throw new InputException(
          options.responsesFile + ": not valid UTF-8 (near byte " + bytesRead.get() + ")");
    }
  }

  private static Reader open(Path file) throws IOException {
    return decoder(Files.newInputStream(file));
  }

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

  /** Parsed command line. */
  private static final class Options {
    boolean calibrate;
    boolean help;
    Path responsesFile;
    Path outDir;
    Path itemsFile;
    Path calibrationFile;
    IrtModel model = IrtModel.RASCH;
    CalibrationSettings settings = CalibrationSettings.defaults();
    boolean allowNotConverged;
    AbilityMethod method = AbilityMethod.WLE;
    double priorMean;
    double priorSd = 1;
    ReportingScale scale = ReportingScale.nationalExample();
    int threads = Runtime.getRuntime().availableProcessors();
    boolean progress;
    boolean quiet;

    static Options parse(String[] args) throws InputException {
      Options options = new Options();
      if (args.length == 0) {
        throw new InputException("a subcommand is required: calibrate or abilities");
      }
      switch (args[0]) {
        case "--help", "-h" -> {
          options.help = true;
          return options;
        }
        case "calibrate" -> options.calibrate = true;
        case "abilities" -> options.calibrate = false;
        default ->
            throw new InputException(
                "unknown subcommand '" + args[0] + "' (calibrate or abilities)");
      }
      int quadraturePoints = options.settings.quadraturePoints();
      double tolerance = options.settings.tolerance();
      int maxIterations = options.settings.maxIterations();
      ReportingScale scale = options.scale;
      double slope = scale.slope();
      double intercept = scale.intercept();
      double step = scale.step();
      double lowest = scale.lowest();
      double highest = scale.highest();
      double passMark = scale.passMark();
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        boolean calibrateOnly =
            switch (arg) {
              case "--model",
                  "--quadrature-points",
                  "--tolerance",
                  "--max-iterations",
                  "--allow-not-converged" ->
                  true;
              default -> false;
            };
        boolean abilitiesOnly =
            switch (arg) {
              case "--items",
                  "--calibration",
                  "--method",
                  "--prior-mean",
                  "--prior-sd",
                  "--scale-slope",
                  "--scale-intercept",
                  "--scale-step",
                  "--scale-min",
                  "--scale-max",
                  "--pass-mark" ->
                  true;
              default -> false;
            };
        if (calibrateOnly && !options.calibrate || abilitiesOnly && options.calibrate) {
          throw new InputException(arg + " does not apply to " + args[0]);
        }
        switch (arg) {
          case "--help", "-h" -> options.help = true;
          case "--progress" -> options.progress = true;
          case "--quiet" -> options.quiet = true;
          case "--allow-not-converged" -> options.allowNotConverged = true;
          case "--responses" -> options.responsesFile = Path.of(value(args, ++i, arg));
          case "--out" -> options.outDir = Path.of(value(args, ++i, arg));
          case "--items" -> options.itemsFile = Path.of(value(args, ++i, arg));
          case "--calibration" -> options.calibrationFile = Path.of(value(args, ++i, arg));
          case "--model" ->
              options.model =
                  switch (value(args, ++i, arg).toLowerCase(Locale.ROOT)) {
                    case "rasch", "1pl" -> IrtModel.RASCH;
                    case "2pl" -> IrtModel.TWO_PL;
                    default -> throw new InputException("--model must be rasch or 2pl");
                  };
          case "--method" ->
              options.method =
                  switch (value(args, ++i, arg).toLowerCase(Locale.ROOT)) {
                    case "mle" -> AbilityMethod.MLE;
                    case "wle" -> AbilityMethod.WLE;
                    case "eap" -> AbilityMethod.EAP;
                    default -> throw new InputException("--method must be mle, wle or eap");
                  };
          case "--quadrature-points" -> quadraturePoints = (int) number(arg, value(args, ++i, arg));
          case "--tolerance" -> tolerance = number(arg, value(args, ++i, arg));
          case "--max-iterations" -> maxIterations = (int) number(arg, value(args, ++i, arg));
          case "--prior-mean" -> options.priorMean = number(arg, value(args, ++i, arg));
          case "--prior-sd" -> options.priorSd = number(arg, value(args, ++i, arg));
          case "--scale-slope" -> slope = number(arg, value(args, ++i, arg));
          case "--scale-intercept" -> intercept = number(arg, value(args, ++i, arg));
          case "--scale-step" -> step = number(arg, value(args, ++i, arg));
          case "--scale-min" -> lowest = number(arg, value(args, ++i, arg));
          case "--scale-max" -> highest = number(arg, value(args, ++i, arg));
          case "--pass-mark" -> passMark = number(arg, value(args, ++i, arg));
          case "--threads" -> options.threads = (int) number(arg, value(args, ++i, arg));
          default -> throw new InputException("unknown argument '" + arg + "'");
        }
      }
      if (options.help) {
        return options;
      }
      if (options.responsesFile == null
          || options.outDir == null
          || !options.calibrate && options.itemsFile == null) {
        throw new InputException(
            options.calibrate
                ? "--responses and --out are required"
                : "--responses, --items and --out are required");
      }
      if (options.progress && options.quiet) {
        throw new InputException("--progress and --quiet exclude each other");
      }
      if (options.calibrationFile != null && (options.priorMean != 0 || options.priorSd != 1)) {
        throw new InputException(
            "--calibration sets the prior; do not also give --prior-mean or --prior-sd");
      }
      try {
        options.settings =
            new CalibrationSettings(
                quadraturePoints,
                options.settings.quadratureBound(),
                tolerance,
                maxIterations,
                options.threads);
        options.scale = new ReportingScale(slope, intercept, step, lowest, highest, passMark);
        if (!(options.priorSd > 0)) {
          throw new IllegalArgumentException("--prior-sd must be > 0");
        }
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
  }
}
