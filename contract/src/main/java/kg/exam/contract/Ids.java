package kg.exam.contract;

/**
 * The one pattern of every id staff or stations choose (exams, sessions, centres, schools,
 * candidates, stations, accounts): 1 to 64 of {@code A-Z a-z 0-9 . _ -}, starting with a letter or
 * a digit, so that no id is {@code .} or {@code ..} (a path segment no URL can address) and every
 * id fits the {@code VARCHAR(64)} columns.
 */
public final class Ids {
  /** An id: 1..64 of {@code A-Z a-z 0-9 . _ -}, the first a letter or digit. */
  public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  /** A staff account id: as {@link #PATTERN}, but at least 3 characters. */
  public static final String ACCOUNT_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{2,63}";

  private Ids() {}

  /** Whether {@code id} matches {@link #PATTERN}. */
  public static boolean valid(String id) {
    return id != null && id.matches(PATTERN);
  }
}
