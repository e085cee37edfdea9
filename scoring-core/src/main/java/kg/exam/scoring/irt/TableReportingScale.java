package kg.exam.scoring.irt;

import java.util.Arrays;

/**
 * A reporting scale given by a conversion table of {@code (θ, scaled)} points: linear interpolation
 * between neighbouring points, clamped to the first (last) scaled value below the first (above the
 * last) θ, so θ = ±∞ gives the end values. The interpolated score is then rounded exactly like
 * {@link ReportingScale}: half up to a multiple of {@code step}, binary noise tidied; a candidate
 * passes when the <em>rounded</em> scaled score is at least {@code passMark}.
 *
 * <p>Example: points {@code (−2, 60), (0, 100), (1, 110), (3, 160)}, whole points, pass mark 110: θ
 * = 0.94 interpolates to 109.4 → 109, failed; θ = 0.95 gives 109.5 → 110, passed; θ = 2 gives 135;
 * θ = −5 and −∞ give 60; θ = 7 and +∞ give 160.
 *
 * <p>θ values must be finite and strictly increasing, scaled values finite and non-decreasing, at
 * least two points. Arrays are copied in and out: instances are immutable and thread-safe.
 */
public final class TableReportingScale implements ScoreScale {

  private final double[] thetas;
  private final double[] scaledScores;
  private final double step;
  private final double passMark;

  /**
   * @param thetas θ of each table point, finite, strictly increasing, at least 2
   * @param scaledScores scaled score at each point, finite, non-decreasing, same length
   * @param step rounding unit ({@code 1} for whole points), {@code > 0} and finite
   * @param passMark lowest passing (rounded) scaled score, not NaN
   * @throws IllegalArgumentException naming the first offending value
   */
  public TableReportingScale(double[] thetas, double[] scaledScores, double step, double passMark) {
    if (thetas == null || scaledScores == null) {
      throw new IllegalArgumentException("thetas and scaledScores must not be null");
    }
    if (thetas.length != scaledScores.length) {
      throw new IllegalArgumentException(
          "thetas.length="
              + thetas.length
              + " must equal scaledScores.length="
              + scaledScores.length);
    }
    if (thetas.length < 2) {
      throw new IllegalArgumentException(
          "a conversion table needs at least 2 points, got " + thetas.length);
    }
    for (int k = 0; k < thetas.length; k++) {
      if (!Double.isFinite(thetas[k]) || !Double.isFinite(scaledScores[k])) {
        throw new IllegalArgumentException(
            "point "
                + (k + 1)
                + ": theta="
                + thetas[k]
                + " and scaled="
                + scaledScores[k]
                + " must be finite");
      }
      if (k > 0 && !(thetas[k] > thetas[k - 1])) {
        throw new IllegalArgumentException(
            "point "
                + (k + 1)
                + ": theta="
                + thetas[k]
                + " must be greater than the previous theta="
                + thetas[k - 1]);
      }
      if (k > 0 && scaledScores[k] < scaledScores[k - 1]) {
        throw new IllegalArgumentException(
            "point "
                + (k + 1)
                + ": scaled="
                + scaledScores[k]
                + " must not be below the previous scaled="
                + scaledScores[k - 1]);
      }
    }
    if (!(step > 0) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("step=" + step + " must be > 0 and finite");
    }
    if (Double.isNaN(passMark)) {
      throw new IllegalArgumentException("passMark=" + passMark + " must be a number");
    }
    this.thetas = thetas.clone();
    this.scaledScores = scaledScores.clone();
    this.step = step;
    this.passMark = passMark;
  }

  /**
   * Reads a table written as {@code "θ:scaled,θ:scaled,..."}, e.g. {@code
   * "-2:60,0:100,1:110,3:160"} (spaces allowed around numbers).
   *
   * @param points the table
   * @param step rounding unit
   * @param passMark lowest passing scaled score
   * @return the scale
   * @throws IllegalArgumentException with a one-line message on a malformed or invalid table
   */
  public static TableReportingScale parse(String points, double step, double passMark) {
    if (points == null || points.isBlank()) {
      throw new IllegalArgumentException("conversion table is empty; expected θ:scaled,θ:scaled");
    }
    String[] parts = points.split(",", -1);
    double[] thetas = new double[parts.length];
    double[] scaled = new double[parts.length];
    for (int k = 0; k < parts.length; k++) {
      String[] pair = parts[k].split(":", -1);
      if (pair.length != 2) {
        throw new IllegalArgumentException(
            "conversion table point "
                + (k + 1)
                + " '"
                + parts[k].trim()
                + "' must be θ:scaled, e.g. 0:100");
      }
      thetas[k] = number(pair[0], "θ of point " + (k + 1));
      scaled[k] = number(pair[1], "scaled score of point " + (k + 1));
    }
    return new TableReportingScale(thetas, scaled, step, passMark);
  }

  static double number(String text, String what) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text.trim() + "' is not a number", e);
    }
  }

  @Override
  public double scaled(double theta) {
    if (Double.isNaN(theta)) {
      return Double.NaN;
    }
    return ReportingScale.roundToStep(interpolated(theta), step);
  }

  /**
   * @param theta ability, not NaN
   * @return the unrounded table value: interpolated inside the table, the end values outside
   */
  public double interpolated(double theta) {
    int last = thetas.length - 1;
    if (theta <= thetas[0]) {
      return scaledScores[0];
    }
    if (theta >= thetas[last]) {
      return scaledScores[last];
    }
    int found = Arrays.binarySearch(thetas, theta);
    if (found >= 0) {
      return scaledScores[found];
    }
    int right = -found - 1; // thetas[right - 1] < theta < thetas[right]
    int left = right - 1;
    double share = (theta - thetas[left]) / (thetas[right] - thetas[left]);
    return scaledScores[left] + share * (scaledScores[right] - scaledScores[left]);
  }

  @Override
  public double passMark() {
    return passMark;
  }

  /**
   * @return rounding unit of the reported score
   */
  public double step() {
    return step;
  }

  /**
   * @return θ of the table points, a copy
   */
  public double[] thetas() {
    return thetas.clone();
  }

  /**
   * @return scaled scores of the table points, a copy
   */
  public double[] scaledScores() {
    return scaledScores.clone();
  }

  /**
   * @return the table as {@link #parse(String, double, double)} reads it
   */
  public String formatPoints() {
    StringBuilder text = new StringBuilder();
    for (int k = 0; k < thetas.length; k++) {
      if (k > 0) {
        text.append(',');
      }
      text.append(GradeBoundaries.format(thetas[k]))
          .append(':')
          .append(GradeBoundaries.format(scaledScores[k]));
    }
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TableReportingScale that
        && Arrays.equals(thetas, that.thetas)
        && Arrays.equals(scaledScores, that.scaledScores)
        && Double.compare(step, that.step) == 0
        && Double.compare(passMark, that.passMark) == 0;
  }

  @Override
  public int hashCode() {
    int hash = 31 * Arrays.hashCode(thetas) + Arrays.hashCode(scaledScores);
    return 31 * (31 * hash + Double.hashCode(step)) + Double.hashCode(passMark);
  }

  @Override
  public String toString() {
    return "TableReportingScale["
        + formatPoints()
        + ", step="
        + step
        + ", passMark="
        + passMark
        + "]";
  }
}
