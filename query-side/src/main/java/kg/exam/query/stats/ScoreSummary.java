package kg.exam.query.stats;

import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

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
 * @param suppressed true when {@code candidates} is above 0 but below the small-cell threshold;
 *     every other field is then empty (NaN, zero-filled or empty), as it is for an empty group
 * @param meanPercent mean of the percentages
 * @param standardDeviation sample standard deviation (n − 1)
 * @param ciLow lower end of the 95 % confidence interval of the mean
 * @param ciHigh upper end of it
 * @param passRate share of results at or above the pass mark, 0..1
 * @param histogram counts in ten 10-point bins: [0,10), [10,20) … [90,100]
 * @param grades count per grade (grades as the exam's scale defines them, ascending)
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
    SortedMap<Integer, Integer> grades) {

  public ScoreSummary {
    histogram = histogram.clone();
    grades = Collections.unmodifiableSortedMap(new TreeMap<>(grades));
  }

  @Override
  public int[] histogram() {
    return histogram.clone();
  }

  /** Counts of the 5-point scale's grades 2, 3, 4, 5 (index 0..3). */
  public int[] gradeCounts() {
    int[] counts = new int[4];
    for (int g = 2; g <= 5; g++) {
      counts[g - 2] = grades.getOrDefault(g, 0);
    }
    return counts;
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
        && grades.equals(s.grades);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(histogram)
        + grades.hashCode()
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
            + grades
            + "]";
  }
}
