package kg.exam.scoring;

/**
 * The few distribution functions the analyses need (DIF's tests, the integrity statistics), to
 * double precision and without a library: tails of the normal, chi-square and binomial
 * distributions and the normal quantile.
 */
public final class Distributions {
  private Distributions() {}

  /** P(Z ≥ z) for a standard normal Z. */
  public static double normalUpperTail(double z) {
    return Double.isNaN(z) ? Double.NaN : erfc(z / Math.sqrt(2)) / 2;
  }

  /**
   * The standard normal quantile: z with P(Z ≤ z) = p. Acklam's rational approximation (relative
   * error 1.2e-9) refined by one Halley step on {@link #erfc}, which brings it to about 1e-15.
   */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      if (p == 0) {
        return Double.NEGATIVE_INFINITY;
      }
      if (p == 1) {
        return Double.POSITIVE_INFINITY;
      }
      return Double.NaN;
    }
    double[] a = {
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
    };
    double[] b = {
      -5.447609879822406e+01,
      1.615858368580409e+02,
      -1.556989798598866e+02,
      6.680131188771972e+01,
      -1.328068155288572e+01
    };
    double[] c = {
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
    };
    double[] d = {
      7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
    };
    double low = 0.02425;
    double x;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      x =
          (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
              / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - low) {
      double q = p - 0.5;
      double r = q * q;
      x =
          (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
              * q
              / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
      double q = Math.sqrt(-2 * Math.log(1 - p));
      x =
          -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
              / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    // one Halley step on F(x) − p, which is (1 − p) − (1 − F(x)) above 0: that keeps its digits
    double e = x < 0 ? erfc(-x / Math.sqrt(2)) / 2 - p : (1 - p) - erfc(x / Math.sqrt(2)) / 2;
    double u = e * Math.sqrt(2 * Math.PI) * Math.exp(x * x / 2);
    return x - u / (1 + x * u / 2);
  }

  /** P(X ≥ x) for X chi-square with {@code df} ≥ 1 degrees of freedom. */
  public static double chiSquareUpperTail(double x, int df) {
    if (df < 1) {
      throw new IllegalArgumentException("df must be at least 1, not " + df);
    }
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x <= 0) {
      return 1;
    }
    return switch (df) {
      case 1 -> erfc(Math.sqrt(x / 2));
      case 2 -> Math.exp(-x / 2);
      default -> gammaUpperRegularized(df / 2.0, x / 2);
    };
  }

  /**
   * P(X ≥ k) for X binomial with {@code n} trials of probability {@code p}, summed in log space
   * (exact to rounding for the few dozen trials of a test).
   */
  public static double binomialUpperTail(int k, int n, double p) {
    if (n < 0 || p < 0 || p > 1 || Double.isNaN(p)) {
      throw new IllegalArgumentException("n must be ≥ 0 and p in [0, 1]");
    }
    if (k <= 0) {
      return 1;
    }
    if (k > n) {
      return 0;
    }
    if (p == 0) {
      return 0;
    }
    if (p == 1) {
      return 1;
    }
    double logP = Math.log(p);
    double logQ = Math.log1p(-p);
    double logChoose = 0; // log C(n, k) built up from C(n, 0)
    for (int i = 0; i < k; i++) {
      logChoose += Math.log(n - i) - Math.log(i + 1);
    }
    double sum = 0;
    for (int i = k; i <= n; i++) {
      sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
      logChoose += Math.log(n - i) - Math.log(i + 1);
    }
    return Math.min(1, sum);
  }

  /** The complementary error function: a series below 2, a continued fraction above. */
  public static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 2) {
      double term = x;
      double sum = x;
      for (int k = 1; k < 200; k++) {
        term *= -x * x / k;
        double add = term / (2 * k + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return 1 - 2 / Math.sqrt(Math.PI) * sum;
    }
    // Lentz's method for erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int k = 1; k < 500; k++) {
      double a = k / 2.0;
      d = x + a * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + a / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  /**
   * Q(a, x) = Γ(a, x)/Γ(a): the series for P below a + 1, Lentz's continued fraction above
   * (Numerical Recipes §6.2).
   */
  static double gammaUpperRegularized(double a, double x) {
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
      double term = 1 / a;
      double sum = term;
      for (int n = 1; n < 10_000; n++) {
        term *= x / (a + n);
        sum += term;
        if (term < sum * 1e-17) {
          break;
        }
      }
      return Math.max(0, 1 - sum * Math.exp(logPrefix));
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15). */
  static double logGamma(double x) {
    double[] g = {
      0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
      -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double sum = g[0];
    for (int i = 1; i < 9; i++) {
      sum += g[i] / (x + i);
    }
    double t = x + 7.5;
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
  }
}
