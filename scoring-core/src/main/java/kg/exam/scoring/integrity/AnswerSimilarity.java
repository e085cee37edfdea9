package kg.exam.scoring.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.scoring.Distributions;

/**
 * Answer similarity between two candidates by Wollack's ω (1997): for a possible copier c and
 * source s, the number of items where c gave s's answer, against the number expected if c worked
 * alone, ω = (h − Σ P_i) / √Σ P_i(1 − P_i), where P_i is the probability that a candidate of c's
 * ability gives s's answer to item i.
 *
 * <p>Wollack takes P_i from the nominal response model. Here it is read from the cohort: the share
 * of candidates in c's number-correct band (see {@link ScoreBands}) who gave that answer, shrunk
 * towards the item's overall share by one pseudo-candidate so that an answer nobody in the band
 * gave keeps a small probability. With a national cohort the bands hold thousands of candidates, so
 * this follows the data without assuming a model; {@code IntegrityCalibrationTest} measures the
 * false positive rate it gives.
 *
 * <p>The bands need candidates: below {@value #MIN_COHORT} sittings the band shares describe
 * ability too coarsely and honest pairs of strong candidates match "more than expected" (measured
 * on simulated cohorts: 1.4 times the stated rate at 60 sittings, within it from 90 on with at
 * least {@value ScoreBands#PER_BAND} candidates per band), so {@link IntegrityAnalysis} leaves
 * smaller cohorts unanalysed for similarity.
 *
 * <p>Both directions are computed (either may have copied) and the larger ω taken; its p-value is
 * doubled for the two looks (Bonferroni). Only items both answered count. Pairs are formed only
 * among sittings at the same place whose times overlap, so the work grows with the size of a room,
 * not with the square of the cohort.
 */
public final class AnswerSimilarity {
  /** The fewest sittings a cohort needs for the similarity analysis. */
  public static final int MIN_COHORT = 100;

  private final Cohort cohort;
  private final ScoreBands bands;

  /** [band][item] → the probabilities of the item's categories for candidates of the band. */
  private final double[][][] probability;

  private AnswerSimilarity(Cohort cohort, ScoreBands bands, double[][][] probability) {
    this.cohort = cohort;
    this.bands = bands;
    this.probability = probability;
  }

  /** The answer probabilities per band, read from {@code cohort}. */
  public static AnswerSimilarity of(Cohort cohort) {
    int n = cohort.size();
    int items = cohort.items();
    int[] numberCorrect = new int[n];
    int[] categories = new int[items];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < items; i++) {
        if (cohort.correct()[j][i] == 1) {
          numberCorrect[j]++;
        }
        categories[i] = Math.max(categories[i], cohort.responses()[j][i] + 1);
      }
    }
    ScoreBands bands = ScoreBands.of(numberCorrect, items);
    double[][][] counts = new double[bands.count()][items][];
    double[][] overall = new double[items][];
    for (int i = 0; i < items; i++) {
      overall[i] = new double[categories[i]];
      for (int b = 0; b < bands.count(); b++) {
        counts[b][i] = new double[categories[i]];
      }
    }
    for (int j = 0; j < n; j++) {
      int b = bands.of(j);
      for (int i = 0; i < items; i++) {
        int r = cohort.responses()[j][i];
        if (r >= 0) {
          counts[b][i][r]++;
          overall[i][r]++;
        }
      }
    }
    double[][][] probability = new double[bands.count()][items][];
    for (int i = 0; i < items; i++) {
      int k = categories[i];
      double total = Arrays.stream(overall[i]).sum();
      double[] marginal = new double[k];
      for (int r = 0; r < k; r++) {
        marginal[r] = (overall[i][r] + 0.5) / (total + 0.5 * k);
      }
      for (int b = 0; b < bands.count(); b++) {
        double bandTotal = Arrays.stream(counts[b][i]).sum();
        double[] p = new double[k];
        for (int r = 0; r < k; r++) {
          p[r] = (counts[b][i][r] + marginal[r]) / (bandTotal + 1);
        }
        probability[b][i] = p;
      }
    }
    return new AnswerSimilarity(cohort, bands, probability);
  }

  /** ω for {@code copier} copying from {@code source}, with its parts. */
  public Omega omega(int copier, int source) {
    int[] c = cohort.responses()[copier];
    int[] s = cohort.responses()[source];
    double[][] p = probability[bands.of(copier)];
    int compared = 0;
    int matches = 0;
    double expected = 0;
    double variance = 0;
    for (int i = 0; i < c.length; i++) {
      int answer = s[i];
      if (answer < 0 || c[i] < 0) {
        continue;
      }
      compared++;
      if (c[i] == answer) {
        matches++;
      }
      double pi = p[i][answer];
      expected += pi;
      variance += pi * (1 - pi);
    }
    double z = variance > 0 ? (matches - expected) / Math.sqrt(variance) : Double.NaN;
    return new Omega(copier, source, compared, matches, expected, z);
  }

  /** The pair's flag when the larger ω of the two directions is below the rate, else null. */
  public Finding pair(int a, int b, IntegrityThresholds thresholds) {
    return pair(a, b, thresholds, thresholds.mediumZ());
  }

  private Finding pair(int a, int b, IntegrityThresholds thresholds, double mediumZ) {
    Omega ab = omega(a, b);
    Omega ba = omega(b, a);
    Omega larger = Double.isNaN(ba.z()) || ab.z() >= ba.z() ? ab : ba;
    if (Double.isNaN(larger.z()) || larger.z() < mediumZ) {
      return null; // the p-value below needs at least this z: skip the work for most pairs
    }
    double p = Math.min(1, 2 * Distributions.normalUpperTail(larger.z()));
    Finding.Severity severity = thresholds.severity(p);
    if (severity == null) {
      return null;
    }
    List<Integer> matching = new ArrayList<>();
    int identicalWrong = 0;
    int[] ra = cohort.responses()[a];
    int[] rb = cohort.responses()[b];
    for (int i = 0; i < ra.length; i++) {
      if (ra[i] >= 0 && ra[i] == rb[i]) {
        matching.add(i);
        if (cohort.correct()[a][i] == 0) {
          identicalWrong++;
        }
      }
    }
    // identical wrong answers are the strongest evidence: list them first
    byte[] rightA = cohort.correct()[a];
    matching.sort(Comparator.comparingInt(i -> rightA[i] == 0 ? 0 : 1));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("copier", larger.copier());
    detail.put("source", larger.source());
    detail.put("items", larger.compared());
    detail.put("matches", larger.matches());
    detail.put("expected", larger.expected());
    detail.put("identicalWrong", identicalWrong);
    return new Finding(
        Finding.Kind.SIMILARITY,
        severity,
        new int[] {a, b},
        cohort.place()[a],
        larger.z(),
        p,
        detail,
        matching.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Every flagged pair of sittings at one place whose times overlap. */
  public List<Finding> flags(IntegrityThresholds thresholds) {
    List<Finding> flags = new ArrayList<>();
    for (int[] group : places(cohort)) {
      flagsIn(group, thresholds, flags);
    }
    return flags;
  }

  /** The flagged pairs among {@code group} (sittings of one place sorted by start). */
  void flagsIn(int[] group, IntegrityThresholds thresholds, List<Finding> into) {
    long[] start = cohort.start();
    long[] end = cohort.end();
    double mediumZ = thresholds.mediumZ();
    for (int x = 0; x < group.length; x++) {
      int a = group[x];
      for (int y = x + 1; y < group.length && start[group[y]] < end[a]; y++) {
        Finding f = pair(a, group[y], thresholds, mediumZ);
        if (f != null) {
          into.add(f);
        }
      }
    }
  }

  /** The number of pairs {@link #flags} compares. */
  public static long pairs(Cohort cohort) {
    long pairs = 0;
    for (int[] group : places(cohort)) {
      pairs += pairsIn(cohort, group);
    }
    return pairs;
  }

  /** The number of pairs compared among {@code group} (one place's sittings sorted by start). */
  static long pairsIn(Cohort cohort, int[] group) {
    long pairs = 0;
    for (int x = 0; x < group.length; x++) {
      for (int y = x + 1;
          y < group.length && cohort.start()[group[y]] < cohort.end()[group[x]];
          y++) {
        pairs++;
      }
    }
    return pairs;
  }

  /** The sittings of each place (place ≥ 0), each sorted by start time. */
  static List<int[]> places(Cohort cohort) {
    int[] place = cohort.place();
    int places = 0;
    for (int p : place) {
      places = Math.max(places, p + 1);
    }
    int[] size = new int[places];
    for (int p : place) {
      if (p >= 0) {
        size[p]++;
      }
    }
    int[][] members = new int[places][];
    for (int p = 0; p < places; p++) {
      members[p] = new int[size[p]];
    }
    int[] filled = new int[places];
    for (int j = 0; j < place.length; j++) {
      if (place[j] >= 0) {
        members[place[j]][filled[place[j]]++] = j;
      }
    }
    List<int[]> groups = new ArrayList<>(places);
    long[] start = cohort.start();
    for (int[] m : members) {
      if (m.length > 1) {
        Integer[] boxed = Arrays.stream(m).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, Comparator.comparingLong(j -> start[j]));
        groups.add(Arrays.stream(boxed).mapToInt(Integer::intValue).toArray());
      }
    }
    return groups;
  }

  /**
   * One direction of the index.
   *
   * @param compared items both answered
   * @param matches items where the copier gave the source's answer
   * @param expected the matches expected from the copier's band
   * @param z ω (NaN when nothing could be compared)
   */
  public record Omega(
      int copier, int source, int compared, int matches, double expected, double z) {}
}
