package kg.exam.scoring.integrity;

/**
 * Sittings grouped by a number-correct count into bands of about equal size, so that what
 * "candidates of the same ability" do can be read from the cohort itself. Equal counts fall in one
 * band; there are at most {@value #MAX_BANDS} bands and at least {@value #PER_BAND} sittings per
 * band on average.
 */
final class ScoreBands {
  static final int MAX_BANDS = 10;
  static final int PER_BAND = 30;

  private final int[] band;
  private final int count;

  private ScoreBands(int[] band, int count) {
    this.band = band;
    this.count = count;
  }

  /** Bands over {@code counts} (each in 0..{@code max}). */
  static ScoreBands of(int[] counts, int max) {
    int n = counts.length;
    int bands = Math.max(1, Math.min(MAX_BANDS, n / PER_BAND));
    int[] frequency = new int[max + 1];
    for (int c : counts) {
      frequency[c]++;
    }
    // a count's band is where the middle of its run of equal counts falls in the ranking
    int[] bandOf = new int[max + 1];
    long before = 0;
    for (int v = 0; v <= max; v++) {
      double middle = before + frequency[v] / 2.0;
      bandOf[v] = n == 0 ? 0 : Math.min(bands - 1, (int) (middle * bands / n));
      before += frequency[v];
    }
    int[] band = new int[n];
    for (int j = 0; j < n; j++) {
      band[j] = bandOf[counts[j]];
    }
    return new ScoreBands(band, bands);
  }

  int of(int sitting) {
    return band[sitting];
  }

  int count() {
    return count;
  }
}
