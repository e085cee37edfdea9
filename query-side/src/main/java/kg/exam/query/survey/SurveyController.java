package kg.exam.query.survey;

import io.swagger.v3.oas.annotations.Operation;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.DashboardRole;
import kg.exam.query.security.DashboardUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sample surveys ({@link SurveyReports}), for the assessment centre's national accounts (MINISTRY)
 * and auditors.
 */
@RestController
@RequestMapping("/api/surveys")
class SurveyController {
  private final SurveyReports reports;
  private final SurveyTrends trends;

  SurveyController(SurveyReports reports, SurveyTrends trends) {
    this.reports = reports;
    this.trends = trends;
  }

  @Operation(summary = "Sessions declared sample surveys")
  @GetMapping
  java.util.List<SurveyReports.SurveySummary> list(@AuthenticationPrincipal DashboardUser user) {
    allowed(user);
    return reports.list();
  }

  @Operation(summary = "A sample survey's design and its participation per stratum")
  @GetMapping("/{sessionId}")
  SurveyReports.DesignView design(
      @AuthenticationPrincipal DashboardUser user, @PathVariable String sessionId) {
    allowed(user);
    return reports.design(sessionId);
  }

  @Operation(summary = "Weighted estimates of a sample survey, nationally and by a breakdown")
  @GetMapping("/{sessionId}/estimates")
  SurveyReports.EstimatesResponse estimates(
      @AuthenticationPrincipal DashboardUser user,
      @PathVariable String sessionId,
      @RequestParam(required = false, defaultValue = "all") String by,
      @RequestParam(required = false, defaultValue = "percent") String score) {
    allowed(user);
    return reports.estimates(sessionId, by, score);
  }

  @Operation(
      summary = "The change of a survey's scaled means since an earlier survey, on its scale",
      description =
          "Linked by Stocking-Lord through the items both forms share; the change's standard error"
              + " includes the linking error (jackknife over the anchor items).")
  @GetMapping("/{sessionId}/trend")
  SurveyTrends.TrendResponse trend(
      @AuthenticationPrincipal DashboardUser user,
      @PathVariable String sessionId,
      @RequestParam String since,
      @RequestParam(required = false, defaultValue = "all") String by) {
    allowed(user);
    return trends.trend(sessionId, since, by);
  }

  private static void allowed(DashboardUser user) {
    if (user.role() != DashboardRole.MINISTRY && user.role() != DashboardRole.AUDITOR) {
      throw new QueryRefused(
          ProblemType.FORBIDDEN,
          "Sample survey estimates are for the assessment centre's national accounts and"
              + " auditors.");
    }
  }
}
