package kg.exam.command.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.problem.Texts;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.marking.ConfigureMarking;
import kg.exam.contract.marking.MarkerStopped;
import kg.exam.contract.marking.MarkingConfigured;
import kg.exam.contract.marking.StopMarker;
import kg.exam.contract.results.FinaliseSessionResults;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultRowsListed;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.session.CloseExamSession;
import kg.exam.contract.session.ExamSessionClosed;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.OpenExamSession;
import kg.exam.contract.session.PublishSessionTreeHead;
import kg.exam.contract.session.ReleaseResults;
import kg.exam.contract.session.ResultsReleaseScheduled;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.SessionTreeLeavesListed;
import kg.exam.contract.session.SignSessionStream;
import kg.exam.contract.survey.DeclareSampleDesign;
import kg.exam.contract.survey.SampleDesignDeclared;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An exam session: one published exam version offered at a centre for a window of time; once
 * closed, its results can be finalised once with a recorded calibration.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class ExamSession {
  @AggregateIdentifier private String sessionId;
  private String examId;
  private int examVersion;
  private boolean closed;
  private Instant closedAt;
  private Instant finalisedAt;
  private Instant releaseAt;
  private final java.util.Set<String> stoppedMarkers = new java.util.HashSet<>();

  ExamSession() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(OpenExamSession command, StreamHeadSigner signer) {
    if (sessionId != null) {
      throw new RuleViolation(
          ProblemType.SESSION_ALREADY_EXISTS,
          "Session " + command.sessionId() + " already exists.");
    }
    if (command.opensAt() == null
        || command.closesAt() == null
        || !command.opensAt().isBefore(command.closesAt())) {
      throw new RuleViolation(ProblemType.INVALID_SESSION, "opensAt must be before closesAt.");
    }
    if (command.centreId() == null || command.centreId().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_SESSION, "centreId is required.");
    }
    signer.applySigned(
        command.sessionId(),
        new ExamSessionOpened(
            command.sessionId(),
            command.examId(),
            command.examVersion(),
            command.centreId(),
            command.schoolId(),
            command.opensAt(),
            command.closesAt(),
            command.openedBy()));
  }

  /**
   * Sets the session's marking plan, open or closed (marking follows the sitting); it rules the
   * scripts opened from then on. The controller checks the plan's numbers and items.
   */
  @CommandHandler
  void handle(ConfigureMarking command, StreamHeadSigner signer) {
    signer.applySigned(
        sessionId,
        new MarkingConfigured(sessionId, command.plan(), command.configuredBy(), command.now()));
  }

  /**
   * Schedules (or moves, before it happened) the release of the closed session's results. Whether
   * every sitting is final is checked by the controller against the read tables.
   */
  @CommandHandler
  void handle(ReleaseResults command, StreamHeadSigner signer) {
    if (!closed) {
      throw new RuleViolation(
          ProblemType.SESSION_NOT_CLOSED,
          "Session " + sessionId + " is not closed: close it before releasing its results.");
    }
    if (releaseAt != null && !command.now().isBefore(releaseAt)) {
      throw new RuleViolation(
          ProblemType.RESULTS_ALREADY_RELEASED,
          "The results of session " + sessionId + " were released at " + releaseAt + ".");
    }
    Instant at = command.releaseAt() == null ? command.now() : command.releaseAt();
    if (command.appealsCloseAt() == null || !command.appealsCloseAt().isAfter(at)) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "appealsCloseAt must be after the release (" + at + ").");
    }
    signer.applySigned(
        sessionId,
        new ResultsReleaseScheduled(
            sessionId, at, command.appealsCloseAt(), command.releasedBy(), command.now()));
  }

  /**
   * Records the session's sample design (the controller checked it); refused once the results are
   * released, since estimates were published from the design before.
   */
  @CommandHandler
  void handle(DeclareSampleDesign command, StreamHeadSigner signer) {
    if (releaseAt != null && !command.now().isBefore(releaseAt)) {
      throw new RuleViolation(
          ProblemType.RESULTS_ALREADY_RELEASED,
          "The results of session "
              + sessionId
              + " were released at "
              + releaseAt
              + ": its sample design can no longer change.");
    }
    signer.applySigned(
        sessionId,
        new SampleDesignDeclared(
            sessionId,
            command.replication(),
            command.fayFactor(),
            command.schools(),
            command.declaredBy(),
            command.now()));
  }

  /** Stops a marker in this session; stopping one already stopped records nothing. */
  @CommandHandler
  void handle(StopMarker command, StreamHeadSigner signer) {
    if (command.reason() == null || command.reason().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "A reason is required.");
    }
    Texts.requireStorable("reason", command.reason());
    if (command.reason().length() > 1000) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "The reason is over 1,000 characters.");
    }
    if (stoppedMarkers.contains(command.markerId())) {
      return;
    }
    signer.applySigned(
        sessionId,
        new MarkerStopped(
            sessionId, command.markerId(), command.reason(), command.stoppedBy(), command.now()));
  }

  @CommandHandler
  void handle(CloseExamSession command, StreamHeadSigner signer) {
    if (closed) {
      throw new RuleViolation(
          ProblemType.SESSION_CLOSED, "Session " + sessionId + " was closed at " + closedAt + ".");
    }
    signer.applySigned(
        sessionId,
        new ExamSessionClosed(sessionId, command.closedAt(), command.reason(), command.closedBy()));
  }

  /**
   * Records the calibration computed by the command side from the sittings' scores. Refused unless
   * the session is closed, not yet finalised (a finalisation is never replaced), the calibration is
   * of this session's exam version, holds at least one candidate and converged.
   */
  @CommandHandler
  void handle(FinaliseSessionResults command, StreamHeadSigner signer) {
    if (!closed) {
      throw new RuleViolation(
          ProblemType.SESSION_NOT_CLOSED,
          "Session " + sessionId + " is not closed: close it before finalising its results.");
    }
    if (finalisedAt != null) {
      throw new RuleViolation(
          ProblemType.RESULTS_ALREADY_FINALISED,
          "The results of session " + sessionId + " were finalised at " + finalisedAt + ".");
    }
    SessionCalibration calibration = command.calibration();
    if (!examId.equals(calibration.examId()) || examVersion != calibration.examVersion()) {
      throw new RuleViolation(
          ProblemType.CALIBRATION_NOT_POSSIBLE,
          "The calibration is of exam "
              + calibration.examId()
              + " version "
              + calibration.examVersion()
              + "; the session offers "
              + examId
              + " version "
              + examVersion
              + ".");
    }
    String rowsProblem = rowsProblem(calibration, command.rows());
    if (rowsProblem != null) {
      throw new RuleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE, rowsProblem);
    }
    if (!calibration.converged()) {
      throw new RuleViolation(
          ProblemType.CALIBRATION_NOT_CONVERGED,
          "The calibration did not converge after "
              + calibration.iterations()
              + " EM cycles (last largest change "
              + calibration.lastMaxChange()
              + "); nothing was recorded.");
    }
    List<Object> events = new ArrayList<>();
    for (SessionResultRowsListed rows : command.rows()) {
      events.add(
          new SessionResultRowsListed(
              sessionId,
              rows.batch(),
              rows.firstRow(),
              rows.sittingIds(),
              rows.responseMatrixSha256()));
    }
    events.add(
        new SessionResultsFinalised(
            sessionId, calibration, command.finalisedAt(), command.finalisedBy()));
    signer.applySigned(sessionId, null, events);
  }

  /**
   * The rows must list {@code candidateCount} sittings, at least one, in ascending id order: in
   * {@code rowBatches} contiguous batches numbered from 0 of at most {@value
   * SessionResultRowsListed#MAX_SITTINGS} each, or (as recorded before batching) in the
   * calibration's own {@code sittingIds}, never both.
   *
   * @return what is wrong, or null
   */
  private static String rowsProblem(
      SessionCalibration calibration, List<SessionResultRowsListed> batches) {
    if (calibration.candidateCount() < 1) {
      return "candidateCount=" + calibration.candidateCount() + " must be at least 1.";
    }
    if (!calibration.sittingIds().isEmpty()) {
      return "The sittings are listed in row batches, not in the calibration.";
    }
    if (batches.size() != calibration.rowBatches()) {
      return "rowBatches="
          + calibration.rowBatches()
          + " but "
          + batches.size()
          + " batches of rows were given.";
    }
    int row = 0;
    String previous = null;
    for (int b = 0; b < batches.size(); b++) {
      SessionResultRowsListed batch = batches.get(b);
      int size = batch.sittingIds().size();
      if (batch.batch() != b
          || batch.firstRow() != row
          || size == 0
          || size > SessionResultRowsListed.MAX_SITTINGS) {
        return "Batch "
            + b
            + " of rows must be numbered "
            + b
            + ", start at row "
            + row
            + " and list 1.."
            + SessionResultRowsListed.MAX_SITTINGS
            + " sittings (it is numbered "
            + batch.batch()
            + ", starts at "
            + batch.firstRow()
            + " and lists "
            + size
            + ").";
      }
      for (String id : batch.sittingIds()) {
        if (id == null || (previous != null && previous.compareTo(id) >= 0)) {
          return "The sittings of the rows must be in strictly ascending id order (row "
              + row
              + ").";
        }
        previous = id;
        row++;
      }
    }
    if (row != calibration.candidateCount()) {
      return "candidateCount="
          + calibration.candidateCount()
          + " must be the number of sittings the rows list ("
          + row
          + ").";
    }
    return null;
  }

  /**
   * Records a signed tree head over the session's sealed sittings, as built and signed by the
   * server (kg.exam.command.trust.SessionTreeHeads): the leaves in batches, then the head that
   * counts and pins them.
   */
  @CommandHandler
  void handle(PublishSessionTreeHead command, StreamHeadSigner signer) {
    List<Object> events =
        new ArrayList<>(SessionTreeLeavesListed.batches(sessionId, command.leaves()));
    events.add(
        SessionTreeHeadPublished.unsigned(
                sessionId,
                command.leaves(),
                command.rootHash(),
                command.keyId(),
                command.publishedAt(),
                command.publishedBy())
            .signed(command.signature()));
    signer.applySigned(sessionId, null, events);
  }

  /** Signs the stream's head: the centre, the window, the tree heads and the finalisation. */
  @CommandHandler
  void handle(SignSessionStream command, StreamHeadSigner signer) {
    signer
        .sign(sessionId, AggregateLifecycle.getVersion() + 1)
        .ifPresent(AggregateLifecycle::apply);
  }

  @EventSourcingHandler
  void on(ExamSessionOpened event) {
    sessionId = event.sessionId();
    examId = event.examId();
    examVersion = event.examVersion();
  }

  @EventSourcingHandler
  void on(ExamSessionClosed event) {
    closed = true;
    closedAt = event.closedAt();
  }

  @EventSourcingHandler
  void on(MarkerStopped event) {
    stoppedMarkers.add(event.markerId());
  }

  @EventSourcingHandler
  void on(ResultsReleaseScheduled event) {
    releaseAt = event.releaseAt();
  }

  @EventSourcingHandler
  void on(SessionResultsFinalised event) {
    finalisedAt = event.finalisedAt();
  }
}
