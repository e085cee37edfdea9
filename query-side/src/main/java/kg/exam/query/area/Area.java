package kg.exam.query.area;

import java.util.Locale;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;

/**
 * A part of the country: {@code national}, {@code region:<code>}, {@code district:<code>} or {@code
 * school:<schoolId>}. District codes are taken to be unique nationally (they are in the
 * registration data: e.g. {@code bishkek-pervomaisky}).
 */
public record Area(Level level, String code) {
  /** The levels, from the top. */
  public enum Level {
    NATIONAL(null),
    REGION("region"),
    DISTRICT("district"),
    SCHOOL("school_id");

    private final String column;

    Level(String column) {
      this.column = column;
    }

    /** The sitting column holding this level's code (null for national). */
    public String column() {
      return column;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code national|region|district|school}. */
    public static Level parse(String text) {
      if (text == null || text.isBlank()) {
        return NATIONAL;
      }
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new QueryRefused(
            ProblemType.INVALID_REQUEST,
            "level=" + text + " is not national, region, district or school");
      }
    }

    /** The level above (national for region). */
    public Level parent() {
      return this == NATIONAL ? NATIONAL : values()[ordinal() - 1];
    }
  }

  public static final Area NATIONAL = new Area(Level.NATIONAL, null);

  /** Parses {@code <level>:<code>} or {@code national}; null or blank is national. */
  public static Area parse(String text) {
    if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("national")) {
      return NATIONAL;
    }
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new QueryRefused(
          ProblemType.INVALID_REQUEST,
          "area=" + text + " is not national, region:<code>, district:<code> or school:<id>");
    }
    Level level = Level.parse(text.substring(0, colon));
    if (level == Level.NATIONAL) {
      return NATIONAL;
    }
    return new Area(level, text.substring(colon + 1).trim());
  }

  /** The area as an SQL condition on sitting alias {@code alias}. */
  public String sql(String alias) {
    return level == Level.NATIONAL ? "TRUE" : alias + "." + level.column() + " = ?";
  }

  /** The values for {@link #sql}'s placeholder. */
  public Object[] args() {
    return level == Level.NATIONAL ? new Object[0] : new Object[] {code};
  }

  @Override
  public String toString() {
    return level == Level.NATIONAL ? "national" : level.key() + ":" + code;
  }
}
