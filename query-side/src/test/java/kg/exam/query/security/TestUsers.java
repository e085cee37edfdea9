package kg.exam.query.security;

/** Signed-in dashboard users for tests that call controllers directly. */
public final class TestUsers {
  private TestUsers() {}

  /** A user of {@code role}; {@code centreId} for a CENTRE_ADMIN. */
  public static DashboardUser user(DashboardRole role, String centreId) {
    return new DashboardUser(
        "test-" + role.name().toLowerCase(java.util.Locale.ROOT),
        null,
        role,
        null,
        null,
        null,
        centreId);
  }
}
