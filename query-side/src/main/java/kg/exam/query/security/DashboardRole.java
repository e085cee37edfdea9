package kg.exam.query.security;

/** What a dashboard account may see. */
public enum DashboardRole {
  /** One school (its {@code schoolId}): its sittings, results and candidates. */
  SCHOOL,
  /** One district ({@code region}, {@code district}). */
  DISTRICT,
  /** One region (oblast or city). */
  REGION,
  /** The whole country, aggregates only: no per-candidate rows, small cells suppressed. */
  MINISTRY,
  /** Everything, read-only (and the projection maintenance: status, rebuild). */
  AUDITOR,
  /**
   * An exam centre's administrator ({@code centreId}): the integrity analyses of the centre's
   * sessions, and nothing else on the dashboards.
   */
  CENTRE_ADMIN
}
