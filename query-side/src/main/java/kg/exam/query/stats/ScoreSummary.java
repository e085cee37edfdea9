package kg.exam.query.stats;

import java.util.Arrays;

/**
 * What a dashboard shows of one group of results (a school, a district, girls in rural schools
 * taught in Uzbek…): how many, the mean percentage with its 95 % confidence interval, the pass
 * rate, a histogram, and the grade distribution — or nothing but the fact that the cell is too
 * small, so that no candidate can be singled out.
 *
 * <p>Example: percentages {40, 50, 60, 70, 80, 55, 65, 75, 45, 85} with a pass mark of 50 % give n
 * = 10, mean = 62.5, sd = 15.14, a 95 % interval of 62.5 ± 2.262 × 15.14 / √10 = [51.67, 73.33]
 * (Student's t with 9 degrees of freedom) and a pass rate of 0.8.
 *
 * @param candidates results in the group
 * @param suppressed true when {@code candidates} is below the small-cell threshold; every other
 *     field is then empty (NaN or zero-filled arrays)
 * @param meanPercent mean of the percentages
 * @param standardDeviation sample standard deviation (n − 1)
 * @param ciLow lower end of the 95 % confidence interval of the mean
 * @param ciHigh upper end of it
 * @param passRate share of results at or above the pass mark, 0..1
 * @param histogram counts in ten 10-point bins: [0,10), [10,20) … [90,100]
 * @param gradeCounts counts of grades 2, 3, 4, 5 (index 0..3)
 */
public record ScoreSummary(
    int candidates,
    boolean suppressed,
    double meanPercent,
    double standardDeviation,
    double ciLow,
    double ciHigh,
    double passRate,
    int[] histogram,
    int[] gradeCounts) {

  public ScoreSummary {
    histogram = histogram.clone();
    gradeCounts = gradeCounts.clone();
  }

  @Override
  public int[] histogram() {
    return histogram.clone();
  }

  @Override
  public int[] gradeCounts() {
    return gradeCounts.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoreSummary s
        && candidates == s.candidates
        && suppressed == s.suppressed
        && Double.compare(meanPercent, s.meanPercent) == 0
        && Double.compare(standardDeviation, s.standardDeviation) == 0
        && Double.compare(ciLow, s.ciLow) == 0
        && Double.compare(ciHigh, s.ciHigh) == 0
        && Double.compare(passRate, s.passRate) == 0
        && Arrays.equals(histogram, s.histogram)
        && Arrays.equals(gradeCounts, s.gradeCounts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(histogram)
        + Arrays.hashCode(gradeCounts)
        + Double.hashCode(meanPercent)
        + candidates;
  }

  @Override
  public String toString() {
    return suppressed
        ? "ScoreSummary[candidates=" + candidates + ", suppressed]"
        : "ScoreSummary[candidates="
            + candidates
            + ", mean="
            + meanPercent
            + " ["
            + ciLow
            + ", "
            + ciHigh
            + "], passRate="
            + passRate
            + ", histogram="
            + Arrays.toString(histogram)
            + ", grades="
            + Arrays.toString(gradeCounts)
            + "]";
  }
}
