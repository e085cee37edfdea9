package kg.exam.scoring;

/** Small dense linear systems, as the psychometric fits need them (a handful of unknowns). */
public final class LinearSystems {
  private LinearSystems() {}

  /**
   * Solves {@code A x = b} by Gauss–Jordan elimination with partial pivoting.
   *
   * @param augmented p rows of {@code [A | b]} (p + 1 columns); overwritten
   * @param p the number of unknowns
   * @return x; an unknown whose pivot is 0 (a singular direction) is 0
   */
  public static double[] solve(double[][] augmented, int p) {
    double[][] a = augmented;
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      if (a[col][col] == 0) {
        continue;
      }
      for (int r = 0; r < p; r++) {
        if (r != col) {
          double f = a[r][col] / a[col][col];
          for (int c = col; c <= p; c++) {
            a[r][c] -= f * a[col][c];
          }
        }
      }
    }
    double[] x = new double[p];
    for (int r = 0; r < p; r++) {
      x[r] = a[r][r] == 0 ? 0 : a[r][p] / a[r][r];
    }
    return x;
  }
}
