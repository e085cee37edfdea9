package kg.exam.query.security;

/**
 * The part of the country a caller may see, as a filter on sittings: everything, a region, a
 * district of a region, or one school. Every query is restricted by it server-side.
 *
 * @param region the region, or null for the whole country
 * @param district the district, or null for a whole region
 * @param schoolId the school, or null for a whole district
 * @param aggregatesOnly no per-candidate rows; small cells suppressed (MINISTRY)
 */
public record Scope(String region, String district, String schoolId, boolean aggregatesOnly) {

  /** Everything, with per-candidate rows (AUDITOR, tests). */
  public static final Scope EVERYTHING = new Scope(null, null, null, false);

  /** A school id no sitting has (ids are codes): the scope of a role that sees no area. */
  private static final String NO_SCHOOL = " none";

  static Scope of(DashboardUser user) {
    return switch (user.role()) {
      case AUDITOR -> EVERYTHING;
      case MINISTRY -> new Scope(null, null, null, true);
      case REGION -> new Scope(user.region(), null, null, false);
      case DISTRICT -> new Scope(user.region(), user.district(), null, false);
      case SCHOOL -> new Scope(null, null, user.schoolId(), false);
      // sees no area: the dashboards other than integrity refuse the role outright
      case CENTRE_ADMIN -> new Scope(null, null, NO_SCHOOL, true);
    };
  }

  /** The scope as an SQL condition on a table aliased {@code alias} with the sitting's columns. */
  public String sql(String alias) {
    StringBuilder where = new StringBuilder("TRUE");
    if (region != null) {
      where.append(" AND ").append(alias).append(".region = ?");
    }
    if (district != null) {
      where.append(" AND ").append(alias).append(".district = ?");
    }
    if (schoolId != null) {
      where.append(" AND ").append(alias).append(".school_id = ?");
    }
    return where.toString();
  }

  /** The values for {@link #sql}'s placeholders, in order. */
  public Object[] args() {
    java.util.List<Object> args = new java.util.ArrayList<>(3);
    if (region != null) {
      args.add(region);
    }
    if (district != null) {
      args.add(district);
    }
    if (schoolId != null) {
      args.add(schoolId);
    }
    return args.toArray();
  }

  /** Whether the whole country is visible. */
  public boolean national() {
    return region == null && district == null && schoolId == null;
  }
}
