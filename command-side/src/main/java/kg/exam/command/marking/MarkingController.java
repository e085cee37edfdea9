package kg.exam.command.marking;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.marking.AddSeedScript;
import kg.exam.contract.marking.AllocateScript;
import kg.exam.contract.marking.AllocateSeed;
import kg.exam.contract.marking.ConfigureMarking;
import kg.exam.contract.marking.MarkScript;
import kg.exam.contract.marking.MarkSeed;
import kg.exam.contract.marking.MarkingPlan;
import kg.exam.contract.marking.ReleaseMarkerRound;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.StopMarker;
import kg.exam.scoring.marking.Agreement;
import kg.exam.scoring.marking.ResolutionRule;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Human marking: the centre sets a session's marking plan; markers take scripts and mark them
 * blind; chief markers adjudicate disputed scripts; the centre, chief markers and auditors follow
 * progress and agreement. Every allocation and mark is an event of the sitting's signed stream.
 */
@RestController
class MarkingController {
  /** Most scripts a marker may take in one request. */
  static final int MAX_TAKE = 50;

  /** Largest tolerance a plan may give (rubric points). */
  static final double MAX_TOLERANCE = 1_000;

  private final CommandGateway commands;
  private final MarkingRecords marking;
  private final MarkingPlans plans;
  private final OpenSessions sessions;
  private final PublishedExams exams;
  private final kg.exam.command.bank.BankMedia media;
  private final kg.exam.command.sitting.SittingRecords sittings;
  private final Clock clock;
  private final java.security.SecureRandom random = new java.security.SecureRandom();

  MarkingController(
      CommandGateway commands,
      MarkingRecords marking,
      MarkingPlans plans,
      OpenSessions sessions,
      PublishedExams exams,
      kg.exam.command.sitting.SittingRecords sittings,
      kg.exam.command.bank.BankMedia media,
      Clock clock) {
    this.commands = commands;
    this.marking = marking;
    this.plans = plans;
    this.sessions = sessions;
    this.exams = exams;
    this.media = media;
    this.sittings = sittings;
    this.clock = clock;
  }

  /**
   * @param doubleMarkingShare 0..1
   * @param defaultTolerance rubric points, 0..1000
   * @param itemTolerances per human-marked item of the session's exam
   * @param resolution ADJUDICATOR or CLOSEST_PAIR_MEAN
   * @param seedRate share of allocations that are seeded scripts, 0..1 (default 0)
   * @param seedTolerance mean absolute seed difference that flags a marker (default 1)
   * @param seedMinimum seed marks before a marker can be flagged (default 3)
   */
  record PlanRequest(
      Double doubleMarkingShare,
      Double defaultTolerance,
      Map<String, Double> itemTolerances,
      String resolution,
      Double seedRate,
      Double seedTolerance,
      Integer seedMinimum) {}

  @Operation(summary = "Set the session's marking plan (scripts opened from now on follow it)")
  @PutMapping("/api/sessions/{sessionId}/marking-plan")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  MarkingPlan configure(@PathVariable String sessionId, @RequestBody PlanRequest request) {
    OpenSessions.SessionRow session = sessions.require(sessionId);
    inScope(session);
    MarkingPlan plan = checkedPlan(request, humanMarkedItems(session));
    commands.sendAndWait(
        new ConfigureMarking(sessionId, plan, Actor.current().id(), clock.instant()));
    return plan;
  }

  @Operation(summary = "The session's marking plan (the default when none was set)")
  @GetMapping("/api/sessions/{sessionId}/marking-plan")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'CHIEF_MARKER', 'AUDITOR')")
  MarkingPlan plan(@PathVariable String sessionId) {
    inScope(sessions.require(sessionId));
    return plans.plan(sessionId);
  }

  /**
   * @param count scripts wanted, 1..{@value #MAX_TAKE} (default 1)
   */
  record TakeRequest(Integer count) {}

  /** A script a marker holds: no sitting, candidate or place, and no other marker's mark. */
  record Allocation(String scriptId, String itemId, boolean adjudication, Instant allocatedAt) {}

  @Operation(summary = "Take more scripts of the session to mark; returns every script held")
  @PostMapping("/api/sessions/{sessionId}/marking/allocations")
  @PreAuthorize("hasAnyRole('MARKER', 'CHIEF_MARKER')")
  List<Allocation> take(
      @PathVariable String sessionId, @RequestBody(required = false) TakeRequest request) {
    OpenSessions.SessionRow session = sessions.require(sessionId);
    Actor actor = inScope(session);
    int count = request == null || request.count() == null ? 1 : request.count();
    if (count < 1 || count > MAX_TAKE) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "count must be 1 to " + MAX_TAKE + "; it is " + count + ".");
    }
    requireNotStopped(sessionId, actor);
    boolean chief = actor.is(Role.CHIEF_MARKER);
    double seedRate = plans.plan(sessionId).seedRate();
    int taken = 0;
    // seeded scripts are mixed in unseen, at the plan's rate
    while (taken < count && seedRate > 0 && random.nextDouble() < seedRate) {
      java.util.Optional<String> seed = marking.seedFor(sessionId, actor.id());
      if (seed.isEmpty()) {
        break;
      }
      try {
        commands.sendAndWait(new AllocateSeed(seed.get(), actor.id(), clock.instant()));
      } catch (RuleViolation e) {
        if (e.type() == ProblemType.MARKER_ALREADY_ON_SCRIPT) {
          break; // a concurrent take of the same marker gave it first
        }
        throw e;
      }
      taken++;
    }
    // another marker may take a script between the query and the command: try a few more
    for (MarkingRecords.ScriptRow script :
        marking.takeable(sessionId, actor.id(), chief, count - taken + 10)) {
      if (taken == count) {
        break;
      }
      requireNotStopped(sessionId, actor); // a stop may land while this take runs
      try {
        commands.sendAndWait(
            new AllocateScript(
                script.sittingId(), script.scriptId(), actor.id(), chief, clock.instant()));
        taken++;
      } catch (ConcurrencyException e) {
        continue; // another marker's allocation of the same sitting came first
      } catch (RuleViolation e) {
        if (e.type() == ProblemType.SCRIPT_FULLY_ALLOCATED
            || e.type() == ProblemType.SCRIPT_RESOLVED
            || e.type() == ProblemType.MARKER_ALREADY_ON_SCRIPT) {
          continue;
        }
        throw e;
      }
    }
    return held(sessionId, actor);
  }

  @Operation(summary = "The scripts of the session the caller holds and has not marked")
  @GetMapping("/api/sessions/{sessionId}/marking/allocations")
  @PreAuthorize("hasAnyRole('MARKER', 'CHIEF_MARKER')")
  List<Allocation> allocations(@PathVariable String sessionId) {
    return held(sessionId, inScope(sessions.require(sessionId)));
  }

  /** Scripts and seeded scripts the marker holds, alike, in the order they were taken. */
  private List<Allocation> held(String sessionId, Actor actor) {
    List<MarkingRecords.OpenAllocation> all =
        new ArrayList<>(marking.openAllocations(sessionId, actor.id()));
    all.addAll(marking.openSeeds(sessionId, actor.id()));
    all.sort(
        java.util.Comparator.comparing(MarkingRecords.OpenAllocation::allocatedAt)
            .thenComparing(MarkingRecords.OpenAllocation::scriptId));
    return all.stream()
        .map(a -> new Allocation(a.scriptId(), a.itemId(), a.adjudication(), a.allocatedAt()))
        .toList();
  }

  /** A criterion as the marker sees it. */
  record Criterion(String criterionId, String description, double maxPoints) {}

  /** The two independent marks an adjudicator sees, without who gave them. */
  record EarlierMark(Map<String, Double> criterionScores, double total) {}

  /**
   * What a marker sees of a script they hold: the item's prompt and rubric and the answer as
   * written (plain text; a page must show it as text, never as markup).
   */
  record ScriptView(
      String scriptId,
      String itemId,
      String prompt,
      int keyVersion,
      List<Criterion> rubric,
      List<String> response,
      boolean adjudication,
      List<EarlierMark> earlierMarks) {}

  @Operation(summary = "A script the caller holds, blind")
  @GetMapping("/api/marking/scripts/{scriptId}")
  @PreAuthorize("hasAnyRole('MARKER', 'CHIEF_MARKER')")
  ScriptView script(@PathVariable String scriptId) {
    Actor actor = Actor.current();
    MarkingRecords.SeedRow seed = heldSeed(scriptId, actor);
    if (seed != null) {
      PublishedExam exam = exam(seed.sessionId());
      ItemDefinition item = item(exam, seed.itemId());
      return new ScriptView(
          scriptId,
          seed.itemId(),
          item.prompt(),
          exam.keyVersion(),
          criteria(item, seed.rubricMax()),
          seed.response(),
          false,
          List.of());
    }
    MarkingRecords.ScriptRow script = heldScript(scriptId, actor);
    List<MarkingRecords.RoundRow> rounds = marking.rounds(scriptId);
    boolean adjudication =
        rounds.stream()
            .anyMatch(
                r -> r.round() == ScriptAllocated.ADJUDICATION && r.markerId().equals(actor.id()));
    List<EarlierMark> earlier = new ArrayList<>();
    if (adjudication) {
      for (MarkingRecords.RoundRow r : rounds) {
        if (r.round() < ScriptAllocated.ADJUDICATION && r.total() != null) {
          earlier.add(new EarlierMark(r.criteria(), r.total()));
        }
      }
    }
    PublishedExam exam = exam(script);
    ItemDefinition item = itemAsSat(exam, script);
    return new ScriptView(
        scriptId,
        script.itemId(),
        item.prompt(),
        exam.keyVersion(),
        criteria(item, script.rubricMax()),
        script.response(),
        adjudication,
        earlier);
  }

  /**
   * @param criterionScores points per rubric criterion ({@value MarkScript#TOTAL} for an item
   *     without rubric)
   * @param comment optional, at most {@value MarkScript#MAX_COMMENT} characters, no names
   */
  record MarkRequest(Map<String, Double> criterionScores, String comment) {}

  /** A recorded mark, as its marker may see it. */
  record MarkRecorded(
      String scriptId,
      String itemId,
      Map<String, Double> criterionScores,
      double total,
      int keyVersion,
      Instant markedAt) {}

  @Operation(summary = "Mark a script the caller holds")
  @PostMapping("/api/marking/scripts/{scriptId}/marks")
  @PreAuthorize("hasAnyRole('MARKER', 'CHIEF_MARKER')")
  @ResponseStatus(HttpStatus.CREATED)
  MarkRecorded mark(@PathVariable String scriptId, @RequestBody MarkRequest request) {
    Actor actor = Actor.current();
    Map<String, Double> points =
        request.criterionScores() == null ? Map.of() : request.criterionScores();
    if (points.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
      throw new RuleViolation(ProblemType.INVALID_MARK, "Every criterion needs points.");
    }
    MarkingRecords.SeedRow seed = heldSeed(scriptId, actor);
    if (seed != null) {
      requireNotStopped(seed.sessionId(), actor);
      PublishedExam exam = exam(seed.sessionId());
      ItemDefinition item = item(exam, seed.itemId());
      Instant now = clock.instant();
      commands.sendAndWait(
          new MarkSeed(
              scriptId,
              actor.id(),
              new LinkedHashMap<>(points),
              request.comment(),
              exam.keyVersion(),
              item.key() == null ? List.of() : item.key().rubric(),
              now));
      double total = points.values().stream().mapToDouble(Double::doubleValue).sum();
      return new MarkRecorded(scriptId, seed.itemId(), points, total, exam.keyVersion(), now);
    }
    MarkRecorded repeated = repeatedMark(scriptId, actor, points);
    if (repeated != null) {
      return repeated;
    }
    MarkingRecords.ScriptRow script = heldScript(scriptId, actor);
    requireNotStopped(script.sessionId(), actor);
    PublishedExam exam = exam(script);
    ItemDefinition item = item(exam, script.itemId());
    ScriptMarked mark =
        commands.sendAndWait(
            new MarkScript(
                script.sittingId(),
                scriptId,
                actor.id(),
                new LinkedHashMap<>(points),
                request.comment(),
                exam.keyVersion(),
                item.key() == null ? List.of() : item.key().rubric(),
                clock.instant()));
    return new MarkRecorded(
        scriptId,
        mark.itemId(),
        mark.criterionScores(),
        mark.total(),
        mark.keyVersion(),
        mark.markedAt());
  }

  /**
   * The caller's mark of this script already recorded with exactly these points, or null: a
   * marker's client that lost the answer to its mark (a slow school link) and sends it again gets
   * the recorded mark back instead of a refusal, and nothing is recorded twice.
   */
  private MarkRecorded repeatedMark(String scriptId, Actor actor, Map<String, Double> points) {
    MarkingRecords.ScriptRow script = marking.script(scriptId).orElse(null);
    if (script == null) {
      return null;
    }
    for (MarkingRecords.RoundRow r : marking.rounds(scriptId)) {
      if (r.markerId().equals(actor.id()) && r.markedAt() != null && points.equals(r.criteria())) {
        return new MarkRecorded(
            scriptId, script.itemId(), r.criteria(), r.total(), script.keyVersion(), r.markedAt());
      }
    }
    return null;
  }

  /**
   * One marker's figures in a session. {@code flagged}: the mean absolute difference of their seed
   * marks from the definitive marks is over the plan's {@code seedTolerance}, after at least {@code
   * seedMinimum} seed marks; a person decides whether to stop them.
   */
  record MarkerFigures(
      String markerId,
      long marks,
      long adjudications,
      long holding,
      Double marksPerHour,
      Instant lastMarkAt,
      long seedMarks,
      Double seedMeanAbsoluteDifference,
      Double seedMeanDifference,
      boolean flagged,
      boolean stopped) {}

  /** How marking of a session stands. */
  record MarkingProgress(
      String sessionId,
      long scripts,
      long awaiting,
      long disputed,
      long resolved,
      long marks,
      long holding,
      List<MarkerFigures> markers) {}

  @Operation(summary = "Marking progress of the session: scripts by state, each marker's work")
  @GetMapping("/api/sessions/{sessionId}/marking")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'CHIEF_MARKER', 'AUDITOR')")
  MarkingProgress progress(@PathVariable String sessionId) {
    inScope(sessions.require(sessionId));
    MarkingRecords.Progress p = marking.progress(sessionId);
    MarkingPlan plan = plans.plan(sessionId);
    Map<String, MarkingRecords.SeedAccuracy> seeds = marking.seedAccuracy(sessionId);
    java.util.Set<String> stopped = marking.stoppedMarkers(sessionId);
    Map<String, MarkingRecords.MarkerProgress> work = new LinkedHashMap<>();
    p.markers().forEach(m -> work.put(m.markerId(), m));
    java.util.Set<String> ids = new java.util.TreeSet<>(seeds.keySet());
    ids.addAll(stopped);
    ids.addAll(work.keySet());
    List<MarkerFigures> markers = new ArrayList<>();
    for (String id : ids) {
      MarkingRecords.MarkerProgress m =
          work.getOrDefault(id, new MarkingRecords.MarkerProgress(id, 0, 0, 0, null, null));
      MarkingRecords.SeedAccuracy a = seeds.get(id);
      boolean flagged =
          a != null
              && a.marks() >= plan.seedMinimum()
              && a.meanAbsoluteDifference() > plan.seedTolerance() + 1e-9;
      markers.add(
          new MarkerFigures(
              id,
              m.marks(),
              m.adjudications(),
              m.holding(),
              perHour(m),
              m.lastMarkAt(),
              a == null ? 0 : a.marks(),
              a == null ? null : a.meanAbsoluteDifference(),
              a == null ? null : a.meanDifference(),
              flagged,
              stopped.contains(id)));
    }
    return new MarkingProgress(
        sessionId,
        p.scripts(),
        p.awaiting(),
        p.disputed(),
        p.resolved(),
        p.marks(),
        p.allocatedUnmarked(),
        markers);
  }

  /** Marks per hour between a marker's first and last mark; null below two marks. */
  private static Double perHour(MarkingRecords.MarkerProgress m) {
    if (m.marks() < 2 || m.firstMarkAt() == null) {
      return null;
    }
    double hours =
        Math.max(1, java.time.Duration.between(m.firstMarkAt(), m.lastMarkAt()).toMillis())
            / 3_600_000.0;
    return (m.marks() - 1) / hours;
  }

  /**
   * @param itemId a human-marked item of the session's exam
   * @param response the seeded answer's text
   * @param criterionScores its definitive points per criterion
   */
  record SeedRequest(String itemId, List<String> response, Map<String, Double> criterionScores) {}

  record SeedAdded(String seedId, String itemId, double definitiveTotal) {}

  @Operation(summary = "Add a seeded script (an answer with a definitive mark) to the session")
  @PostMapping("/api/sessions/{sessionId}/marking/seeds")
  @PreAuthorize("hasAnyRole('CHIEF_MARKER', 'CENTRE_ADMIN')")
  @ResponseStatus(HttpStatus.CREATED)
  SeedAdded addSeed(@PathVariable String sessionId, @RequestBody SeedRequest request) {
    OpenSessions.SessionRow session = sessions.require(sessionId);
    Actor actor = inScope(session);
    PublishedExam exam = exam(sessionId);
    ItemDefinition item =
        exam.content().items().stream()
            .filter(i -> i.itemId().equals(request.itemId()) && "EXTENDED_TEXT".equals(i.type()))
            .findFirst()
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.INVALID_REQUEST,
                        "itemId must name a human-marked item of the session's exam; it is "
                            + request.itemId()
                            + "."));
    Map<String, Double> points =
        request.criterionScores() == null ? Map.of() : request.criterionScores();
    if (points.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
      throw new RuleViolation(ProblemType.INVALID_MARK, "Every criterion needs points.");
    }
    if (request.response() == null
        || request.response().isEmpty()
        || request.response().stream().anyMatch(java.util.Objects::isNull)) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "response must be a list of texts, none of them null.");
    }
    List<RubricCriterion> rubric = item.key() == null ? List.of() : item.key().rubric();
    double rubricMax =
        rubric.isEmpty()
            ? item.maxScore()
            : rubric.stream().mapToDouble(RubricCriterion::maxPoints).sum();
    String seedId = java.util.UUID.randomUUID().toString();
    double total = RubricMarks.total(rubric, points, rubricMax, exam.keyVersion(), null);
    commands.sendAndWait(
        new AddSeedScript(
            seedId,
            sessionId,
            item.itemId(),
            request.response(),
            new LinkedHashMap<>(points),
            exam.keyVersion(),
            rubric,
            rubricMax,
            actor.id(),
            clock.instant()));
    return new SeedAdded(seedId, item.itemId(), total);
  }

  @Operation(summary = "The session's seeded scripts and how markers did on them")
  @GetMapping("/api/sessions/{sessionId}/marking/seeds")
  @PreAuthorize("hasAnyRole('CHIEF_MARKER', 'CENTRE_ADMIN', 'AUDITOR')")
  List<MarkingRecords.SeedSummary> seeds(@PathVariable String sessionId) {
    inScope(sessions.require(sessionId));
    return marking.seeds(sessionId);
  }

  /**
   * @param reason why (kept in the session's signed stream)
   */
  record StopRequest(String reason) {}

  record MarkerStoppedView(String markerId, int scriptsReleased) {}

  @Operation(
      summary =
          "Stop a marker in the session; the rounds they hold or marked on unresolved scripts go to"
              + " other markers")
  @PostMapping("/api/sessions/{sessionId}/marking/markers/{markerId}/stop")
  @PreAuthorize("hasAnyRole('CHIEF_MARKER', 'CENTRE_ADMIN')")
  MarkerStoppedView stop(
      @PathVariable String sessionId,
      @PathVariable String markerId,
      @RequestBody StopRequest request) {
    Actor actor = inScope(sessions.require(sessionId));
    Instant now = clock.instant();
    commands.sendAndWait(new StopMarker(sessionId, markerId, request.reason(), actor.id(), now));
    // a take that was running when the stop landed may still allocate: release until none is left
    int released = 0;
    for (int pass = 0; pass < 5; pass++) {
      List<String[]> rounds = marking.unresolvedRoundsOf(sessionId, markerId);
      if (rounds.isEmpty()) {
        break;
      }
      for (String[] r : rounds) {
        commands.sendAndWait(
            new ReleaseMarkerRound(
                r[0], r[1], markerId, "marker stopped: " + request.reason(), now));
      }
      released += rounds.size();
    }
    return new MarkerStoppedView(markerId, released);
  }

  /** Agreement of pairs of independent marks; kappa is null when undefined. */
  record AgreementFigures(
      String id,
      long pairs,
      Double exact,
      Double adjacent,
      Double quadraticWeightedKappa,
      Double meanDifference) {}

  record MarkingAgreement(
      String sessionId, List<AgreementFigures> items, List<AgreementFigures> markers) {}

  @Operation(
      summary =
          "Agreement of double marks per item and per marker: exact, adjacent, quadratic weighted"
              + " kappa, mean difference")
  @GetMapping("/api/sessions/{sessionId}/marking/agreement")
  @PreAuthorize("hasAnyRole('CENTRE_ADMIN', 'CHIEF_MARKER', 'AUDITOR')")
  MarkingAgreement agreement(@PathVariable String sessionId) {
    inScope(sessions.require(sessionId));
    MarkingRecords.AgreementTables tables = marking.agreement(sessionId);
    return new MarkingAgreement(sessionId, figures(tables.byItem()), figures(tables.byMarker()));
  }

  private static List<AgreementFigures> figures(Map<String, Agreement> table) {
    List<AgreementFigures> out = new ArrayList<>();
    table.forEach(
        (id, a) -> {
          Agreement.Result r = a.result();
          out.add(
              new AgreementFigures(
                  id,
                  r.pairs(),
                  finite(r.exact()),
                  finite(r.adjacent()),
                  finite(r.quadraticWeightedKappa()),
                  finite(r.meanDifference())));
        });
    return out;
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  @Operation(
      summary = "Read a picture or sound the task of a script you hold shows",
      description = "sha256 as the task's prompt names it in ![alt](media:sha256).")
  @GetMapping("/api/marking/scripts/{scriptId}/media/{sha256}")
  @PreAuthorize("hasAnyRole('MARKER', 'CHIEF_MARKER')")
  org.springframework.http.ResponseEntity<byte[]> medium(
      @PathVariable String scriptId, @PathVariable String sha256) {
    Actor actor = Actor.current();
    MarkingRecords.SeedRow seed = heldSeed(scriptId, actor);
    ItemDefinition item;
    if (seed != null) {
      item = item(exam(seed.sessionId()), seed.itemId());
    } else {
      MarkingRecords.ScriptRow script = heldScript(scriptId, actor);
      item = itemAsSat(exam(script), script);
    }
    if (!kg.exam.contract.exam.PromptMedia.hashes(item).contains(sha256)) {
      throw new RuleViolation(
          ProblemType.NOT_FOUND, "The script's task shows no medium " + sha256 + ".");
    }
    return media.served(sha256);
  }

  /** The seeded script the caller holds unmarked under this id, or null if it is no seed. */
  private MarkingRecords.SeedRow heldSeed(String scriptId, Actor actor) {
    MarkingRecords.SeedRow seed = marking.seed(scriptId).orElse(null);
    if (seed == null) {
      return null;
    }
    inScope(sessions.require(seed.sessionId()));
    if (!marking.holdsSeed(scriptId, actor.id())) {
      throw new RuleViolation(
          ProblemType.SCRIPT_NOT_ALLOCATED,
          "Script " + scriptId + " is not allocated to you for a mark.");
    }
    return seed;
  }

  private void requireNotStopped(String sessionId, Actor actor) {
    if (marking.stopped(sessionId, actor.id())) {
      throw new RuleViolation(
          ProblemType.MARKER_STOPPED,
          "You were stopped from marking in session " + sessionId + "; ask the chief marker.");
    }
  }

  private MarkingRecords.ScriptRow heldScript(String scriptId, Actor actor) {
    MarkingRecords.ScriptRow script =
        marking
            .script(scriptId)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No script " + scriptId + "."));
    inScope(sessions.require(script.sessionId()));
    boolean holds =
        marking.rounds(scriptId).stream()
            .anyMatch(r -> r.markerId().equals(actor.id()) && r.markedAt() == null);
    if (!holds) {
      throw new RuleViolation(
          ProblemType.SCRIPT_NOT_ALLOCATED,
          "Script " + scriptId + " is not allocated to you for a mark.");
    }
    return script;
  }

  /** Staff whose account names a centre reach only that centre's sessions. */
  private static Actor inScope(OpenSessions.SessionRow session) {
    return Actor.current().requireCentre(session.centreId());
  }

  private PublishedExam exam(MarkingRecords.ScriptRow script) {
    return exam(script.sessionId());
  }

  private PublishedExam exam(String sessionId) {
    OpenSessions.SessionRow session = sessions.require(sessionId);
    return exams
        .find(session.examId(), session.examVersion())
        .orElseThrow(() -> new IllegalStateException("exam of session " + session.sessionId()));
  }

  /**
   * The item as the script's candidate was shown it: in the language they sat the exam in (their
   * language of instruction when the exam offers it, else its own), so a marker reads the task the
   * answer answers.
   */
  private ItemDefinition itemAsSat(PublishedExam exam, MarkingRecords.ScriptRow script) {
    String language =
        sittings
            .find(script.sittingId())
            .map(kg.exam.command.sitting.SittingRecords.SittingRow::instructionLanguage)
            .orElse(null);
    return exam.content().in(exam.content().languageFor(language)).items().stream()
        .filter(i -> i.itemId().equals(script.itemId()))
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("item " + script.itemId() + " not in its exam"));
  }

  private static ItemDefinition item(PublishedExam exam, String itemId) {
    return exam.content().items().stream()
        .filter(i -> i.itemId().equals(itemId))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("item " + itemId + " not in its exam"));
  }

  private static List<Criterion> criteria(ItemDefinition item, double rubricMax) {
    List<RubricCriterion> rubric = item.key() == null ? List.of() : item.key().rubric();
    List<RubricCriterion> criteria =
        rubric.isEmpty()
            ? List.of(new RubricCriterion(MarkScript.TOTAL, MarkScript.TOTAL, rubricMax))
            : rubric;
    return criteria.stream()
        .map(c -> new Criterion(c.criterionId(), c.description(), c.maxPoints()))
        .toList();
  }

  private List<String> humanMarkedItems(OpenSessions.SessionRow session) {
    return exams
        .find(session.examId(), session.examVersion())
        .orElseThrow()
        .content()
        .items()
        .stream()
        .filter(i -> "EXTENDED_TEXT".equals(i.type()))
        .map(ItemDefinition::itemId)
        .toList();
  }

  private static MarkingPlan checkedPlan(PlanRequest r, List<String> items) {
    MarkingPlan defaults = MarkingPlan.defaults();
    double share =
        r.doubleMarkingShare() == null ? defaults.doubleMarkingShare() : r.doubleMarkingShare();
    double tolerance =
        r.defaultTolerance() == null ? defaults.defaultTolerance() : r.defaultTolerance();
    String resolution = r.resolution() == null ? defaults.resolution() : r.resolution();
    if (!(share >= 0 && share <= 1)) {
      throw new RuleViolation(
          ProblemType.INVALID_MARKING_PLAN,
          "doubleMarkingShare must be 0 to 1; it is " + share + ".");
    }
    checkTolerance("defaultTolerance", tolerance);
    Map<String, Double> perItem = r.itemTolerances() == null ? Map.of() : r.itemTolerances();
    for (Map.Entry<String, Double> e : perItem.entrySet()) {
      if (!items.contains(e.getKey())) {
        throw new RuleViolation(
            ProblemType.INVALID_MARKING_PLAN,
            "itemTolerances names "
                + e.getKey()
                + ", which is not a human-marked item of the session's exam "
                + items
                + ".");
      }
      checkTolerance("itemTolerances." + e.getKey(), e.getValue());
    }
    try {
      ResolutionRule.valueOf(resolution);
    } catch (IllegalArgumentException e) {
      throw new RuleViolation(
          ProblemType.INVALID_MARKING_PLAN,
          "resolution must be ADJUDICATOR or CLOSEST_PAIR_MEAN; it is " + resolution + ".");
    }
    double seedRate = r.seedRate() == null ? 0 : r.seedRate();
    if (!(seedRate >= 0 && seedRate <= 1)) {
      throw new RuleViolation(
          ProblemType.INVALID_MARKING_PLAN, "seedRate must be 0 to 1; it is " + seedRate + ".");
    }
    double seedTolerance = r.seedTolerance() == null ? 1 : r.seedTolerance();
    checkTolerance("seedTolerance", seedTolerance);
    int seedMinimum = r.seedMinimum() == null ? 3 : r.seedMinimum();
    if (seedMinimum < 1 || seedMinimum > 1000) {
      throw new RuleViolation(
          ProblemType.INVALID_MARKING_PLAN,
          "seedMinimum must be 1 to 1000; it is " + seedMinimum + ".");
    }
    return new MarkingPlan(
        share, tolerance, perItem, resolution, seedRate, seedTolerance, seedMinimum);
  }

  private static void checkTolerance(String field, Double tolerance) {
    if (tolerance == null || !(tolerance >= 0 && tolerance <= MAX_TOLERANCE)) {
      throw new RuleViolation(
          ProblemType.INVALID_MARKING_PLAN,
          field
              + " must be 0 to "
              + (int) MAX_TOLERANCE
              + " rubric points; it is "
              + tolerance
              + ".");
    }
  }
}
