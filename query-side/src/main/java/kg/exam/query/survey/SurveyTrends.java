package kg.exam.query.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.web.Tabular;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.LinkingConstants;
import kg.exam.scoring.survey.Estimate;
import kg.exam.scoring.survey.TrendLink;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trend between two sample surveys sat on different forms: both are estimated on their own scaled
 * scores (plausible values, {@link SurveyReports}), the later one is put on the earlier one's scale
 * by Stocking–Lord through the items both forms share (scoring-core {@link TrendLink}), and each
 * group's change carries the linking error beside the two sampling errors.
 */
@Component
class SurveyTrends {
  private final JdbcTemplate jdbc;
  private final SurveyReports reports;
  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  SurveyTrends(JdbcTemplate jdbc, SurveyReports reports) {
    this.jdbc = jdbc;
    this.reports = reports;
  }

  /**
   * The link used.
   *
   * @param method always STOCKING_LORD
   * @param anchorItems the item ids both forms share
   * @param slope {@code A} of {@code θ_since = A θ_session + B}
   * @param intercept {@code B}
   * @param linkingError the jackknife-over-anchors error of the national mean, scaled points of the
   *     earlier survey
   */
  record Link(
      String method,
      int anchors,
      List<String> anchorItems,
      double slope,
      double intercept,
      Double linkingError) {}

  /**
   * One group: its mean in the reference survey, the later survey's mean on the reference scale,
   * and the change with {@code SE² = SE_since² + SE_session² + LE²}. Suppressed when either survey
   * suppresses the group ({@code suppression} says why, as there); a group of one survey only has
   * no values and is not suppressed.
   */
  record TrendRow(
      String group,
      boolean suppressed,
      String suppression,
      SurveyReports.Stat since,
      SurveyReports.Stat session,
      SurveyReports.Stat change,
      Double linkingError) {}

  /** A trend row as one CSV line. */
  record FlatTrendRow(
      String group,
      boolean suppressed,
      String suppression,
      Double since,
      Double sinceStandardError,
      Double session,
      Double sessionStandardError,
      Double change,
      Double changeStandardError,
      Double changeLower,
      Double changeUpper,
      Double linkingError) {
    static FlatTrendRow of(TrendRow r) {
      return new FlatTrendRow(
          r.group(),
          r.suppressed(),
          r.suppression(),
          r.since() == null ? null : r.since().estimate(),
          r.since() == null ? null : r.since().standardError(),
          r.session() == null ? null : r.session().estimate(),
          r.session() == null ? null : r.session().standardError(),
          r.change() == null ? null : r.change().estimate(),
          r.change() == null ? null : r.change().standardError(),
          r.change() == null ? null : r.change().lower(),
          r.change() == null ? null : r.change().upper(),
          r.linkingError());
    }
  }

  /**
   * @param since the earlier survey, whose scale the trend is on
   * @param session the later survey
   */
  record TrendResponse(
      String since,
      String session,
      String by,
      Link link,
      SurveyPlausibleValues.Scale scale,
      TrendRow national,
      List<TrendRow> rows)
      implements Tabular {
    @Override
    public List<?> csvRows() {
      List<FlatTrendRow> all = new ArrayList<>();
      all.add(FlatTrendRow.of(national));
      rows.forEach(r -> all.add(FlatTrendRow.of(r)));
      return all;
    }
  }

  TrendResponse trend(String session, String since, String by) {
    if (session.equals(since)) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST, "A trend compares two different surveys.");
    }
    SurveyReports.EstimatesResponse earlier = reports.estimates(since, by, "scaled");
    SurveyReports.EstimatesResponse later = reports.estimates(session, by, "scaled");
    TrendLink link;
    try {
      link = TrendLink.stockingLord(items(since), items(session));
    } catch (IllegalArgumentException | IllegalStateException | NullPointerException e) {
      throw new QueryRefused(
          ProblemType.TREND_NOT_LINKABLE,
          "Surveys " + since + " and " + session + " cannot be linked: " + e.getMessage());
    }
    SurveyPlausibleValues.Scale from = earlier.scale();
    SurveyPlausibleValues.Scale to = later.scale();
    TrendRow national = row(earlier.national(), later.national(), link, from, to);
    Map<String, SurveyReports.EstimateRow> laterRows = new LinkedHashMap<>();
    later.rows().forEach(r -> laterRows.put(r.group(), r));
    Map<String, SurveyReports.EstimateRow> earlierRows = new LinkedHashMap<>();
    earlier.rows().forEach(r -> earlierRows.put(r.group(), r));
    TreeSet<String> groups = new TreeSet<>(earlierRows.keySet());
    groups.addAll(laterRows.keySet());
    List<TrendRow> rows = new ArrayList<>();
    for (String group : groups) {
      rows.add(row(earlierRows.get(group), laterRows.get(group), link, from, to));
    }
    return new TrendResponse(
        since,
        session,
        by,
        new Link(
            "STOCKING_LORD",
            link.anchors().size(),
            link.anchors(),
            link.constants().slope(),
            link.constants().intercept(),
            national.linkingError()),
        from,
        national,
        rows);
  }

  private static TrendRow row(
      SurveyReports.EstimateRow earlier,
      SurveyReports.EstimateRow later,
      TrendLink link,
      SurveyPlausibleValues.Scale from,
      SurveyPlausibleValues.Scale to) {
    String group = earlier != null ? earlier.group() : later.group();
    if (earlier == null || later == null) {
      // a group seen in one survey only: nothing to compare, nothing hidden
      return new TrendRow(group, false, null, null, null, null, null);
    }
    if (earlier.suppressed() || later.suppressed()) {
      return new TrendRow(
          group,
          true,
          earlier.suppressed() ? earlier.suppression() : later.suppression(),
          null,
          null,
          null,
          null);
    }
    if (earlier.mean().estimate() == null || later.mean().estimate() == null) {
      return new TrendRow(group, false, null, null, null, null, null);
    }
    double value = later.mean().estimate();
    double se = later.mean().standardError() == null ? Double.NaN : later.mean().standardError();
    double onEarlier = onEarlierScale(value, link.constants(), from, to);
    double factor = from.slope() * link.constants().slope() / to.slope();
    double linking = link.linkingError(c -> onEarlierScale(value, c, from, to));
    double seEarlier =
        earlier.mean().standardError() == null ? Double.NaN : earlier.mean().standardError();
    double seLater = factor * se;
    double change = onEarlier - earlier.mean().estimate();
    double seChange = Math.sqrt(seEarlier * seEarlier + seLater * seLater + linking * linking);
    return new TrendRow(
        group,
        false,
        null,
        earlier.mean(),
        stat(onEarlier, seLater),
        stat(change, seChange),
        finite(linking));
  }

  /** A value of the later survey's scale on the earlier survey's: through θ and the link. */
  static double onEarlierScale(
      double value,
      LinkingConstants link,
      SurveyPlausibleValues.Scale earlier,
      SurveyPlausibleValues.Scale later) {
    double thetaLater = (value - later.intercept()) / later.slope();
    return earlier.slope() * link.transformTheta(thetaLater) + earlier.intercept();
  }

  private static SurveyReports.Stat stat(double value, double se) {
    return new SurveyReports.Stat(
        finite(value),
        finite(se),
        finite(value - Estimate.Z_975 * se),
        finite(value + Estimate.Z_975 * se));
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private Map<String, ItemParameters> items(String sessionId) {
    List<String> recorded =
        jdbc.queryForList(
            "SELECT calibration FROM session_calibration WHERE session_id = ?",
            String.class,
            sessionId);
    if (recorded.isEmpty()) {
      throw new QueryRefused(
          ProblemType.RESULTS_NOT_FINALISED,
          "Session " + sessionId + " has no recorded calibration to link through.");
    }
    SessionCalibration calibration;
    try {
      calibration = json.readValue(recorded.getFirst(), SessionCalibration.class);
    } catch (tools.jackson.core.JacksonException e) {
      throw new QueryRefused(
          ProblemType.CALIBRATION_UNUSABLE,
          "The recorded calibration of session " + sessionId + " cannot be read.");
    }
    Map<String, ItemParameters> items = new LinkedHashMap<>();
    try {
      for (CalibratedItem i : calibration.items()) {
        if (i != null && i.itemId() != null) {
          items.put(i.itemId(), SurveyPlausibleValues.parameters(i));
        }
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new QueryRefused(
          ProblemType.CALIBRATION_UNUSABLE,
          "The recorded calibration of session "
              + sessionId
              + " cannot be used: "
              + e.getMessage());
    }
    return items;
  }
}
