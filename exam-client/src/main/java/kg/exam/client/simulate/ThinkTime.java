package kg.exam.client.simulate;

import java.time.Duration;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How long a virtual candidate thinks before each action, after the previous response arrived.
 * Written on the command line as {@code fixed:800ms}, {@code uniform:1s..5s} or {@code exp:3s}
 * (exponential with that mean; 1% of draws exceed 4.6 × the mean, so {@code exp:3s} gives a think
 * time above 13.8 s once in a hundred actions); {@code 0} means no thinking (a load test at full
 * speed). Durations are {@code ms}, {@code s} or {@code m}, fractions allowed ({@code 1.5s}).
 */
record ThinkTime(Kind kind, long lowMicros, long highMicros) {
  enum Kind {
    FIXED,
    UNIFORM,
    EXPONENTIAL
  }

  /** Exponential draws are capped at this many means so one unlucky draw cannot stall a run. */
  static final int EXPONENTIAL_CAP_MEANS = 10;

  ThinkTime {
    if (lowMicros < 0 || highMicros < lowMicros) {
      throw new IllegalArgumentException(
          "lowMicros=" + lowMicros + ", highMicros=" + highMicros + ": need 0 <= low <= high");
    }
  }

  static ThinkTime none() {
    return new ThinkTime(Kind.FIXED, 0, 0);
  }

  /**
   * Parses {@code fixed:D}, {@code uniform:D..D}, {@code exp:D} or {@code 0}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  static ThinkTime parse(String text) {
    if (text.equals("0")) {
      return none();
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "think time '" + text + "' must be fixed:D, uniform:D..D, exp:D or 0");
    }
    String kind = text.substring(0, colon).toLowerCase(Locale.ROOT);
    String value = text.substring(colon + 1);
    return switch (kind) {
      case "fixed" -> {
        long d = micros(value);
        yield new ThinkTime(Kind.FIXED, d, d);
      }
      case "uniform" -> {
        int dots = value.indexOf("..");
        if (dots < 0) {
          throw new IllegalArgumentException(
              "think time '" + text + "': uniform needs LOW..HIGH, e.g. uniform:1s..5s");
        }
        long low = micros(value.substring(0, dots));
        long high = micros(value.substring(dots + 2));
        if (high < low) {
          throw new IllegalArgumentException(
              "think time '" + text + "': the upper bound is below the lower one");
        }
        yield new ThinkTime(Kind.UNIFORM, low, high);
      }
      case "exp" -> {
        long mean = micros(value);
        yield new ThinkTime(Kind.EXPONENTIAL, mean, mean);
      }
      default ->
          throw new IllegalArgumentException(
              "think time '" + text + "': unknown distribution '" + kind + "'");
    };
  }

  /**
   * A duration such as {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 2m}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  static Duration duration(String text) {
    return Duration.ofNanos(micros(text) * 1000);
  }

  private static long micros(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    double unitMicros;
    String number;
    if (t.endsWith("ms")) {
      unitMicros = 1_000;
      number = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      unitMicros = 1_000_000;
      number = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      unitMicros = 60_000_000;
      number = t.substring(0, t.length() - 1);
    } else {
      throw new IllegalArgumentException(
          "duration '" + text + "' needs a unit: ms, s or m (e.g. 500ms, 2s)");
    }
    double value;
    try {
      value = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration '" + text + "' is not a number with a unit");
    }
    if (!(value >= 0) || value * unitMicros > Long.MAX_VALUE / 1000.0) {
      throw new IllegalArgumentException("duration '" + text + "' must be 0 or more");
    }
    return Math.round(value * unitMicros);
  }

  /** One think time in microseconds. */
  long drawMicros(RandomGenerator random) {
    return switch (kind) {
      case FIXED -> lowMicros;
      case UNIFORM -> lowMicros + (long) (random.nextDouble() * (highMicros - lowMicros));
      case EXPONENTIAL ->
          (long)
              Math.min(
                  random.nextExponential() * lowMicros, (double) EXPONENTIAL_CAP_MEANS * lowMicros);
    };
  }

  /** The mean think time in microseconds (ignoring the exponential cap, which moves it < 0.01%). */
  double meanMicros() {
    return kind == Kind.UNIFORM ? (lowMicros + highMicros) / 2.0 : lowMicros;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIXED -> lowMicros == 0 ? "0" : "fixed:" + lowMicros / 1000 + "ms";
      case UNIFORM -> "uniform:" + lowMicros / 1000 + "ms.." + highMicros / 1000 + "ms";
      case EXPONENTIAL -> "exp:" + lowMicros / 1000 + "ms";
    };
  }
}
