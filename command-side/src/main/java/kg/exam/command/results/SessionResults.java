package kg.exam.command.results;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.EmSettings;
import kg.exam.contract.results.FinaliseSessionResults;
import kg.exam.contract.results.GuessingPriorDefinition;
import kg.exam.contract.results.ResponseMatrixDigest;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.Calibration;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.GeneralCalibrator;
import kg.exam.scoring.irt.GuessingPrior;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Finalises a session's results (collects the scores, calibrates with scoring-core, sends {@link
 * FinaliseSessionResults}) and recomputes every sitting's θ and scaled score from the recorded
 * calibration and the sittings' {@code SittingScored} events.
 *
 * <p>Which sittings go in: every handed-in (submitted or timed-out) sitting of the session, with
 * its latest {@code SittingScored}; sittings registered but never started are absent and left out.
 * Finalisation is refused ({@code results-not-ready}) while any sitting is still running, handed in
 * but not scored, scored against an older key than the exam version's current one (a re-score is
 * under way), or waiting for human marking.
 */
@Component
class SessionResults {
  /** EAP prior nodes, as {@link AbilityEstimator#of(Calibration)} uses. */
  static final int EAP_QUADRATURE_POINTS = 61;

  /** How scoring-core names an item in a refusal: by its column. */
  private static final Pattern COLUMN = Pattern.compile("\\bitem=(\\d+)");

  private final SessionScores scores;
  private final PublishedExams exams;
  private final CommandGateway commands;
  private final Clock clock;

  SessionResults(SessionScores scores, PublishedExams exams, CommandGateway commands, Clock clock) {
    this.scores = scores;
    this.exams = exams;
    this.commands = commands;
    this.clock = clock;
  }

  /**
   * What the caller asked for; validated by the controller.
   *
   * @param guessingPrior the Beta prior on {@code c}: required under {@link IrtModel#THREE_PL} (the
   *     controller's default is {@link GuessingPrior#defaults()}), null under every other model
   */
  record Options(
      IrtModel model,
      AbilityMethod abilityMethod,
      ReportingScale scale,
      CalibrationSettings settings,
      GuessingPrior guessingPrior) {

    Options {
      if ((model == IrtModel.THREE_PL) != (guessingPrior != null)) {
        throw new IllegalArgumentException(
            "guessingPrior=" + guessingPrior + " must be given for THREE_PL only, not " + model);
      }
    }

    /** Options of a model without a guessing prior (every model but 3PL). */
    Options(
        IrtModel model,
        AbilityMethod abilityMethod,
        ReportingScale scale,
        CalibrationSettings settings) {
      this(model, abilityMethod, scale, settings, null);
    }
  }

  /**
   * @return the recorded finalisation
   * @throws RuleViolation on every refusal; nothing is recorded then
   */
  SessionResultsFinalised finalise(
      OpenSessions.SessionRow session, Options options, String finalisedBy) {
    String sessionId = session.sessionId();
    if (session.closedAt() == null) {
      throw new RuleViolation(
          ProblemType.SESSION_NOT_CLOSED,
          "Session " + sessionId + " is not closed: close it before finalising its results.");
    }
    scores
        .finalisation(sessionId)
        .ifPresent(
            done -> {
              throw new RuleViolation(
                  ProblemType.RESULTS_ALREADY_FINALISED,
                  "The results of session "
                      + sessionId
                      + " were finalised at "
                      + done.finalisedAt()
                      + ".");
            });
    PublishedExam exam = exam(session);
    List<String> itemIds =
        exam.content().items().stream().map(ItemDefinition::itemId).sorted().toList();
    List<SittingScored> rows = includedScores(session, exam.keyVersion());
    byte[] cells = ResponseMatrix.cells(itemIds, rows);
    ResponseMatrix.requireCalibratable(itemIds, cells, rows.size(), options.model());
    String digest = ResponseMatrixDigest.sha256Hex(cells, rows.size(), itemIds.size());
    Calibration calibration;
    try {
      Responses responses = Responses.wrap(cells, rows.size(), itemIds.size());
      calibration =
          options.guessingPrior() == null
              ? MarginalCalibrator.calibrate(responses, options.model(), options.settings())
              : GeneralCalibrator.calibrate(
                  responses,
                  options.model(),
                  options.settings(),
                  options.guessingPrior(),
                  Map.of(),
                  cycle -> {});
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          ProblemType.CALIBRATION_NOT_POSSIBLE, namingItems(e.getMessage(), itemIds));
    }
    List<CalibratedItem> items = new ArrayList<>();
    for (int j = 0; j < itemIds.size(); j++) {
      items.add(toRecord(itemIds.get(j), calibration.items().get(j)));
    }
    CalibrationSettings s = options.settings();
    ReportingScale scale = options.scale();
    SessionCalibration recorded =
        new SessionCalibration(
            exam.examId(),
            exam.version(),
            exam.keyVersion(),
            List.copyOf(new TreeSet<>(rows.stream().map(SittingScored::scoringVersion).toList())),
            options.model().name(),
            SessionCalibration.MML_EM,
            options.abilityMethod().name(),
            EAP_QUADRATURE_POINTS,
            ScoringCoreVersion.VERSION,
            new EmSettings(
                s.quadraturePoints(), s.quadratureBound(), s.tolerance(), s.maxIterations()),
            options.guessingPrior() == null
                ? null
                : new GuessingPriorDefinition(
                    options.guessingPrior().alpha(), options.guessingPrior().beta()),
            items,
            calibration.latentMean(),
            calibration.latentSd(),
            finiteOrNull(calibration.latentSdSe()),
            calibration.logLikelihood(),
            calibration.iterations(),
            calibration.converged(),
            calibration.lastMaxChange(),
            new ScaleDefinition(
                scale.slope(),
                scale.intercept(),
                scale.step(),
                scale.lowest(),
                scale.highest(),
                scale.passMark()),
            rows.size(),
            rows.stream().map(SittingScored::sittingId).toList(),
            digest);
    FinaliseSessionResults command =
        new FinaliseSessionResults(sessionId, recorded, clock.instant(), finalisedBy);
    commands.sendAndWait(command);
    return new SessionResultsFinalised(
        sessionId, recorded, command.finalisedAt(), command.finalisedBy());
  }

  /**
   * One sitting's result recomputed from the recorded calibration.
   *
   * @param theta null for an MLE extreme (infinite θ) or a row the recorded items cannot score (a
   *     score above an item's highest calibrated category, possible only when the input no longer
   *     matches the digest); the scaled score is then the scale's end or null, and passed false
   */
  record SittingResult(
      String sittingId,
      String schoolId,
      double rawTotal,
      Double theta,
      Double standardError,
      Double scaledScore,
      boolean passed) {}

  /** The recorded calibration with every included sitting's recomputed result, in row order. */
  record Recomputed(
      SessionResultsFinalised finalisation,
      boolean inputMatchesDigest,
      List<SittingResult> sittings) {}

  /**
   * @throws RuleViolation {@code results-not-finalised} before finalisation
   */
  Recomputed recompute(OpenSessions.SessionRow session) {
    SessionResultsFinalised finalised =
        scores
            .finalisation(session.sessionId())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.RESULTS_NOT_FINALISED,
                        "The results of session " + session.sessionId() + " are not finalised."));
    SessionCalibration c = finalised.calibration();
    List<String> itemIds = c.items().stream().map(CalibratedItem::itemId).toList();
    List<SittingScored> rows = new ArrayList<>();
    for (String sittingId : c.sittingIds()) {
      rows.add(
          scores.scores(sittingId).stream()
              .filter(s -> s.keyVersion() == c.keyVersion())
              .reduce((first, second) -> second)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "sitting " + sittingId + " has no score of key " + c.keyVersion())));
    }
    byte[] cells = ResponseMatrix.cells(itemIds, rows);
    boolean matches =
        ResponseMatrixDigest.sha256Hex(cells, rows.size(), itemIds.size())
            .equals(c.responseMatrixSha256());
    AbilityEstimator estimator = estimator(c);
    AbilityMethod method = AbilityMethod.valueOf(c.abilityMethod());
    ScaleDefinition d = c.scale();
    ReportingScale scale =
        new ReportingScale(
            d.slope(), d.intercept(), d.step(), d.lowest(), d.highest(), d.passMark());
    Map<String, String> schools = new HashMap<>();
    scores.sittings(session.sessionId()).forEach(s -> schools.put(s.sittingId(), s.schoolId()));
    List<SittingResult> results = new ArrayList<>();
    byte[] row = new byte[itemIds.size()];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(cells, r * row.length, row, 0, row.length);
      double[] estimate;
      try {
        estimate = estimator.estimate(method, row);
      } catch (IllegalArgumentException e) {
        // only when the scores changed since finalisation (inputMatchesDigest is false): a score
        // above the highest the calibration saw has no category; no θ rather than a failure
        estimate = new double[] {Double.NaN, Double.NaN};
      }
      results.add(
          new SittingResult(
              rows.get(r).sittingId(),
              schools.get(rows.get(r).sittingId()),
              rows.get(r).rawTotal(),
              finiteOrNull(estimate[0]),
              finiteOrNull(estimate[1]),
              orNull(scale.scaled(estimate[0])),
              scale.passed(estimate[0])));
    }
    return new Recomputed(finalised, matches, results);
  }

  /** The estimator a recorded calibration defines: its items and its latent distribution. */
  static AbilityEstimator estimator(SessionCalibration c) {
    List<ItemParameters> items = c.items().stream().map(SessionResults::fromRecord).toList();
    return new AbilityEstimator(items, c.latentMean(), c.latentSd(), c.eapQuadraturePoints());
  }

  /**
   * The inverse of {@link #toRecord}: every parameter as recorded, a null SE as NaN (so the round
   * trip is exact for finite or NaN standard errors; an infinite SE comes back NaN).
   */
  static ItemParameters fromRecord(CalibratedItem i) {
    return new ItemParameters(
        i.discrimination(),
        i.difficulty(),
        nan(i.discriminationSe()),
        nan(i.difficultySe()),
        i.guessing(),
        nan(i.guessingSe()),
        i.thresholds().stream().mapToDouble(Double::doubleValue).toArray(),
        i.thresholdSes().stream().mapToDouble(SessionResults::nan).toArray());
  }

  private List<SittingScored> includedScores(OpenSessions.SessionRow session, int keyVersion) {
    int running = 0;
    int unscored = 0;
    int rescoring = 0;
    int marking = 0;
    List<SittingScored> rows = new ArrayList<>();
    for (SessionScores.SittingStatus sitting : scores.sittings(session.sessionId())) {
      switch (sitting.status()) {
        case "IN_PROGRESS", "PAUSED" -> running++;
        case "SUBMITTED", "TIMED_OUT" -> {
          List<SittingScored> scored = scores.scores(sitting.sittingId());
          if (scored.isEmpty()) {
            unscored++;
          } else {
            SittingScored latest = scored.getLast();
            if (latest.keyVersion() != keyVersion) {
              rescoring++;
            } else if (latest.needsHumanMarking()) {
              marking++;
            } else {
              rows.add(latest);
            }
          }
        }
        default -> {
          // registered but never started: absent, not in the results
        }
      }
    }
    if (running + unscored + rescoring + marking > 0) {
      throw new RuleViolation(
          ProblemType.RESULTS_NOT_READY,
          "Not every sitting has a final score: "
              + running
              + " still running, "
              + unscored
              + " handed in but not scored yet, "
              + rescoring
              + " being re-scored against key version "
              + keyVersion
              + ", "
              + marking
              + " waiting for human marking.");
    }
    if (rows.isEmpty()) {
      throw new RuleViolation(
          ProblemType.CALIBRATION_NOT_POSSIBLE,
          "Session " + session.sessionId() + " has no scored sittings to calibrate.");
    }
    rows.sort(Comparator.comparing(SittingScored::sittingId));
    return rows;
  }

  private PublishedExam exam(OpenSessions.SessionRow session) {
    return exams
        .find(session.examId(), session.examVersion())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "exam " + session.examId() + " v" + session.examVersion() + " not published"));
  }

  /**
   * scoring-core names an item by its column ({@code item=3}); the response matrix's columns are
   * the item ids in order, so {@code item=3} becomes {@code item <id of column 3>}.
   */
  static String namingItems(String message, List<String> itemIds) {
    if (message == null) {
      return "scoring-core refused the response matrix.";
    }
    Matcher m = COLUMN.matcher(message);
    StringBuilder named = new StringBuilder();
    while (m.find()) {
      int column = Integer.parseInt(m.group(1));
      String replacement = column < itemIds.size() ? "item " + itemIds.get(column) : m.group();
      m.appendReplacement(named, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(named);
    return named.toString();
  }

  /**
   * An item's parameters as recorded: SEs that are NaN or infinite become null (JSON has neither).
   */
  static CalibratedItem toRecord(String itemId, ItemParameters p) {
    double[] thresholds = p.thresholds();
    double[] ses = p.thresholdSes();
    List<Double> thresholdList = new ArrayList<>();
    List<Double> seList = new ArrayList<>();
    for (int v = 0; v < thresholds.length; v++) {
      thresholdList.add(thresholds[v]);
      seList.add(finiteOrNull(ses[v]));
    }
    return new CalibratedItem(
        itemId,
        p.discrimination(),
        p.difficulty(),
        p.guessing(),
        thresholdList,
        finiteOrNull(p.discriminationSe()),
        finiteOrNull(p.difficultySe()),
        finiteOrNull(p.guessingSe()),
        seList);
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static double nan(Double value) {
    return value == null ? Double.NaN : value;
  }
}
