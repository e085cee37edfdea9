package kg.exam.scoring.irt;

/** Dense linear algebra on the small row-major matrices of the calibration M-step and SEs. */
final class SmallMatrix {

  private SmallMatrix() {}

  /**
   * @param matrix {@code n × n}, row-major; not modified
   * @param n order
   * @return the inverse, or null if the matrix is singular or not finite
   */
  static double[] invert(double[] matrix, int n) {
    double[] a = matrix.clone();
    double[] inverse = new double[n * n];
    for (int i = 0; i < n; i++) {
      inverse[i * n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(a[row * n + col]) > Math.abs(a[pivot * n + col])) {
          pivot = row;
        }
      }
      double value = a[pivot * n + col];
      if (!(Math.abs(value) > 1e-300) || !Double.isFinite(value)) {
        return null;
      }
      if (pivot != col) {
        swapRows(a, n, pivot, col);
        swapRows(inverse, n, pivot, col);
      }
      double scale = 1 / value;
      for (int k = 0; k < n; k++) {
        a[col * n + k] *= scale;
        inverse[col * n + k] *= scale;
      }
      for (int row = 0; row < n; row++) {
        double factor = a[row * n + col];
        if (row == col || factor == 0) {
          continue;
        }
        for (int k = 0; k < n; k++) {
          a[row * n + k] -= factor * a[col * n + k];
          inverse[row * n + k] -= factor * inverse[col * n + k];
        }
      }
    }
    return inverse;
  }

  private static void swapRows(double[] a, int n, int i, int j) {
    for (int k = 0; k < n; k++) {
      double t = a[i * n + k];
      a[i * n + k] = a[j * n + k];
      a[j * n + k] = t;
    }
  }

  /**
   * @return {@code a (r × s) · b (s × t)}
   */
  static double[] multiply(double[] a, double[] b, int r, int s, int t) {
    double[] product = new double[r * t];
    for (int i = 0; i < r; i++) {
      for (int k = 0; k < s; k++) {
        double aik = a[i * s + k];
        if (aik == 0) {
          continue;
        }
        for (int j = 0; j < t; j++) {
          product[i * t + j] += aik * b[k * t + j];
        }
      }
    }
    return product;
  }

  /**
   * @return the transpose of {@code a (r × s)}
   */
  static double[] transpose(double[] a, int r, int s) {
    double[] t = new double[r * s];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < s; j++) {
        t[j * r + i] = a[i * s + j];
      }
    }
    return t;
  }
}
