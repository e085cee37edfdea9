package kg.exam.command.survey;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.problem.Texts;
import kg.exam.command.security.Actor;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.survey.DeclareSampleDesign;
import kg.exam.contract.survey.SurveySchool;
import kg.exam.scoring.cli.SampleDesignFile;
import kg.exam.scoring.survey.Replication;
import kg.exam.scoring.survey.SampleDesign;
import kg.exam.scoring.survey.SampledSchool;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Declares a session a sample survey: the schools drawn, their strata, selection probabilities and
 * sizes, and their variance zones. The design is an event of the session's signed stream ({@code
 * SampleDesignDeclared}); the query side weighs and reports from it (query-side/README.md "Sample
 * surveys"). A declaration replaces the one before it until the session's results are released.
 */
@RestController
class SampleDesignController {
  static final String PATH = "/api/sessions/{sessionId}/sample-design";
  private static final int MAX_TEXT = 200;

  private final CommandGateway commands;
  private final OpenSessions sessions;
  private final Clock clock;

  SampleDesignController(CommandGateway commands, OpenSessions sessions, Clock clock) {
    this.commands = commands;
    this.sessions = sessions;
    this.clock = clock;
  }

  /**
   * @param replication JK2 (TIMSS) or BRR_FAY (PISA)
   * @param fayFactor Fay's k for BRR_FAY, at least 0 and below 1 (default 0.5)
   * @param schools every sampled school, participating or not
   */
  record DesignRequest(String replication, Double fayFactor, List<SurveySchool> schools) {}

  /**
   * What was declared.
   *
   * @param replicates replicate weights the design makes (JK2: one per zone; BRR: the Hadamard
   *     order)
   */
  record DesignDeclared(
      String sessionId,
      String replication,
      Double fayFactor,
      int schools,
      int strata,
      int zones,
      int replicates,
      Instant declaredAt) {}

  @Operation(summary = "Declare the session a sample survey with this design (JSON)")
  @PutMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  DesignDeclared declare(@PathVariable String sessionId, @RequestBody DesignRequest request) {
    Actor actor = inScope(sessionId);
    Replication replication = replication(request.replication());
    double fay = fayFactor(replication, request.fayFactor());
    List<SurveySchool> given = request.schools() == null ? List.of() : request.schools();
    List<SampledSchool> schools = new ArrayList<>();
    for (SurveySchool s : given) {
      schools.add(
          s == null
              ? null
              : new SampledSchool(
                  s.schoolId() == null ? null : s.schoolId().strip(),
                  s.stratum() == null ? null : s.stratum().strip(),
                  s.selectionProbability(),
                  s.enrolled(),
                  s.zone(),
                  s.half()));
    }
    if (schools.size() > SampleDesignFile.MAX_SCHOOLS) {
      throw invalid("A design may list at most " + SampleDesignFile.MAX_SCHOOLS + " schools.");
    }
    List<String> problems = SampleDesign.problems(replication, schools, i -> "schools[" + i + "]");
    if (!problems.isEmpty()) {
      throw invalid(String.join("; ", problems.subList(0, Math.min(problems.size(), 20))) + ".");
    }
    return record(sessionId, actor, new SampleDesign(replication, fay, schools));
  }

  @Operation(
      summary = "Declare the session a sample survey with this design (CSV)",
      description =
          "Header school_id,stratum,selection_probability,enrolled,zone,half; one sampled school"
              + " per line. A fault is refused with its line number.")
  @PutMapping(path = PATH, consumes = "text/csv")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  DesignDeclared declareCsv(
      @PathVariable String sessionId,
      @RequestParam(required = false) String replication,
      @RequestParam(required = false) Double fayFactor,
      @RequestBody String csv) {
    Actor actor = inScope(sessionId);
    Replication method = replication(replication);
    double fay = fayFactor(method, fayFactor);
    SampleDesign design;
    try {
      design = SampleDesignFile.read(new StringReader(csv), "design.csv", method, fay);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    } catch (IOException e) {
      throw new IllegalStateException("reading a string", e);
    }
    return record(sessionId, actor, design);
  }

  private Actor inScope(String sessionId) {
    return Actor.current().requireCentre(sessions.require(sessionId).centreId());
  }

  private DesignDeclared record(String sessionId, Actor actor, SampleDesign design) {
    List<SurveySchool> schools = new ArrayList<>();
    for (SampledSchool s : design.schools()) {
      text("schoolId", s.schoolId());
      text("stratum", s.stratum());
      schools.add(
          new SurveySchool(
              s.schoolId(),
              s.stratum(),
              s.selectionProbability(),
              s.enrolled(),
              s.zone(),
              s.half()));
    }
    Instant now = clock.instant();
    Double fay = design.replication() == Replication.BRR_FAY ? design.fayFactor() : null;
    commands.sendAndWait(
        new DeclareSampleDesign(
            sessionId, design.replication().name(), fay, schools, actor.id(), now));
    return new DesignDeclared(
        sessionId,
        design.replication().name(),
        fay,
        schools.size(),
        (int) schools.stream().map(SurveySchool::stratum).distinct().count(),
        design.zones().length,
        design.replicateCount(),
        now);
  }

  private static Replication replication(String text) {
    if (text == null || text.isBlank()) {
      return Replication.JK2;
    }
    try {
      return Replication.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("replication must be JK2 or BRR_FAY, not '" + text + "'.");
    }
  }

  private static double fayFactor(Replication replication, Double given) {
    if (replication != Replication.BRR_FAY) {
      if (given != null) {
        throw invalid("fayFactor applies to BRR_FAY only.");
      }
      return 0;
    }
    double k = given == null ? SampleDesign.PISA_FAY_FACTOR : given;
    if (!(k >= 0 && k < 1)) {
      throw invalid("fayFactor must be at least 0 and below 1.");
    }
    return k;
  }

  private static void text(String field, String value) {
    Texts.requireStorable(field, value);
    if (value.length() > MAX_TEXT) {
      throw invalid(
          field + " '" + value.substring(0, 20) + "…' is over " + MAX_TEXT + " characters.");
    }
  }

  private static RuleViolation invalid(String detail) {
    return new RuleViolation(ProblemType.INVALID_SAMPLE_DESIGN, detail);
  }
}
