package kg.exam.command.results;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import kg.exam.contract.results.SessionResultRowsListed;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
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
public class SessionResults {
  /** EAP prior nodes, as {@link AbilityEstimator#of(Calibration)} uses. */
  static final int EAP_QUADRATURE_POINTS = 61;

  /** How scoring-core names an item in a refusal: by its column. */
  private static final Pattern COLUMN = Pattern.compile("\\bitem=(\\d+)");

  private final SessionScores scores;
  private final PublishedExams exams;
  private final CommandGateway commands;
  private final Clock clock;
  private final int rowBatchSize;

  @Autowired
  SessionResults(
      SessionScores scores,
      PublishedExams exams,
      CommandGateway commands,
      Clock clock,
      @Value("${exam.results.row-batch-size:1000}") int rowBatchSize) {
    if (rowBatchSize < 1 || rowBatchSize > SessionResultRowsListed.MAX_SITTINGS) {
      throw new IllegalArgumentException(
          "exam.results.row-batch-size="
              + rowBatchSize
              + " must be 1.."
              + SessionResultRowsListed.MAX_SITTINGS);
    }
    this.scores = scores;
    this.exams = exams;
    this.commands = commands;
    this.clock = clock;
    this.rowBatchSize = rowBatchSize;
  }

  SessionResults(SessionScores scores, PublishedExams exams, CommandGateway commands, Clock clock) {
    this(scores, exams, commands, clock, SessionResultRowsListed.MAX_SITTINGS);
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
    // the items that count: one excluded from scoring (weight 0) is not calibrated either
    List<String> itemIds =
        exam.content().items().stream()
            .filter(i -> i.weight() > 0)
            .map(ItemDefinition::itemId)
            .sorted()
            .toList();
    Included included = includedScores(session, exam.keyVersion(), itemIds);
    int n = included.sittingIds().size();
    byte[] cells = included.cells();
    ResponseMatrix.requireCalibratable(itemIds, cells, n, options.model());
    String digest = ResponseMatrixDigest.sha256Hex(cells, n, itemIds.size());
    Calibration calibration;
    try {
      Responses responses = Responses.wrap(cells, n, itemIds.size());
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
    List<SessionResultRowsListed> batches =
        batches(sessionId, included.sittingIds(), cells, itemIds.size());
    CalibrationSettings s = options.settings();
    ReportingScale scale = options.scale();
    SessionCalibration recorded =
        new SessionCalibration(
            exam.examId(),
            exam.version(),
            exam.keyVersion(),
            List.copyOf(included.scoringVersions()),
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
            n,
            List.of(),
            digest,
            batches.size());
    FinaliseSessionResults command =
        new FinaliseSessionResults(sessionId, recorded, batches, clock.instant(), finalisedBy);
    commands.sendAndWait(command);
    return new SessionResultsFinalised(
        sessionId, recorded, command.finalisedAt(), command.finalisedBy());
  }

  /** The rows cut into batches of {@code rowBatchSize}, each with the digest of its own rows. */
  private List<SessionResultRowsListed> batches(
      String sessionId, List<String> sittingIds, byte[] cells, int items) {
    List<SessionResultRowsListed> batches = new ArrayList<>();
    for (int first = 0; first < sittingIds.size(); first += rowBatchSize) {
      int rows = Math.min(rowBatchSize, sittingIds.size() - first);
      byte[] part = Arrays.copyOfRange(cells, first * items, (first + rows) * items);
      batches.add(
          new SessionResultRowsListed(
              sessionId,
              batches.size(),
              first,
              sittingIds.subList(first, first + rows),
              ResponseMatrixDigest.sha256Hex(part, rows, items)));
    }
    return batches;
  }

  /**
   * One sitting's result recomputed from the recorded calibration.
   *
   * @param theta null for an MLE extreme (infinite θ) or a row the recorded items cannot score (a
   *     score above an item's highest calibrated category, possible only when the input no longer
   *     matches the digest); the scaled score is then the scale's end or null, and passed false
   */
  public record SittingResult(
      String sittingId,
      String schoolId,
      double rawTotal,
      Double theta,
      Double standardError,
      Double scaledScore,
      boolean passed) {}

  /**
   * The recorded calibration with one page of the included sittings' recomputed results, in row
   * order. A page is one batch of rows as recorded ({@link SessionResultRowsListed}); a
   * finalisation recorded before batching has one page, all its rows.
   *
   * @param inputMatchesDigest whether this page's rows, as the scores stand now, still have the
   *     recorded digest (the batch's, or the whole matrix's for a single-page legacy finalisation)
   */
  record Recomputed(
      SessionResultsFinalised finalisation,
      int page,
      int pages,
      boolean inputMatchesDigest,
      List<SittingResult> sittings) {}

  /**
   * One sitting's recomputed result from the session's finalisation, if the session is finalised
   * and the sitting is one of its rows. The rows are ordered by sitting id in batches, so the batch
   * is found by a binary search over the batches' first ids.
   */
  public Optional<SittingResult> ofSitting(OpenSessions.SessionRow session, String sittingId) {
    Optional<SessionResultsFinalised> finalised = scores.finalisation(session.sessionId());
    if (finalised.isEmpty()) {
      return Optional.empty();
    }
    SessionCalibration c = finalised.get().calibration();
    int page = 0;
    if (c.rowBatches() > 0) {
      int low = 0;
      int high = c.rowBatches() - 1;
      while (low < high) {
        int mid = (low + high + 1) >>> 1;
        List<String> ids =
            scores
                .rows(session.sessionId(), mid)
                .map(SessionResultRowsListed::sittingIds)
                .orElse(List.of());
        if (!ids.isEmpty() && ids.getFirst().compareTo(sittingId) <= 0) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      page = low;
    } else if (!c.sittingIds().contains(sittingId)) {
      return Optional.empty();
    }
    return recompute(session, page).sittings().stream()
        .filter(r -> r.sittingId().equals(sittingId))
        .findFirst();
  }

  /** The first page of the results. */
  Recomputed recompute(OpenSessions.SessionRow session) {
    return recompute(session, 0);
  }

  /**
   * @throws RuleViolation {@code results-not-finalised} before finalisation, {@code not-found} for
   *     a page past the last
   */
  Recomputed recompute(OpenSessions.SessionRow session, int page) {
    SessionResultsFinalised finalised =
        scores
            .finalisation(session.sessionId())
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.RESULTS_NOT_FINALISED,
                        "The results of session " + session.sessionId() + " are not finalised."));
    SessionCalibration c = finalised.calibration();
    int pages = Math.max(1, c.rowBatches());
    if (page < 0 || page >= pages) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND,
          "The results of session "
              + session.sessionId()
              + " have pages 0.."
              + (pages - 1)
              + ", not "
              + page
              + ".");
    }
    List<String> ids;
    String recordedDigest;
    if (c.rowBatches() == 0) {
      ids = c.sittingIds();
      recordedDigest = c.responseMatrixSha256();
    } else {
      SessionResultRowsListed batch =
          scores
              .rows(session.sessionId(), page)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "session " + session.sessionId() + " has no batch " + page + " of rows"));
      ids = batch.sittingIds();
      recordedDigest = batch.responseMatrixSha256();
    }
    List<String> itemIds = c.items().stream().map(CalibratedItem::itemId).toList();
    ResponseMatrix.Columns columns = new ResponseMatrix.Columns(itemIds);
    Map<String, Row> latest = new HashMap<>();
    scores.forEachScore(
        ids,
        (sequence, scored) -> {
          if (scored.keyVersion() == c.keyVersion()) {
            keepLatest(latest, sequence, scored, columns);
          }
        });
    List<Row> rows = new ArrayList<>(ids.size());
    for (String sittingId : ids) {
      Row found = latest.get(sittingId);
      if (found == null) {
        throw new IllegalStateException(
            "sitting " + sittingId + " has no score of key " + c.keyVersion());
      }
      rows.add(found);
    }
    byte[] cells =
        ResponseMatrix.concatenate(rows.stream().map(Row::matrixRow).toList(), itemIds.size());
    boolean matches =
        ResponseMatrixDigest.sha256Hex(cells, rows.size(), itemIds.size()).equals(recordedDigest);
    AbilityEstimator estimator = estimator(c);
    AbilityMethod method = AbilityMethod.valueOf(c.abilityMethod());
    ScaleDefinition d = c.scale();
    ReportingScale scale =
        new ReportingScale(
            d.slope(), d.intercept(), d.step(), d.lowest(), d.highest(), d.passMark());
    Map<String, String> schools = scores.schools(ids);
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
    return new Recomputed(finalised, page, pages, matches, results);
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

  /**
   * A sitting's latest score as it streams past, kept small (a national session's are all held at
   * once): where it is in the sitting's stream, what finalisation checks, and its response matrix
   * row, or why the row cannot be one (refused only if the sitting is included).
   */
  private record Row(
      String sittingId,
      long sequence,
      int keyVersion,
      boolean needsHumanMarking,
      String scoringVersion,
      double rawTotal,
      byte[] cells,
      RuleViolation refusal) {

    /** The row, or the refusal of its score. */
    byte[] matrixRow() {
      if (refusal != null) {
        throw refusal;
      }
      return cells;
    }
  }

  private static void keepLatest(
      Map<String, Row> latest,
      long sequence,
      SittingScored scored,
      ResponseMatrix.Columns columns) {
    Row known = latest.get(scored.sittingId());
    if (known != null && known.sequence() > sequence) {
      return;
    }
    byte[] cells = null;
    RuleViolation refusal = null;
    try {
      cells = columns.row(scored);
    } catch (RuleViolation e) {
      refusal = e;
    }
    latest.put(
        scored.sittingId(),
        new Row(
            scored.sittingId(),
            sequence,
            scored.keyVersion(),
            scored.needsHumanMarking(),
            scored.scoringVersion() == null ? null : scored.scoringVersion().intern(),
            scored.rawTotal(),
            cells,
            refusal));
  }

  /** The included sittings in row order (ascending id), their cells and scoring versions. */
  private record Included(List<String> sittingIds, byte[] cells, Set<String> scoringVersions) {}

  private Included includedScores(
      OpenSessions.SessionRow session, int keyVersion, List<String> itemIds) {
    ResponseMatrix.Columns columns = new ResponseMatrix.Columns(itemIds);
    Map<String, Row> latest = new HashMap<>();
    scores.forEachScore(
        session.sessionId(), (sequence, scored) -> keepLatest(latest, sequence, scored, columns));
    int running = 0;
    int unscored = 0;
    int rescoring = 0;
    int marking = 0;
    List<Row> rows = new ArrayList<>();
    for (SessionScores.SittingStatus sitting : scores.sittings(session.sessionId())) {
      switch (sitting.status()) {
        case "IN_PROGRESS", "PAUSED" -> running++;
        case "SUBMITTED", "TIMED_OUT" -> {
          Row scored = latest.get(sitting.sittingId());
          if (scored == null) {
            unscored++;
          } else if (scored.keyVersion() != keyVersion) {
            rescoring++;
          } else if (scored.needsHumanMarking()) {
            marking++;
          } else {
            rows.add(scored);
          }
        }
        default -> {
          // registered but never started: absent, not in the results
        }
      }
    }
    latest.clear();
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
    rows.sort(Comparator.comparing(Row::sittingId));
    return new Included(
        rows.stream().map(Row::sittingId).toList(),
        ResponseMatrix.concatenate(rows.stream().map(Row::matrixRow).toList(), itemIds.size()),
        new TreeSet<>(rows.stream().map(Row::scoringVersion).toList()));
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
