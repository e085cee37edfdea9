package kg.exam.command.results;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Locale;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.GuessingPrior;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.ReportingScale;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Finalising a closed session's results with an IRT calibration, and reading them. */
@RestController
@RequestMapping("/api/sessions/{sessionId}")
class ResultsController {
  private final SessionResults results;
  private final OpenSessions sessions;

  ResultsController(SessionResults results, OpenSessions sessions) {
    this.results = results;
    this.sessions = sessions;
  }

  /**
   * The optional body of a finalisation; every field may be left out.
   *
   * @param model {@code rasch} (default), {@code 2pl}, {@code 3pl}, {@code pcm} (partial credit) or
   *     {@code gpcm} (generalized partial credit); scoring-core's enum names ({@code TWO_PL}, ...)
   *     are accepted too
   * @param abilityMethod {@code wle} (default), {@code mle} or {@code eap}
   * @param scale the reporting scale; default 20 θ + 100 on [40, 160], pass 110
   * @param settings EM settings; default 41 nodes on ±6 SD, tolerance 1e-4, 2,000 cycles
   * @param guessingPrior 3PL only: the Beta prior on every item's {@code c}; default Beta(5, 17)
   */
  record FinalisationRequest(
      String model,
      String abilityMethod,
      ScaleRequest scale,
      SettingsRequest settings,
      PriorRequest guessingPrior) {}

  /** A Beta(alpha, beta) prior; both fields are required when the prior is given. */
  record PriorRequest(Double alpha, Double beta) {}

  /** A linear reporting scale: every field is required when the scale is given. */
  record ScaleRequest(
      Double slope,
      Double intercept,
      Double step,
      Double lowest,
      Double highest,
      Double passMark) {}

  /** EM settings; a field left out keeps its default. */
  record SettingsRequest(
      Integer quadraturePoints, Double quadratureBound, Double tolerance, Integer maxIterations) {}

  @Operation(summary = "Finalise a closed session's results with an IRT calibration")
  @PostMapping("/results/finalisation")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  SessionResultsFinalised finalise(
      @PathVariable String sessionId, @RequestBody(required = false) FinalisationRequest request) {
    FinalisationRequest r =
        request == null ? new FinalisationRequest(null, null, null, null, null) : request;
    IrtModel model = model(r.model());
    SessionResults.Options options =
        new SessionResults.Options(
            model,
            abilityMethod(r.abilityMethod()),
            scale(r.scale()),
            settings(r),
            guessingPrior(model, r.guessingPrior()));
    return results.finalise(requireSession(sessionId), options, Actor.current().id());
  }

  /**
   * One page of the results recomputed from the recorded calibration: the page is one recorded
   * batch of rows (at most 1,000 sittings), {@code page} of {@code 0 .. pages - 1}; a school sees
   * its own sittings only (also in a calibration's list of sitting ids, which only finalisations
   * recorded before batching have).
   */
  record ResultsView(
      String sessionId,
      SessionResultsFinalised finalisation,
      int page,
      int pages,
      boolean inputMatchesDigest,
      List<SessionResults.SittingResult> sittings) {}

  @Operation(summary = "Read a page of a session's finalised results")
  @GetMapping("/results")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'AUDITOR', 'SCHOOL')")
  ResultsView results(@PathVariable String sessionId, @RequestParam(defaultValue = "0") int page) {
    SessionResults.Recomputed recomputed = results.recompute(requireSession(sessionId), page);
    Actor actor = Actor.current();
    SessionResultsFinalised finalisation = recomputed.finalisation();
    List<SessionResults.SittingResult> visible = recomputed.sittings();
    if (actor.is(Role.SCHOOL)) {
      visible =
          visible.stream()
              .filter(s -> actor.schoolId() != null && actor.schoolId().equals(s.schoolId()))
              .toList();
      if (!finalisation.calibration().sittingIds().isEmpty()) {
        // a finalisation recorded before batching lists every sitting: other schools' sitting
        // ids stay hidden; candidateCount still tells the cohort's size
        finalisation =
            new SessionResultsFinalised(
                finalisation.sessionId(),
                finalisation
                    .calibration()
                    .withSittingIds(
                        visible.stream().map(SessionResults.SittingResult::sittingId).toList()),
                finalisation.finalisedAt(),
                finalisation.finalisedBy());
      }
    }
    return new ResultsView(
        sessionId,
        finalisation,
        recomputed.page(),
        recomputed.pages(),
        recomputed.inputMatchesDigest(),
        visible);
  }

  private OpenSessions.SessionRow requireSession(String sessionId) {
    return sessions
        .find(sessionId)
        .orElseThrow(
            () -> new RuleViolation(ProblemType.NOT_FOUND, "No session " + sessionId + "."));
  }

  private static IrtModel model(String name) {
    String key = name == null ? "rasch" : name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "rasch" -> IrtModel.RASCH;
      case "2pl", "two_pl" -> IrtModel.TWO_PL;
      case "3pl", "three_pl" -> IrtModel.THREE_PL;
      case "pcm", "partial_credit" -> IrtModel.PARTIAL_CREDIT;
      case "gpcm", "generalized_partial_credit" -> IrtModel.GENERALIZED_PARTIAL_CREDIT;
      default ->
          throw new RuleViolation(
              ProblemType.UNSUPPORTED_MODEL,
              "model "
                  + name
                  + " is not supported by "
                  + ScoringCoreVersion.VERSION
                  + "; use rasch, 2pl, 3pl, pcm or gpcm.");
    };
  }

  private static GuessingPrior guessingPrior(IrtModel model, PriorRequest p) {
    if (model != IrtModel.THREE_PL) {
      if (p != null) {
        throw new RuleViolation(
            ProblemType.INVALID_REQUEST,
            "guessingPrior applies to model 3pl only (" + model + " has no guessing parameter).");
      }
      return null;
    }
    if (p == null) {
      return GuessingPrior.defaults();
    }
    if (p.alpha() == null || p.beta() == null) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "guessingPrior needs alpha and beta.");
    }
    try {
      return new GuessingPrior(p.alpha(), p.beta());
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "guessingPrior: " + e.getMessage());
    }
  }

  private static AbilityMethod abilityMethod(String name) {
    String key = name == null ? "wle" : name.toLowerCase(Locale.ROOT);
    return switch (key) {
      case "wle" -> AbilityMethod.WLE;
      case "mle" -> AbilityMethod.MLE;
      case "eap" -> AbilityMethod.EAP;
      default ->
          throw new RuleViolation(
              ProblemType.INVALID_REQUEST, "abilityMethod must be one of wle, mle, eap.");
    };
  }

  private static ReportingScale scale(ScaleRequest s) {
    if (s == null) {
      return ReportingScale.nationalExample();
    }
    if (s.slope() == null
        || s.intercept() == null
        || s.step() == null
        || s.lowest() == null
        || s.highest() == null
        || s.passMark() == null) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "scale needs slope, intercept, step, lowest, highest and passMark.");
    }
    try {
      return new ReportingScale(
          s.slope(), s.intercept(), s.step(), s.lowest(), s.highest(), s.passMark());
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "scale: " + e.getMessage());
    }
  }

  private static CalibrationSettings settings(FinalisationRequest r) {
    CalibrationSettings d = CalibrationSettings.defaults();
    SettingsRequest s = r.settings();
    if (s == null) {
      return d;
    }
    try {
      return new CalibrationSettings(
          s.quadraturePoints() == null ? d.quadraturePoints() : s.quadraturePoints(),
          s.quadratureBound() == null ? d.quadratureBound() : s.quadratureBound(),
          s.tolerance() == null ? d.tolerance() : s.tolerance(),
          s.maxIterations() == null ? d.maxIterations() : s.maxIterations(),
          d.threads());
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "settings: " + e.getMessage());
    }
  }
}
