package kg.exam.query.area;

import java.util.List;
import java.util.Objects;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.security.Scope;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Decides whether a caller may ask about an area. Every query's rows are in any case filtered by
 * the caller's {@link Scope}; this check turns a question about an area that does not overlap the
 * scope at all (another school, another district) into a 403 problem instead of an empty answer, so
 * that the refusal is visible. Where an area's place is unknown (no sitting registered there yet) a
 * school caller is still refused any other school, and others get the (empty) filtered answer.
 */
@Component
public class AreaAccess {
  private final JdbcTemplate jdbc;

  public AreaAccess(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * @throws QueryRefused {@link ProblemType#OUTSIDE_SCOPE} if {@code area} and {@code scope} do not
   *     overlap
   */
  public void requireOverlap(Scope scope, Area area) {
    if (scope.national() || area.level() == Area.Level.NATIONAL) {
      return;
    }
    if (!overlaps(scope, area)) {
      throw new QueryRefused(ProblemType.OUTSIDE_SCOPE, area + " is outside your area.");
    }
  }

  /** Refuses per-candidate data to an aggregates-only caller. */
  public void requireRows(Scope scope) {
    if (scope.aggregatesOnly()) {
      throw new QueryRefused(
          ProblemType.AGGREGATES_ONLY,
          "Your role sees aggregates only, never rows about single candidates.");
    }
  }

  private boolean overlaps(Scope scope, Area area) {
    String code = area.code();
    if (scope.schoolId() != null) {
      return switch (area.level()) {
        case SCHOOL -> scope.schoolId().equals(code);
        case DISTRICT -> knownOrEqual(placesOfSchool(scope.schoolId()), 1, code);
        case REGION -> knownOrEqual(placesOfSchool(scope.schoolId()), 0, code);
        case NATIONAL -> true;
      };
    }
    if (scope.district() != null) {
      return switch (area.level()) {
        case SCHOOL -> knownOrEqual(placesOfSchool(code), 1, scope.district());
        case DISTRICT -> scope.district().equals(code);
        case REGION -> Objects.equals(scope.region(), code);
        case NATIONAL -> true;
      };
    }
    // a region
    return switch (area.level()) {
      case SCHOOL -> knownOrEqual(placesOfSchool(code), 0, scope.region());
      case DISTRICT -> knownOrEqual(regionsOfDistrict(code), 0, scope.region());
      case REGION -> scope.region().equals(code);
      case NATIONAL -> true;
    };
  }

  /** True if nothing is known, or one of the known places has {@code expected} at {@code index}. */
  private static boolean knownOrEqual(List<String[]> places, int index, String expected) {
    return places.isEmpty() || places.stream().anyMatch(p -> Objects.equals(p[index], expected));
  }

  private List<String[]> placesOfSchool(String schoolId) {
    return jdbc.query(
        "SELECT DISTINCT region, district FROM sitting WHERE school_id = ?",
        (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
        schoolId);
  }

  private List<String[]> regionsOfDistrict(String district) {
    return jdbc.query(
        "SELECT DISTINCT region FROM sitting WHERE district = ?",
        (rs, i) -> new String[] {rs.getString(1)},
        district);
  }
}
