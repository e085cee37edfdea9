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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.irt.Abilities;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.Calibration;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.GeneralCalibrator;
import kg.exam.scoring.irt.GradeBoundaries;
import kg.exam.scoring.irt.GuessingPrior;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.ItemFit;
import kg.exam.scoring.irt.ItemFitAnalysis;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Linking;
import kg.exam.scoring.irt.LinkingConstants;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;
import kg.exam.scoring.irt.ScoreScale;
import kg.exam.scoring.irt.TableReportingScale;

/**
 * Item response theory from the command line (formats in the module README):
 *
 * <pre>
 * java -cp scoring-core.jar kg.exam.scoring.cli.IrtCli calibrate --responses responses.csv --out calibration/ [--model rasch|2pl|3pl|pcm|gpcm]
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
            usage: IrtCli calibrate --responses RESPONSES.csv --out DIR [--model rasch|2pl|3pl|pcm|gpcm] [--anchors ITEMS.csv]
                                    [--guessing-prior ALPHA,BETA] [--quadrature-points Q] [--tolerance T] [--max-iterations M]
                                    [--allow-not-converged] [--threads N] [--progress | --quiet]
                   IrtCli abilities --responses RESPONSES.csv --items ITEMS.csv --out DIR [--calibration CALIBRATION.csv]
                                    [--method wle|mle|eap] [--prior-mean M] [--prior-sd S] [--scale-slope A] [--scale-intercept B]
                                    [--scale-min L] [--scale-max H] | [--scale-table TABLE.csv]  [--scale-step S] [--pass-mark P]
                                    [--grades MIN:GRADE,...] [--threads N] [--progress | --quiet]
                   IrtCli link --items NEW_ITEMS.csv --reference REFERENCE_ITEMS.csv --out DIR
                                    [--linking-method stocking-lord|mean-sigma|mean-mean]""";

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
      if (options.link) {
        return link(options, out);
      }
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
    Map<String, ItemParameters> anchorBank =
        options.anchorsFile == null ? Map.of() : readBank(options.anchorsFile);
    IrtFiles.ResponseFile file =
        readResponses(
            options,
            progress,
            itemId -> options.model.polytomous() ? Responses.MAX_SCORE : 1,
            "--model "
                + modelName(options.model)
                + " is dichotomous; use --model pcm or gpcm for partial credit");
    Responses responses = file.responses();
    Map<Integer, ItemParameters> anchors = new TreeMap<>();
    for (int i = 0; i < file.itemIds().size(); i++) {
      ItemParameters anchor = anchorBank.get(file.itemIds().get(i));
      if (anchor != null) {
        anchors.put(i, anchor);
      }
    }
    if (options.anchorsFile != null && anchors.isEmpty()) {
      throw new InputException(
          options.anchorsFile.toString(),
          1,
          "none of its items is a column of " + options.responsesFile);
    }
    checkCalibratable(file, options.responsesFile.toString(), options.model, anchors.keySet());
    CalibrationSettings settings = options.settings;
    progress.start("EM", settings.maxIterations());
    Calibration calibration;
    try {
      calibration =
          anchors.isEmpty() && (options.model == IrtModel.RASCH || options.model == IrtModel.TWO_PL)
              ? MarginalCalibrator.calibrate(
                  responses, options.model, settings, progress::advanceTo)
              : GeneralCalibrator.calibrate(
                  responses,
                  options.model,
                  settings,
                  options.guessingPrior,
                  anchors,
                  progress::advanceTo);
    } catch (IllegalArgumentException e) {
      throw new InputException(
          (options.anchorsFile != null ? options.anchorsFile : options.responsesFile).toString(),
          1,
          withItemIds(e.getMessage(), file.itemIds()));
    }
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
      written.put(
          "items.csv", writeItems(options.outDir, file, calibration, fits, anchors.keySet()));
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
            + (anchors.isEmpty() ? "" : ", " + anchors.size() + " anchor items fixed")
            + ") on "
            + calibration.candidatesUsed()
            + " candidates in "
            + calibration.iterations()
            + " EM cycles"
            + (calibration.converged() ? "" : " (NOT CONVERGED)")
            + ", latent mean "
            + CsvWriter.number(calibration.latentMean())
            + ", sd "
            + CsvWriter.number(calibration.latentSd())
            + " ("
            + ScoringCoreVersion.VERSION
            + ") into "
            + options.outDir);
    return EXIT_OK;
  }

  /**
   * Refuses items whose parameters do not exist: nobody has a score, everybody has the same score,
   * or (partial credit) a score between 0 and the item's highest that nobody obtained. Anchor items
   * are exempt: their parameters are given.
   */
  private static void checkCalibratable(
      IrtFiles.ResponseFile file, String fileName, IrtModel model, Set<Integer> anchors)
      throws InputException {
    Responses responses = file.responses();
    for (int i = 0; i < responses.itemCount(); i++) {
      if (anchors.contains(i)) {
        continue;
      }
      long[] counts = new long[Responses.MAX_SCORE + 1];
      int presented = 0;
      for (int c = 0; c < responses.candidateCount(); c++) {
        byte cell = responses.cell(c, i);
        if (cell != Responses.NOT_PRESENTED) {
          presented++;
          counts[cell]++;
        }
      }
      String itemId = file.itemIds().get(i);
      if (presented == 0) {
        throw new InputException(
            fileName,
            1,
            "item '" + itemId + "' cannot be calibrated: no candidate has a score for it");
      }
      int highest = responses.maxScore(i);
      if (counts[highest] == presented) {
        throw new InputException(
            fileName,
            1,
            "item '"
                + itemId
                + "' cannot be calibrated: all "
                + presented
                + " scores are "
                + highest);
      }
      if (model.polytomous()) {
        for (int score = 0; score < highest; score++) {
          if (counts[score] == 0) {
            throw new InputException(
                fileName,
                1,
                "item '"
                    + itemId
                    + "' cannot be calibrated: no candidate scored "
                    + score
                    + " (of 0.."
                    + highest
                    + "), so its step "
                    + (score + 1)
                    + " is not estimable; merge that score with a neighbouring one");
          }
        }
      }
    }
  }

  /** Replaces the calibrators' {@code item=3} (a column index) with the item's id. */
  static String withItemIds(String message, List<String> itemIds) {
    Matcher matcher = Pattern.compile("item=(\\d+)").matcher(String.valueOf(message));
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      int index = Integer.parseInt(matcher.group(1));
      String replacement =
          index < itemIds.size() ? "item '" + itemIds.get(index) + "'" : matcher.group();
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static Map<String, ItemParameters> readBank(Path itemsFile)
      throws IOException, InputException {
    try (Reader reader = open(itemsFile)) {
      return IrtFiles.readItems(reader, itemsFile.toString());
    } catch (CharacterCodingException e) {
      throw new InputException(itemsFile + ": not valid UTF-8");
    } catch (NoSuchFileException e) {
      throw new InputException(itemsFile + ": no such file");
    }
  }

  private static int abilities(Options options, PrintStream out, PrintStream err)
      throws IOException, InputException {
    Map<String, ItemParameters> bank = readBank(options.itemsFile);
    if (options.scaleTableFile != null) {
      double[][] table;
      try (Reader reader = open(options.scaleTableFile)) {
        table = IrtFiles.readScaleTable(reader, options.scaleTableFile.toString());
      } catch (CharacterCodingException e) {
        throw new InputException(options.scaleTableFile + ": not valid UTF-8");
      } catch (NoSuchFileException e) {
        throw new InputException(options.scaleTableFile + ": no such file");
      }
      try {
        options.scale =
            new TableReportingScale(table[0], table[1], options.scaleStep, options.passMark);
      } catch (IllegalArgumentException e) {
        throw new InputException(options.scaleTableFile.toString(), 1, e.getMessage());
      }
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
    IrtFiles.ResponseFile file =
        readResponses(
            options,
            progress,
            itemId -> bank.containsKey(itemId) ? bank.get(itemId).maxScore() : Responses.MAX_SCORE,
            "as its parameters in " + options.itemsFile + " say");
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
        List<String> header =
            new ArrayList<>(
                List.of(
                    "candidate_id", "presented", "raw_score", "theta", "se", "scaled", "passed"));
        if (options.grades != null) {
          header.add("grade");
        }
        csv.row(header.toArray());
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
          Object[] values = {
            file.candidateIds().get(c),
            presented,
            raw,
            theta(theta),
            abilities.standardError(c),
            scaled,
            Double.isNaN(scaled) ? null : options.scale.passed(theta),
            options.grades == null ? null : options.grades.grade(scaled).orElse(null)
          };
          csv.row(options.grades == null ? Arrays.copyOf(values, 7) : values);
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
   * {@code link}: puts the items of {@code --items} (new form X) on the scale of {@code
   * --reference} (form Y) through the items the two files share, and writes {@code linking.csv} and
   * the transformed {@code items.csv}.
   */
  private static int link(Options options, PrintStream out) throws IOException, InputException {
    Map<String, ItemParameters> newForm = readBank(options.itemsFile);
    Map<String, ItemParameters> reference = readBank(options.referenceFile);
    List<String> common = new ArrayList<>();
    List<ItemParameters> commonNew = new ArrayList<>();
    List<ItemParameters> commonReference = new ArrayList<>();
    for (Map.Entry<String, ItemParameters> item : newForm.entrySet()) {
      ItemParameters onReference = reference.get(item.getKey());
      if (onReference != null) {
        common.add(item.getKey());
        commonNew.add(item.getValue());
        commonReference.add(onReference);
      }
    }
    if (common.size() < 2) {
      throw new InputException(
          options.itemsFile.toString(),
          1,
          "linking needs at least 2 items also in "
              + options.referenceFile
              + "; found "
              + common.size());
    }
    LinkingConstants constants;
    Linking.StockingLordResult stockingLord = null;
    try {
      switch (options.linkingMethod) {
        case "mean-sigma" -> constants = Linking.meanSigma(commonNew, commonReference);
        case "mean-mean" -> constants = Linking.meanMean(commonNew, commonReference);
        default -> {
          stockingLord = Linking.stockingLord(commonNew, commonReference);
          constants = stockingLord.constants();
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InputException(
          options.itemsFile.toString(), 1, withItemIds(e.getMessage(), common));
    }
    Files.createDirectories(options.outDir);
    Map<String, Path> written = new LinkedHashMap<>();
    try {
      Path linking = OutputFiles.temporary(options.outDir, "linking.csv");
      written.put("linking.csv", linking);
      try (CsvWriter csv =
          new CsvWriter(Files.newBufferedWriter(linking, StandardCharsets.UTF_8))) {
        csv.row("statistic", "value");
        csv.row("method", options.linkingMethod);
        csv.row("software", ScoringCoreVersion.VERSION);
        csv.row("slope", constants.slope());
        csv.row("intercept", constants.intercept());
        csv.row("common_items", common.size());
        csv.row("common_item_ids", String.join("|", common));
        if (stockingLord != null) {
          csv.row("criterion", stockingLord.criterion());
          csv.row("iterations", stockingLord.iterations());
          csv.row("gradient_norm", stockingLord.gradientNorm());
          csv.row("start_slope", stockingLord.start().slope());
          csv.row("start_intercept", stockingLord.start().intercept());
        }
      }
      Path items = OutputFiles.temporary(options.outDir, "items.csv");
      written.put("items.csv", items);
      try (CsvWriter csv = new CsvWriter(Files.newBufferedWriter(items, StandardCharsets.UTF_8))) {
        csv.row(
            "item_id",
            "discrimination",
            "difficulty",
            "guessing",
            "thresholds",
            "discrimination_se",
            "difficulty_se",
            "guessing_se",
            "threshold_ses",
            "common");
        for (Map.Entry<String, ItemParameters> entry : newForm.entrySet()) {
          ItemParameters item = constants.transform(entry.getValue());
          csv.row(
              entry.getKey(),
              item.discrimination(),
              item.difficulty(),
              item.polytomous() ? null : (Object) item.guessing(),
              item.polytomous() ? joined(item.thresholds()) : null,
              item.discriminationSe(),
              item.difficultySe(),
              item.guessingSe(),
              item.polytomous() ? joined(item.thresholdSes()) : null,
              reference.containsKey(entry.getKey()));
        }
      }
      moveIntoPlace(options.outDir, written);
    } finally {
      for (Path temporary : written.values()) {
        Files.deleteIfExists(temporary);
      }
    }
    out.println(
        "linked "
            + newForm.size()
            + " items through "
            + common.size()
            + " common items ("
            + options.linkingMethod
            + "): theta_reference = "
            + CsvWriter.number(constants.slope())
            + " * theta_new + "
            + CsvWriter.number(constants.intercept())
            + " ("
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
      Path dir,
      IrtFiles.ResponseFile file,
      Calibration calibration,
      List<ItemFit> fits,
      Set<Integer> anchors)
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
          "guessing",
          "thresholds",
          "discrimination_se",
          "difficulty_se",
          "guessing_se",
          "threshold_ses",
          "anchor",
          "max_score",
          "presented",
          "p_value",
          "infit",
          "outfit");
      for (int i = 0; i < responses.itemCount(); i++) {
        int presented = 0;
        long total = 0;
        for (int c = 0; c < responses.candidateCount(); c++) {
          byte cell = responses.cell(c, i);
          if (cell != Responses.NOT_PRESENTED) {
            presented++;
            total += cell;
          }
        }
        ItemParameters item = calibration.items().get(i);
        boolean threePl = calibration.model() == IrtModel.THREE_PL;
        csv.row(
            file.itemIds().get(i),
            modelName(calibration.model()),
            item.discrimination(),
            item.difficulty(),
            threePl ? (Object) item.guessing() : null,
            item.polytomous() ? joined(item.thresholds()) : null,
            item.discriminationSe(),
            item.difficultySe(),
            threePl ? (Object) item.guessingSe() : null,
            item.polytomous() ? joined(item.thresholdSes()) : null,
            anchors.contains(i),
            item.maxScore(),
            presented,
            (double) total / presented / item.maxScore(),
            fits.get(i).infitMeanSquare(),
            fits.get(i).outfitMeanSquare());
      }
    }
    return temporary;
  }

  /** Thresholds as written: {@code |}-separated numbers, empty for an unknown one. */
  private static String joined(double[] values) {
    StringBuilder text = new StringBuilder();
    for (int v = 0; v < values.length; v++) {
      text.append(v == 0 ? "" : "|")
          .append(Double.isNaN(values[v]) ? "" : CsvWriter.number(values[v]));
    }
    return text.toString();
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
    return switch (model) {
      case RASCH -> "rasch";
      case TWO_PL -> "2pl";
      case THREE_PL -> "3pl";
      case PARTIAL_CREDIT -> "pcm";
      case GENERALIZED_PARTIAL_CREDIT -> "gpcm";
    };
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

  private static IrtFiles.ResponseFile readResponses(
      Options options, Progress progress, ToIntFunction<String> highestScore, String reason)
      throws IOException, InputException {
    AtomicLong bytesRead = new AtomicLong();
    long bytes = size(options.responsesFile);
    try (InputStream raw = Files.newInputStream(options.responsesFile);
        Reader reader = decoder(new CountingInputStream(raw, bytesRead))) {
      progress.start("reading", bytes);
      IrtFiles.ResponseFile file =
          IrtFiles.readResponses(
              reader,
              options.responsesFile.toString(),
              progress,
              bytesRead::get,
              highestScore,
              reason);
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
    boolean link;
    boolean help;
    Path referenceFile;
    String linkingMethod = "stocking-lord";
    Path scaleTableFile;
    GradeBoundaries grades;
    double scaleStep;
    double passMark;
    Path responsesFile;
    Path outDir;
    Path itemsFile;
    Path calibrationFile;
    Path anchorsFile;
    GuessingPrior guessingPrior = GuessingPrior.defaults();
    IrtModel model = IrtModel.RASCH;
    CalibrationSettings settings = CalibrationSettings.defaults();
    boolean allowNotConverged;
    AbilityMethod method = AbilityMethod.WLE;
    double priorMean;
    double priorSd = 1;
    ScoreScale scale = ReportingScale.nationalExample();
    int threads = Runtime.getRuntime().availableProcessors();
    boolean progress;
    boolean quiet;

    static Options parse(String[] args) throws InputException {
      Options options = new Options();
      if (args.length == 0) {
        throw new InputException("a subcommand is required: calibrate, abilities or link");
      }
      switch (args[0]) {
        case "--help", "-h" -> {
          options.help = true;
          return options;
        }
        case "calibrate" -> options.calibrate = true;
        case "abilities" -> options.calibrate = false;
        case "link" -> options.link = true;
        default ->
            throw new InputException(
                "unknown subcommand '" + args[0] + "' (calibrate, abilities or link)");
      }
      int quadraturePoints = options.settings.quadraturePoints();
      double tolerance = options.settings.tolerance();
      int maxIterations = options.settings.maxIterations();
      ReportingScale scale = ReportingScale.nationalExample();
      double slope = scale.slope();
      double intercept = scale.intercept();
      double step = scale.step();
      double lowest = scale.lowest();
      double highest = scale.highest();
      double passMark = scale.passMark();
      for (int i = 1; i < args.length; i++) {
        String arg = args[i];
        Set<String> appliesTo =
            switch (arg) {
              case "--model",
                  "--quadrature-points",
                  "--tolerance",
                  "--max-iterations",
                  "--anchors",
                  "--guessing-prior",
                  "--allow-not-converged" ->
                  Set.of("calibrate");
              case "--items" -> Set.of("abilities", "link");
              case "--calibration",
                  "--method",
                  "--prior-mean",
                  "--prior-sd",
                  "--scale-slope",
                  "--scale-intercept",
                  "--scale-step",
                  "--scale-min",
                  "--scale-max",
                  "--scale-table",
                  "--grades",
                  "--pass-mark" ->
                  Set.of("abilities");
              case "--reference", "--linking-method" -> Set.of("link");
              case "--responses", "--threads", "--progress", "--quiet" ->
                  Set.of("calibrate", "abilities");
              default -> Set.of("calibrate", "abilities", "link");
            };
        if (!appliesTo.contains(args[0])) {
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
                    case "3pl" -> IrtModel.THREE_PL;
                    case "pcm" -> IrtModel.PARTIAL_CREDIT;
                    case "gpcm" -> IrtModel.GENERALIZED_PARTIAL_CREDIT;
                    default ->
                        throw new InputException("--model must be rasch, 2pl, 3pl, pcm or gpcm");
                  };
          case "--anchors" -> options.anchorsFile = Path.of(value(args, ++i, arg));
          case "--reference" -> options.referenceFile = Path.of(value(args, ++i, arg));
          case "--linking-method" -> {
            options.linkingMethod = value(args, ++i, arg).toLowerCase(Locale.ROOT);
            if (!Set.of("stocking-lord", "mean-sigma", "mean-mean")
                .contains(options.linkingMethod)) {
              throw new InputException(
                  "--linking-method must be stocking-lord, mean-sigma or mean-mean");
            }
          }
          case "--scale-table" -> options.scaleTableFile = Path.of(value(args, ++i, arg));
          case "--grades" -> {
            try {
              options.grades = GradeBoundaries.parse(value(args, ++i, arg));
            } catch (IllegalArgumentException e) {
              throw new InputException("--grades: " + e.getMessage());
            }
          }
          case "--guessing-prior" -> {
            String[] parts = value(args, ++i, arg).split(",", -1);
            if (parts.length != 2) {
              throw new InputException("--guessing-prior must be ALPHA,BETA (e.g. 5,17)");
            }
            try {
              options.guessingPrior =
                  new GuessingPrior(number(arg, parts[0]), number(arg, parts[1]));
            } catch (IllegalArgumentException e) {
              throw new InputException("--guessing-prior: " + e.getMessage());
            }
          }
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
      if (options.link) {
        if (options.itemsFile == null || options.referenceFile == null || options.outDir == null) {
          throw new InputException("--items, --reference and --out are required");
        }
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
      boolean linearScaleGiven =
          Arrays.stream(args)
              .anyMatch(
                  a ->
                      Set.of("--scale-slope", "--scale-intercept", "--scale-min", "--scale-max")
                          .contains(a));
      if (options.scaleTableFile != null && linearScaleGiven) {
        throw new InputException(
            "--scale-table replaces the linear scale; do not also give --scale-slope,"
                + " --scale-intercept, --scale-min or --scale-max");
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
        options.scaleStep = step;
        options.passMark = passMark;
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
