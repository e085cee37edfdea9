package kg.exam.scoring.integrity;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Simulated cohorts for calibrating and testing the integrity analyses: honest candidates from a
 * known model, and optionally copiers, candidates with pre-knowledge of some items, and sittings
 * whose wrong answers were changed to right ones after the fact.
 *
 * <p>The honest model: ability θ ~ N(0, 1); each item has {@code options} options, one right,
 * chosen with the 2PL probability 1/(1 + e^(−a(θ − b))), a ~ U(0.7, 1.8), b ~ N(0, 1), else a wrong
 * option by item-specific attractiveness; 1 % of items left unanswered. Times are lognormal, ln t =
 * β − τ + ε/α with β ~ N(3.8, 0.35) (about 45 s), α ~ U(1.6, 2.6), speed τ = 0.25 (0.3 θ + 0.95 z).
 * Each candidate revises an item with its own propensity (exponential, mean 5 %, at most 50 %); a
 * revised item's first answer and its different final answer are both drawn from the model. Rooms
 * of {@code roomSize} sit at one time.
 */
public final class IntegritySimulation {
  private IntegritySimulation() {}

  /**
   * What to simulate.
   *
   * @param copiers the share of candidates (not first in their room) who copy from an earlier
   *     candidate of their room
   * @param copiedShare the share of items a copier copies
   * @param preknowledge the share of candidates who knew the compromised items
   * @param compromisedShare the share of items compromised
   * @param tamperers the share of sittings whose wrong answers were changed to right
   * @param tamperedItems how many wrong answers such a sitting had changed (at most)
   */
  public record Settings(
      int candidates,
      int roomSize,
      int items,
      int options,
      long seed,
      double copiers,
      double copiedShare,
      double preknowledge,
      double compromisedShare,
      double tamperers,
      int tamperedItems) {

    /** Honest candidates only. */
    public static Settings honest(int candidates, int roomSize, int items, long seed) {
      return new Settings(candidates, roomSize, items, 4, seed, 0, 0, 0, 0, 0, 0);
    }

    public Settings withCopying(double share, double copied) {
      return new Settings(
          candidates,
          roomSize,
          items,
          options,
          seed,
          share,
          copied,
          preknowledge,
          compromisedShare,
          tamperers,
          tamperedItems);
    }

    public Settings withPreknowledge(double share, double compromised) {
      return new Settings(
          candidates,
          roomSize,
          items,
          options,
          seed,
          copiers,
          copiedShare,
          share,
          compromised,
          tamperers,
          tamperedItems);
    }

    public Settings withTampering(double share, int changed) {
      return new Settings(
          candidates,
          roomSize,
          items,
          options,
          seed,
          copiers,
          copiedShare,
          preknowledge,
          compromisedShare,
          share,
          changed);
    }
  }

  /**
   * A simulated cohort with the truth.
   *
   * @param source each copier's source, −1 for others
   * @param preknowledge who knew the compromised items
   * @param tampered whose answers were changed after the fact
   * @param key each item's right option
   */
  public record Simulated(
      Cohort cohort, int[] source, boolean[] preknowledge, boolean[] tampered, int[] key) {}

  public static Simulated simulate(Settings s) {
    SplittableRandom rng = new SplittableRandom(s.seed());
    int n = s.candidates();
    int items = s.items();
    int k = s.options();
    double[] a = new double[items];
    double[] b = new double[items];
    int[] key = new int[items];
    double[][] attract = new double[items][k];
    double[] beta = new double[items];
    double[] alpha = new double[items];
    for (int i = 0; i < items; i++) {
      a[i] = 0.7 + 1.1 * rng.nextDouble();
      b[i] = gaussian(rng);
      key[i] = rng.nextInt(k);
      for (int o = 0; o < k; o++) {
        attract[i][o] = o == key[i] ? 0 : 0.2 + 0.8 * rng.nextDouble();
      }
      beta[i] = 3.8 + 0.35 * gaussian(rng);
      alpha[i] = 1.6 + rng.nextDouble();
    }
    boolean[] compromised = new boolean[items];
    int[] order = shuffled(items, rng);
    for (int x = 0; x < Math.round(items * s.compromisedShare()); x++) {
      compromised[order[x]] = true;
    }
    int[][] responses = new int[n][items];
    byte[][] changes = new byte[n][items];
    double[][] seconds = new double[n][items];
    int[] place = new int[n];
    long[] start = new long[n];
    long[] end = new long[n];
    int[] source = new int[n];
    boolean[] knew = new boolean[n];
    boolean[] tampered = new boolean[n];
    Arrays.fill(source, -1);
    for (int j = 0; j < n; j++) {
      double theta = gaussian(rng);
      double tau = 0.25 * (0.3 * theta + 0.954 * gaussian(rng));
      double revise = Math.min(0.5, -0.05 * Math.log(1 - rng.nextDouble()));
      place[j] = j / s.roomSize();
      start[j] = 0;
      end[j] = 3_600_000;
      for (int i = 0; i < items; i++) {
        int first = draw(rng, theta, a[i], b[i], key[i], attract[i]);
        int last = first;
        if (first >= 0 && rng.nextDouble() < revise) {
          for (int tries = 0; tries < 20 && last == first; tries++) {
            last = draw(rng, theta, a[i], b[i], key[i], attract[i]);
          }
          if (last < 0) {
            last = first;
          }
        }
        responses[j][i] = last;
        if (last != first) {
          changes[j][i] = last == key[i] ? Cohort.WRONG_TO_RIGHT : Cohort.CHANGED_TO_WRONG;
        }
        seconds[j][i] = Math.exp(beta[i] - tau + gaussian(rng) / alpha[i]);
      }
      double role = rng.nextDouble();
      boolean firstInRoom = j % s.roomSize() == 0;
      if (role < s.preknowledge()) {
        knew[j] = true;
        for (int i = 0; i < items; i++) {
          if (compromised[i]) {
            responses[j][i] = key[i];
            changes[j][i] = 0;
            seconds[j][i] *= 0.25;
          }
        }
      } else if (role < s.preknowledge() + s.copiers() && !firstInRoom) {
        int roomStart = place[j] * s.roomSize();
        source[j] = roomStart + rng.nextInt(j - roomStart);
        for (int i = 0; i < items; i++) {
          if (rng.nextDouble() < s.copiedShare()) {
            responses[j][i] = responses[source[j]][i];
            changes[j][i] = 0;
          }
        }
      } else if (role < s.preknowledge() + s.copiers() + s.tamperers()) {
        tampered[j] = true;
        int done = 0;
        for (int i : shuffled(items, rng)) {
          if (done < s.tamperedItems() && responses[j][i] >= 0 && responses[j][i] != key[i]) {
            responses[j][i] = key[i];
            changes[j][i] = Cohort.WRONG_TO_RIGHT;
            done++;
          }
        }
      }
    }
    byte[][] correct = new byte[n][items];
    double[] score = new double[n];
    for (int j = 0; j < n; j++) {
      int right = 0;
      for (int i = 0; i < items; i++) {
        correct[j][i] = (byte) (responses[j][i] == key[i] ? 1 : 0);
        right += correct[j][i];
      }
      score[j] = 100.0 * right / items;
    }
    Cohort cohort = new Cohort(responses, correct, changes, seconds, score, place, start, end);
    return new Simulated(cohort, source, knew, tampered, key);
  }

  private static int draw(
      SplittableRandom rng, double theta, double a, double b, int key, double[] attract) {
    if (rng.nextDouble() < 0.01) {
      return -1;
    }
    if (rng.nextDouble() < 1 / (1 + Math.exp(-a * (theta - b)))) {
      return key;
    }
    double total = 0;
    for (double w : attract) {
      total += w;
    }
    double u = rng.nextDouble() * total;
    for (int o = 0; o < attract.length; o++) {
      u -= attract[o];
      if (u < 0 && o != key) {
        return o;
      }
    }
    return key == 0 ? 1 : 0;
  }

  private static int[] shuffled(int n, SplittableRandom rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int r = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[r];
      order[r] = t;
    }
    return order;
  }

  private static double gaussian(SplittableRandom rng) {
    // Box–Muller; one of the pair is enough here
    double u = 1 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
