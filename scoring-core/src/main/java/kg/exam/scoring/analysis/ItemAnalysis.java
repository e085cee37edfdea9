package kg.exam.scoring.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.batch.BatchResult;
import kg.exam.scoring.batch.ChunkedParallel;
import kg.exam.scoring.batch.KeyedBatchResult;
import kg.exam.scoring.batch.KeyedBatchScorer;
import kg.exam.scoring.batch.KeyedForm;
import kg.exam.scoring.batch.ResponseMatrix;

/**
 * Classical item analysis: difficulty, item-total and corrected item-total (item-rest) correlation,
 * alpha-if-item-deleted, distractor analysis for choice items; for the test Cronbach's alpha (KR-20
 * for dichotomous items), standard error of measurement and the score distribution.
 *
 * <p>Totals are unweighted sums of item scores; moments are population moments (divided by N).
 * Worked example (three one-point items, five candidates with item scores 111, 110, 100, 010, 000):
 * p-values 0.6, 0.6, 0.2; totals 3, 2, 1, 1, 0 with variance 1.04; KR-20 {@code 3/2 * (1 -
 * 0.64/1.04) = 0.5769}; item 1's item-rest correlation {@code 0.12 / sqrt(0.24 * 0.56) = 0.3273};
 * SEM {@code sqrt(1.04 * (1 - 0.5769)) = 0.6633}.
 *
 * <p>Results do not depend on the thread count: sums are taken over fixed chunks and combined in
 * chunk order. Stateless and thread-safe.
 */
public final class ItemAnalysis {

  /** Pseudo-option for candidates who left a choice item unanswered. */
  public static final String UNANSWERED_OPTION = "(unanswered)";

  /** Pseudo-option for malformed responses to a choice item. */
  public static final String MALFORMED_OPTION = "(malformed)";

  /** Share of candidates in each of the upper and lower groups (Kelley's 27 %). */
  public static final double GROUP_FRACTION = 0.27;

  static final int CANDIDATES_PER_CHUNK = 16_384;
  private static final List<String> TRUE_FALSE = List.of("true", "false");

  private ItemAnalysis() {}

  /**
   * Analyses a keyed dichotomous cohort, with distractor analysis for every item.
   *
   * @param form the compiled key
   * @param responses the cells that were scored
   * @param parallelism threads, {@code >= 1}
   * @return the analysis
   */
  public static TestAnalysis analyse(KeyedForm form, ResponseMatrix responses, int parallelism) {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(responses, "responses");
    int items = form.itemCount();
    int n = responses.candidateCount();
    double[] maxScores = new double[items];
    List<String> itemIds = new ArrayList<>(items);
    List<List<String>> options = new ArrayList<>(items);
    byte[] counts = form.choiceCounts();
    for (int i = 0; i < items; i++) {
      Item item = form.form().items().get(i);
      maxScores[i] = item.maxScore();
      itemIds.add(item.itemId());
      List<String> ids = new ArrayList<>(counts[i]);
      for (int k = 0; k < counts[i]; k++) {
        ids.add(form.choiceId(i, k));
      }
      options.add(ids);
    }
    KeyedBatchResult scored = KeyedBatchScorer.score(form, responses, parallelism);
    double[] totals = new double[n];
    boolean uniformMax = Arrays.stream(maxScores).allMatch(m -> m == maxScores[0]);
    byte[] key = form.keyChoiceIndexes();
    for (int c = 0; c < n; c++) {
      if (uniformMax) {
        totals[c] = scored.numberCorrect(c) * maxScores[0];
      } else {
        double total = 0;
        for (int i = 0; i < items; i++) {
          total += responses.cell(c, i) == key[i] ? maxScores[i] : 0.0;
        }
        totals[c] = total;
      }
    }
    int[] keyOptions = new int[items];
    for (int i = 0; i < items; i++) {
      keyOptions[i] = key[i];
    }
    return new Kernel(n, itemIds, maxScores, null, responses.cells(), keyOptions, options, totals)
        .run(parallelism);
  }

  /**
   * Analyses general batch results; single-choice and true/false items get distractor analysis from
   * the raw responses.
   *
   * @param result the scored batch
   * @param sittings the responses that were scored, as given to the batch scorer
   * @param parallelism threads, {@code >= 1}
   * @return the analysis
   */
  public static TestAnalysis analyse(
      BatchResult result, List<List<List<String>>> sittings, int parallelism) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(sittings, "sittings");
    if (sittings.size() != result.candidateCount()) {
      throw new IllegalArgumentException(
          "sittings.size="
              + sittings.size()
              + " must equal candidateCount="
              + result.candidateCount());
    }
    PreparedForm form = result.form();
    int items = form.itemCount();
    int n = result.candidateCount();
    List<String> itemIds = new ArrayList<>(items);
    double[] maxScores = new double[items];
    List<List<String>> options = new ArrayList<>(items);
    List<Map<String, Integer>> optionIndex = new ArrayList<>(items);
    int[] keyOptions = new int[items];
    for (int i = 0; i < items; i++) {
      Item item = form.item(i).item();
      itemIds.add(item.itemId());
      maxScores[i] = item.maxScore();
      List<String> ids =
          switch (item.type()) {
            case SINGLE_CHOICE -> item.choiceIds().stream().map(String::strip).distinct().toList();
            case TRUE_FALSE -> TRUE_FALSE;
            default -> List.of();
          };
      options.add(ids);
      Map<String, Integer> index = new HashMap<>();
      for (String id : ids) {
        index.put(id, index.size());
      }
      optionIndex.add(index);
      keyOptions[i] =
          ids.isEmpty() || item.key().correct().size() != 1
              ? -1
              : index.getOrDefault(choiceValue(item.type(), item.key().correct().get(0)), -1);
    }
    byte[] chosen = new byte[n * items];
    ChunkedParallel.run(
        chunks(n),
        parallelism,
        chunk -> {
          int from = chunk * CANDIDATES_PER_CHUNK;
          int to = Math.min(n, from + CANDIDATES_PER_CHUNK);
          for (int c = from; c < to; c++) {
            List<List<String>> sitting = sittings.get(c);
            for (int i = 0; i < items; i++) {
              chosen[c * items + i] =
                  options.get(i).isEmpty()
                      ? KeyedForm.UNANSWERED
                      : encode(form.item(i).item().type(), optionIndex.get(i), sitting.get(i));
            }
          }
        });
    return new Kernel(
            n,
            itemIds,
            maxScores,
            result.itemScores(),
            chosen,
            keyOptions,
            options,
            result.unweightedTotals())
        .run(parallelism);
  }

  /**
   * Analyses a matrix of item scores without distractor analysis.
   *
   * @param itemIds item ids in column order
   * @param maxScores each item's maximum, {@code > 0}
   * @param itemScores candidate-major unweighted item scores, length {@code N * itemIds.size()}
   * @param parallelism threads, {@code >= 1}
   * @return the analysis
   */
  public static TestAnalysis analyse(
      List<String> itemIds, double[] maxScores, double[] itemScores, int parallelism) {
    Objects.requireNonNull(itemIds, "itemIds");
    Objects.requireNonNull(maxScores, "maxScores");
    Objects.requireNonNull(itemScores, "itemScores");
    int items = itemIds.size();
    if (items == 0 || maxScores.length != items || itemScores.length % items != 0) {
      throw new IllegalArgumentException(
          "itemIds.size="
              + items
              + ", maxScores.length="
              + maxScores.length
              + ", itemScores.length="
              + itemScores.length
              + " must be k >= 1, k, a multiple of k");
    }
    int n = itemScores.length / items;
    double[] totals = new double[n];
    for (int c = 0; c < n; c++) {
      double total = 0;
      for (int i = 0; i < items; i++) {
        total += itemScores[c * items + i];
      }
      totals[c] = total;
    }
    List<List<String>> noOptions = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      noOptions.add(List.of());
    }
    int[] noKeys = new int[items];
    Arrays.fill(noKeys, -1);
    return new Kernel(
            n,
            List.copyOf(itemIds),
            maxScores.clone(),
            itemScores.clone(),
            null,
            noKeys,
            noOptions,
            totals)
        .run(parallelism);
  }

  private static byte encode(ItemType type, Map<String, Integer> index, List<String> response) {
    if (response == null) {
      return KeyedForm.UNANSWERED;
    }
    String chosen = null;
    for (String value : response) {
      if (value == null) {
        return KeyedForm.MALFORMED;
      }
      if (!value.isBlank()) {
        if (chosen != null) {
          return KeyedForm.MALFORMED;
        }
        chosen = value;
      }
    }
    if (chosen == null) {
      return KeyedForm.UNANSWERED;
    }
    Integer option = index.get(choiceValue(type, chosen));
    return option == null ? KeyedForm.MALFORMED : (byte) (int) option;
  }

  private static String choiceValue(ItemType type, String value) {
    String stripped = value.strip();
    return type == ItemType.TRUE_FALSE ? stripped.toLowerCase(Locale.ROOT) : stripped;
  }

  static int chunks(int n) {
    return (n + CANDIDATES_PER_CHUNK - 1) / CANDIDATES_PER_CHUNK;
  }

  /**
   * One analysis run. With {@code scores == null} item scores are {@code chosen == key ? max : 0}.
   */
  private static final class Kernel {
    private final int n;
    private final int items;
    private final List<String> itemIds;
    private final double[] maxScores;
    private final double[] scores;
    private final byte[] chosen;
    private final int[] keyOptions;
    private final List<List<String>> options;
    private final double[] totals;
    private final int[] slotBase;
    private final int[] slotTable;
    private final int slots;

    Kernel(
        int n,
        List<String> itemIds,
        double[] maxScores,
        double[] scores,
        byte[] chosen,
        int[] keyOptions,
        List<List<String>> options,
        double[] totals) {
      this.n = n;
      this.items = itemIds.size();
      this.itemIds = itemIds;
      this.maxScores = maxScores;
      this.scores = scores;
      this.chosen = chosen;
      this.keyOptions = keyOptions;
      this.options = options;
      this.totals = totals;
      this.slotBase = new int[items];
      this.slotTable = new int[items * 256];
      int next = 0;
      for (int i = 0; i < items; i++) {
        int k = options.get(i).size();
        if (k == 0 || chosen == null) {
          slotBase[i] = -1;
          Arrays.fill(slotTable, i * 256, (i + 1) * 256, -1);
          continue;
        }
        slotBase[i] = next;
        for (int v = 0; v < 256; v++) {
          slotTable[i * 256 + v] = next + (v < k ? v : v == 0xFF ? k : k + 1);
        }
        next += k + 2;
      }
      this.slots = next;
    }

    TestAnalysis run(int parallelism) {
      double meanTotal = 0;
      for (double total : totals) {
        meanTotal += total;
      }
      meanTotal = n == 0 ? Double.NaN : meanTotal / n;
      double squares = 0;
      double minTotal = Double.POSITIVE_INFINITY;
      double maxTotal = Double.NEGATIVE_INFINITY;
      for (double total : totals) {
        squares += (total - meanTotal) * (total - meanTotal);
        minTotal = Math.min(minTotal, total);
        maxTotal = Math.max(maxTotal, total);
      }
      double varianceTotal = n == 0 ? Double.NaN : squares / n;
      int groupSize = (int) Math.round(GROUP_FRACTION * n);
      byte[] group = groups(groupSize);

      int chunkCount = chunks(n);
      Sums[] perChunk = new Sums[chunkCount];
      double centre = meanTotal;
      ChunkedParallel.run(
          chunkCount,
          parallelism,
          chunk -> {
            int from = chunk * CANDIDATES_PER_CHUNK;
            int to = Math.min(n, from + CANDIDATES_PER_CHUNK);
            perChunk[chunk] = accumulate(from, to, centre, group);
          });
      Sums sums = new Sums(items, slots);
      for (Sums chunk : perChunk) {
        sums.add(chunk);
      }
      if (scores == null) {
        for (int i = 0; i < items; i++) {
          int keySlot = slotBase[i] + keyOptions[i];
          long correct =
              sums.countByGroup[keySlot]
                  + sums.countByGroup[slots + keySlot]
                  + sums.countByGroup[2 * slots + keySlot];
          sums.x[i] = maxScores[i] * correct;
          sums.xx[i] = maxScores[i] * maxScores[i] * correct;
          sums.xt[i] = maxScores[i] * sums.centredTotal[keySlot];
        }
      }

      double[] itemVariance = new double[items];
      double[] covariance = new double[items];
      double sumItemVariance = 0;
      for (int i = 0; i < items; i++) {
        double mean = sums.x[i] / n;
        itemVariance[i] = Math.max(0.0, sums.xx[i] / n - mean * mean);
        covariance[i] = sums.xt[i] / n;
        sumItemVariance += itemVariance[i];
      }
      double alpha =
          items < 2 || !(varianceTotal > 0)
              ? Double.NaN
              : items / (items - 1.0) * (1 - sumItemVariance / varianceTotal);
      double sd = Math.sqrt(varianceTotal);
      List<ItemStatistics> statistics = new ArrayList<>(items);
      for (int i = 0; i < items; i++) {
        double mean = sums.x[i] / n;
        double restVariance = varianceTotal + itemVariance[i] - 2 * covariance[i];
        double itemTotal = correlation(covariance[i], itemVariance[i], varianceTotal);
        double itemRest =
            correlation(covariance[i] - itemVariance[i], itemVariance[i], restVariance);
        double alphaIfDeleted =
            items < 3 || !(restVariance > 1e-12)
                ? Double.NaN
                : (items - 1.0)
                    / (items - 2.0)
                    * (1 - (sumItemVariance - itemVariance[i]) / restVariance);
        statistics.add(
            new ItemStatistics(
                itemIds.get(i),
                maxScores[i],
                mean,
                mean / maxScores[i],
                itemTotal,
                itemRest,
                alphaIfDeleted,
                optionStatistics(i, sums, meanTotal, groupSize)));
      }
      return new TestAnalysis(
          n,
          items,
          meanTotal,
          sd,
          n == 0 ? Double.NaN : minTotal,
          n == 0 ? Double.NaN : maxTotal,
          alpha,
          sums.dichotomous,
          Double.isNaN(alpha) ? Double.NaN : sd * Math.sqrt(Math.max(0.0, 1 - alpha)),
          groupSize,
          distribution(),
          statistics);
    }

    private List<OptionStatistics> optionStatistics(
        int item, Sums sums, double meanTotal, int groupSize) {
      if (slotBase[item] < 0) {
        return List.of();
      }
      List<String> ids = options.get(item);
      List<OptionStatistics> result = new ArrayList<>(ids.size() + 2);
      for (int k = 0; k < ids.size() + 2; k++) {
        int slot = slotBase[item] + k;
        long lower = sums.countByGroup[slots + slot];
        long upper = sums.countByGroup[2 * slots + slot];
        long count = sums.countByGroup[slot] + lower + upper;
        boolean realOption = k < ids.size();
        if (k == ids.size() + 1 && count == 0) {
          continue;
        }
        double upperShare = groupSize == 0 ? Double.NaN : (double) upper / groupSize;
        double lowerShare = groupSize == 0 ? Double.NaN : (double) lower / groupSize;
        boolean key = k == keyOptions[item];
        result.add(
            new OptionStatistics(
                realOption ? ids.get(k) : k == ids.size() ? UNANSWERED_OPTION : MALFORMED_OPTION,
                key,
                count,
                (double) count / n,
                count == 0 ? Double.NaN : meanTotal + sums.centredTotal[slot] / count,
                upperShare,
                lowerShare,
                realOption && !key && upperShare > lowerShare));
      }
      return result;
    }

    private Sums accumulate(int from, int to, double meanTotal, byte[] group) {
      Sums sums = new Sums(items, slots);
      for (int c = from; c < to; c++) {
        double centred = totals[c] - meanTotal;
        int groupOffset = group[c] * slots;
        int base = c * items;
        if (scores != null) {
          for (int i = 0; i < items; i++) {
            double x = scores[base + i];
            sums.x[i] += x;
            sums.xx[i] += x * x;
            sums.xt[i] += x * centred;
            sums.dichotomous &= x == 0.0 || x == maxScores[i];
          }
        }
        if (slots > 0) {
          for (int i = 0; i < items; i++) {
            int slot = slotTable[(i << 8) | (chosen[base + i] & 0xFF)];
            if (slot >= 0) {
              sums.countByGroup[groupOffset + slot]++;
              sums.centredTotal[slot] += centred;
            }
          }
        }
      }
      return sums;
    }

    /** 0 = neither, 1 = lower, 2 = upper; ties at a cut broken by row order. */
    private byte[] groups(int groupSize) {
      byte[] group = new byte[n];
      if (groupSize == 0) {
        return group;
      }
      double[] sorted = totals.clone();
      Arrays.sort(sorted);
      double lowerCut = sorted[groupSize - 1];
      int lowerTiesToTake = groupSize - countBelow(sorted, lowerCut);
      double upperCut = sorted[n - groupSize];
      int upperTies = countBelow(sorted, Math.nextUp(upperCut)) - countBelow(sorted, upperCut);
      int upperTiesToSkip =
          upperTies - (groupSize - (n - countBelow(sorted, Math.nextUp(upperCut))));
      int lowerTaken = 0;
      int upperSeen = 0;
      for (int c = 0; c < n; c++) {
        double total = totals[c];
        if (total < lowerCut || (total == lowerCut && lowerTaken++ < lowerTiesToTake)) {
          group[c] = 1;
        }
        if (total > upperCut || (total == upperCut && upperSeen++ >= upperTiesToSkip)) {
          group[c] = 2;
        }
      }
      return group;
    }

    private static int countBelow(double[] sorted, double value) {
      int low = 0;
      int high = sorted.length;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (sorted[mid] < value) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }

    private ScoreDistribution distribution() {
      double maxPossible = 0;
      for (double max : maxScores) {
        maxPossible += max;
      }
      int bins = (int) Math.floor(maxPossible) + 1;
      long[] counts = new long[bins];
      for (double total : totals) {
        counts[Math.max(0, Math.min(bins - 1, (int) Math.floor(total)))]++;
      }
      List<Long> list = new ArrayList<>(bins);
      for (long count : counts) {
        list.add(count);
      }
      return new ScoreDistribution(1.0, list);
    }

    private static double correlation(double covariance, double varianceA, double varianceB) {
      if (!(varianceA > 1e-12) || !(varianceB > 1e-12)) {
        return Double.NaN;
      }
      return covariance / Math.sqrt(varianceA * varianceB);
    }
  }

  /** Per-chunk sums; combined in chunk order so that results do not depend on the thread count. */
  private static final class Sums {
    final double[] x;
    final double[] xx;
    final double[] xt;
    final long[] countByGroup;
    final double[] centredTotal;
    boolean dichotomous = true;

    Sums(int items, int slots) {
      x = new double[items];
      xx = new double[items];
      xt = new double[items];
      countByGroup = new long[3 * slots];
      centredTotal = new double[slots];
    }

    void add(Sums other) {
      for (int i = 0; i < x.length; i++) {
        x[i] += other.x[i];
        xx[i] += other.xx[i];
        xt[i] += other.xt[i];
      }
      for (int s = 0; s < countByGroup.length; s++) {
        countByGroup[s] += other.countByGroup[s];
      }
      for (int s = 0; s < centredTotal.length; s++) {
        centredTotal[s] += other.centredTotal[s];
      }
      dichotomous &= other.dichotomous;
    }
  }
}
