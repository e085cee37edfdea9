package kg.exam.scoring.integrity;

import kg.exam.scoring.Distributions;

/**
 * When a statistic becomes a flag. Every analysis turns its statistic into an upper-tail
 * probability under honest work; a probability below {@code falsePositiveRate} is a MEDIUM flag,
 * below {@code highRate} a HIGH one. So the stated rate is the share of honest sittings (or pairs,
 * or places) expected to be flagged by each test: at 1e-4 a national session of 1.4 million
 * sittings gives about 140 false leads per test, which is why a flag is a lead and not a finding.
 * {@code IntegrityCalibrationTest} measures the rates on simulated honest cohorts.
 *
 * @param falsePositiveRate the MEDIUM rate per test, in (0, 0.5)
 * @param highRate the HIGH rate per test, in (0, falsePositiveRate]
 * @param minClusterSize the fewest analysed sittings a place needs to be compared with others
 * @param minTimedItems the fewest timed items a sitting needs for the response-time analyses
 */
public record IntegrityThresholds(
    double falsePositiveRate, double highRate, int minClusterSize, int minTimedItems) {

  public IntegrityThresholds {
    if (!(falsePositiveRate > 0 && falsePositiveRate < 0.5)) {
      throw new IllegalArgumentException("falsePositiveRate must be in (0, 0.5)");
    }
    if (!(highRate > 0 && highRate <= falsePositiveRate)) {
      throw new IllegalArgumentException("highRate must be in (0, falsePositiveRate]");
    }
    if (minClusterSize < 2 || minTimedItems < 2) {
      throw new IllegalArgumentException("minClusterSize and minTimedItems must be at least 2");
    }
  }

  /** 1e-4 per test, HIGH below 1e-6, places of at least 10 sittings, 5 timed items. */
  public static IntegrityThresholds defaults() {
    return new IntegrityThresholds(1e-4, 1e-6, 10, 5);
  }

  /** The severity of an upper-tail probability, or null when it is not a flag. */
  public Finding.Severity severity(double pValue) {
    if (!(pValue < falsePositiveRate)) {
      return null;
    }
    return pValue < highRate ? Finding.Severity.HIGH : Finding.Severity.MEDIUM;
  }

  /** The z a one-sided normal statistic must reach for MEDIUM. */
  public double mediumZ() {
    return -Distributions.normalQuantile(falsePositiveRate);
  }

  /** The z a one-sided normal statistic must reach for HIGH. */
  public double highZ() {
    return -Distributions.normalQuantile(highRate);
  }
}
