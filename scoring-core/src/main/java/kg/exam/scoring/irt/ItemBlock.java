package kg.exam.scoring.irt;

import java.util.Arrays;

/**
 * One item's response function as {@link GeneralCalibrator} fits it: a function of the standardised
 * ability {@code z} (the quadrature node), of the item's own free parameters {@link #params} (in z
 * units) and of the structural parameters μ and σ of the ability distribution θ = μ + σ z.
 *
 * <p>Scores (first derivatives of {@code log P(x | z)}) are laid out per category {@code x} in
 * {@link #width} slots: the {@link #own} free parameters, then μ, then σ. Not thread-safe: one
 * instance per calibration, written only by the M-step on the calling thread.
 */
abstract sealed class ItemBlock {

  /** Slots of the structural parameters after the own ones: μ, then σ. */
  static final int STRUCTURAL = 2;

  final int item;

  /** Highest score {@code m}; categories are {@code 0..m}. */
  final int maxScore;

  /** Free parameters of this item in z units (empty for an anchor). */
  final double[] params;

  final int own;
  final int width;

  ItemBlock(int item, int maxScore, double[] params) {
    this.item = item;
    this.maxScore = maxScore;
    this.params = params;
    this.own = params.length;
    this.width = own + STRUCTURAL;
  }

  /** Whether {@code log P} depends on μ or σ (anchors, and free items of the Rasch family). */
  abstract boolean structural();

  /**
   * @param z quadrature node (standardised ability)
   * @param mu ability mean
   * @param sigma ability SD
   * @param logP receives {@code log P(x | z)} for {@code x = 0..m}
   * @param p receives {@code P(x | z)}
   * @param score receives {@code ∂ log P(x | z) / ∂ parameter} at {@code [x * width + slot]}, or
   *     null when not needed
   */
  abstract void evaluate(
      double z, double mu, double sigma, double[] logP, double[] p, double[] score);

  /**
   * Adds the complete-data observed information {@code −Σ_x r_x ∂² log P(x | z)} of one node to
   * {@code info} ({@code width × width}, row-major).
   *
   * @param r expected counts per category at the node
   * @param p and {@code score}: as filled by {@link #evaluate} at the node
   */
  abstract void addCompleteInformation(
      double z, double mu, double sigma, double[] r, double[] p, double[] score, double[] info);

  /**
   * @return log prior density of the own parameters (0 unless the item has a prior)
   */
  double logPrior() {
    return 0;
  }

  /**
   * Adds the prior's gradient to {@code gradient} ({@code own}) and its negative Hessian to {@code
   * information} ({@code own × own}).
   */
  void addPrior(double[] gradient, double[] information) {}

  /** Keeps the own parameters feasible after a Newton step. */
  void project() {}

  /**
   * @return the largest Newton step allowed for own parameter {@code slot} in one M-step
   */
  double maxStep(int slot) {
    return 1.0;
  }

  /**
   * The reported (θ-scale) values of a free item: {@code [a, b, δ_1..δ_m]} for a generalized
   * partial credit or 2PL item, {@code [b, δ_1..δ_m]} for a Rasch-family item, {@code [a, b, c]}
   * for a 3PL item; {@code b} is the mean threshold for a polytomous item.
   *
   * @param jacobian receives their derivatives ({@code values × width}, row-major), or null
   * @return the values
   */
  abstract double[] reported(double mu, double sigma, double[] jacobian);

  static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** {@code log(1 / (1 + exp(−u)))} without overflow. */
  static double logLogistic(double u) {
    return u > 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
  }

  /**
   * Items whose log-probabilities are linear in their parameters: {@code P(x | z) ∝ exp(x u −
   * B_x)}, a multinomial logit; dichotomous items without guessing are the case {@code m = 1}.
   * Complete-data observed and expected information coincide.
   */
  static final class Logit extends ItemBlock {

    enum Kind {
      /** Own parameters {@code (α, β_1..β_m)}: {@code u = α z}, {@code B_x = Σ_{v ≤ x} β_v}. */
      FREE,
      /** Own {@code (β_1..β_m)}, discrimination 1 on θ: {@code u = σ z}. */
      RASCH,
      /** No own parameters: {@code u = a (μ + σ z)}, {@code B_x = a Σ_{v ≤ x} δ_v}. */
      ANCHOR
    }

    final Kind kind;
    private final double anchorA;
    private final double[] anchorThresholds;
    private final double[] eta;
    private final double[] features;

    Logit(
        int item, int maxScore, Kind kind, double[] params, double anchorA, double[] anchorDelta) {
      super(item, maxScore, params);
      this.kind = kind;
      this.anchorA = anchorA;
      this.anchorThresholds = anchorDelta;
      this.eta = new double[maxScore + 1];
      this.features = new double[(maxScore + 1) * width];
    }

    @Override
    boolean structural() {
      return kind != Kind.FREE;
    }

    @Override
    void evaluate(double z, double mu, double sigma, double[] logP, double[] p, double[] score) {
      double u =
          switch (kind) {
            case FREE -> params[0] * z;
            case RASCH -> sigma * z;
            case ANCHOR -> anchorA * (mu + sigma * z);
          };
      double cumulative = 0;
      double max = 0;
      eta[0] = 0;
      for (int x = 1; x <= maxScore; x++) {
        double step =
            switch (kind) {
              case FREE -> params[x];
              case RASCH -> params[x - 1];
              case ANCHOR -> anchorA * anchorThresholds[x - 1];
            };
        cumulative += u - step;
        eta[x] = cumulative;
        max = Math.max(max, cumulative);
      }
      double sum = 0;
      for (int x = 0; x <= maxScore; x++) {
        sum += Math.exp(eta[x] - max);
      }
      double logSum = max + Math.log(sum);
      for (int x = 0; x <= maxScore; x++) {
        logP[x] = eta[x] - logSum;
        p[x] = Math.exp(logP[x]);
      }
      if (score == null) {
        return;
      }
      // features f_x = ∂η_x / ∂parameter; the score is f_x − E[f]
      Arrays.fill(features, 0);
      for (int x = 0; x <= maxScore; x++) {
        int at = x * width;
        switch (kind) {
          case FREE -> {
            features[at] = x * z;
            for (int v = 1; v <= x; v++) {
              features[at + v] = -1;
            }
          }
          case RASCH -> {
            for (int v = 1; v <= x; v++) {
              features[at + v - 1] = -1;
            }
            features[at + own + 1] = x * z;
          }
          case ANCHOR -> {
            features[at + own] = x * anchorA;
            features[at + own + 1] = x * anchorA * z;
          }
        }
      }
      for (int slot = 0; slot < width; slot++) {
        double mean = 0;
        for (int x = 0; x <= maxScore; x++) {
          mean += p[x] * features[x * width + slot];
        }
        for (int x = 0; x <= maxScore; x++) {
          score[x * width + slot] = features[x * width + slot] - mean;
        }
      }
    }

    @Override
    void addCompleteInformation(
        double z, double mu, double sigma, double[] r, double[] p, double[] score, double[] info) {
      double n = 0;
      for (int x = 0; x <= maxScore; x++) {
        n += r[x];
      }
      for (int x = 0; x <= maxScore; x++) {
        double weight = n * p[x];
        int at = x * width;
        for (int s = 0; s < width; s++) {
          double ws = weight * score[at + s];
          for (int t = 0; t < width; t++) {
            info[s * width + t] += ws * score[at + t];
          }
        }
      }
    }

    @Override
    double[] reported(double mu, double sigma, double[] jacobian) {
      int m = maxScore;
      int offset = kind == Kind.FREE ? 1 : 0;
      double[] values = new double[offset + 1 + m];
      if (jacobian != null) {
        Arrays.fill(jacobian, 0);
      }
      int muSlot = own;
      int sigmaSlot = own + 1;
      if (kind == Kind.FREE) {
        // a = α / σ, δ_v = σ β_v / α + μ
        double alpha = params[0];
        values[0] = alpha / sigma;
        if (jacobian != null) {
          jacobian[0] = 1 / sigma;
          jacobian[sigmaSlot] = -alpha / (sigma * sigma);
        }
        for (int v = 1; v <= m; v++) {
          values[offset + v] = sigma * params[v] / alpha + mu;
          if (jacobian != null) {
            int row = (offset + v) * width;
            jacobian[row] = -sigma * params[v] / (alpha * alpha);
            jacobian[row + v] = sigma / alpha;
            jacobian[row + muSlot] = 1;
            jacobian[row + sigmaSlot] = params[v] / alpha;
          }
        }
      } else {
        // δ_v = β_v + μ
        for (int v = 1; v <= m; v++) {
          values[offset + v] = params[v - 1] + mu;
          if (jacobian != null) {
            int row = (offset + v) * width;
            jacobian[row + v - 1] = 1;
            jacobian[row + muSlot] = 1;
          }
        }
      }
      double mean = 0;
      for (int v = 1; v <= m; v++) {
        mean += values[offset + v] / m;
        if (jacobian != null) {
          for (int s = 0; s < width; s++) {
            jacobian[offset * width + s] += jacobian[(offset + v) * width + s] / m;
          }
        }
      }
      values[offset] = mean;
      return values;
    }
  }

  /**
   * Dichotomous items with a lower asymptote: {@code P(1 | z) = c + (1 − c) L(u)}, {@code L} the
   * logistic function; free items have own {@code (α, β, c)} with {@code u = α z − β}, anchors
   * {@code u = a (μ + σ z − b)}.
   */
  static final class Guessing extends ItemBlock {

    private final boolean anchor;
    private final double anchorA;
    private final double anchorB;
    private final double anchorC;
    private final GuessingPrior prior;
    private final double[] du;

    /** Free item. */
    Guessing(int item, double[] params, GuessingPrior prior) {
      super(item, 1, params);
      this.anchor = false;
      this.anchorA = Double.NaN;
      this.anchorB = Double.NaN;
      this.anchorC = Double.NaN;
      this.prior = prior;
      this.du = new double[width];
    }

    /** Anchor item. */
    Guessing(int item, double a, double b, double c) {
      super(item, 1, new double[0]);
      this.anchor = true;
      this.anchorA = a;
      this.anchorB = b;
      this.anchorC = c;
      this.prior = null;
      this.du = new double[width];
    }

    @Override
    boolean structural() {
      return anchor;
    }

    private double c() {
      return anchor ? anchorC : params[2];
    }

    /** Fills {@link #du} with ∂u / ∂parameter (the c slot left 0) and returns u. */
    private double linear(double z, double mu, double sigma) {
      if (anchor) {
        du[0] = anchorA;
        du[1] = anchorA * z;
        return anchorA * (mu + sigma * z - anchorB);
      }
      du[0] = z;
      du[1] = -1;
      return params[0] * z - params[1];
    }

    @Override
    void evaluate(double z, double mu, double sigma, double[] logP, double[] p, double[] score) {
      double c = c();
      double u = linear(z, mu, sigma);
      double l = logistic(u);
      double p1 = c + (1 - c) * l;
      logP[1] = c > 0 ? Math.log(p1) : logLogistic(u);
      logP[0] = Math.log1p(-c) + logLogistic(-u);
      p[1] = p1;
      p[0] = (1 - c) * (1 - l);
      if (score == null) {
        return;
      }
      // ∂ log P(x) / ∂u = (x − P1) L / P1; ∂ log P(x) / ∂c = (x − P1) / (P1 (1 − c))
      double ratio = c > 0 ? l / p1 : 1;
      for (int x = 0; x <= 1; x++) {
        int at = x * width;
        double su = (x - p1) * ratio;
        for (int s = 0; s < width; s++) {
          score[at + s] = su * du[s];
        }
        if (!anchor) {
          score[at + 2] = x == 1 ? (1 - l) / p1 : -1 / (1 - c);
        }
      }
    }

    @Override
    void addCompleteInformation(
        double z, double mu, double sigma, double[] r, double[] p, double[] score, double[] info) {
      double c = c();
      double l = logistic(linear(z, mu, sigma));
      double slope = l * (1 - l);
      double curvature = (1 - c) * slope * (1 - 2 * l);
      // −Σ_x r_x ∂² log P_x = Σ_x r_x s_x s_xᵀ − (r_1 / P_1 − r_0 / P_0) ∂² P_1
      double factor = (p[1] > 0 ? r[1] / p[1] : 0) - (p[0] > 0 ? r[0] / p[0] : 0);
      for (int x = 0; x <= 1; x++) {
        int at = x * width;
        for (int s = 0; s < width; s++) {
          for (int t = 0; t < width; t++) {
            info[s * width + t] += r[x] * score[at + s] * score[at + t];
          }
        }
      }
      for (int s = 0; s < width; s++) {
        for (int t = 0; t < width; t++) {
          info[s * width + t] -= factor * curvature * du[s] * du[t];
        }
      }
      if (!anchor) {
        // ∂² P_1 / ∂c ∂u = −L'; ∂u / ∂c = 0
        for (int s = 0; s < 2; s++) {
          info[s * width + 2] -= factor * -slope * du[s];
          info[2 * width + s] -= factor * -slope * du[s];
        }
      }
    }

    @Override
    double logPrior() {
      if (anchor) {
        return 0;
      }
      double c = params[2];
      double log = (prior.beta() - 1) * Math.log1p(-c);
      return prior.alpha() > 1 ? log + (prior.alpha() - 1) * Math.log(c) : log;
    }

    @Override
    void addPrior(double[] gradient, double[] information) {
      if (anchor) {
        return;
      }
      double c = params[2];
      double a1 = prior.alpha() - 1;
      double b1 = prior.beta() - 1;
      gradient[2] += (a1 > 0 ? a1 / c : 0) - b1 / (1 - c);
      information[2 * own + 2] += (a1 > 0 ? a1 / (c * c) : 0) + b1 / ((1 - c) * (1 - c));
    }

    @Override
    void project() {
      if (!anchor) {
        params[2] = Math.max(prior.alpha() > 1 ? 1e-6 : 0, Math.min(0.999, params[2]));
      }
    }

    @Override
    double maxStep(int slot) {
      return slot == 2 ? 0.1 : 1.0;
    }

    @Override
    double[] reported(double mu, double sigma, double[] jacobian) {
      double alpha = params[0];
      double beta = params[1];
      if (jacobian != null) {
        Arrays.fill(jacobian, 0);
        int muSlot = own;
        int sigmaSlot = own + 1;
        jacobian[0] = 1 / sigma;
        jacobian[sigmaSlot] = -alpha / (sigma * sigma);
        jacobian[width] = -sigma * beta / (alpha * alpha);
        jacobian[width + 1] = sigma / alpha;
        jacobian[width + muSlot] = 1;
        jacobian[width + sigmaSlot] = beta / alpha;
        jacobian[2 * width + 2] = 1;
      }
      return new double[] {alpha / sigma, sigma * beta / alpha + mu, params[2]};
    }
  }
}
