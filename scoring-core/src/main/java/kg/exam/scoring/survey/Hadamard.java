package kg.exam.scoring.survey;

/**
 * Hadamard matrices (entries ±1, mutually orthogonal rows) for balanced repeated replication, by
 * Sylvester's doubling and Paley's first construction (order q + 1 for a prime q ≡ 3 mod 4). Each
 * matrix is normalised so its first column is all +1; BRR uses the other columns, which are then
 * balanced (as many +1 as −1) and orthogonal to each other.
 */
public final class Hadamard {
  private Hadamard() {}

  /** The smallest order this class can build that is at least {@code minimum}. */
  public static int orderAtLeast(int minimum) {
    int n = Math.max(4, ((Math.max(minimum, 1) + 3) / 4) * 4);
    while (!constructible(n)) {
      n += 4;
    }
    return n;
  }

  /** A normalised Hadamard matrix of the given order, as rows of ±1. */
  public static int[][] of(int order) {
    if (!constructible(order)) {
      throw new IllegalArgumentException("no construction for a Hadamard matrix of order " + order);
    }
    int[][] h = build(order);
    for (int[] row : h) {
      if (row[0] < 0) {
        for (int j = 0; j < order; j++) {
          row[j] = -row[j];
        }
      }
    }
    return h;
  }

  private static boolean constructible(int n) {
    if (n == 1 || n == 2) {
      return true;
    }
    if (n % 4 != 0) {
      return false;
    }
    return paleyPrime(n - 1) || constructible(n / 2);
  }

  private static boolean paleyPrime(int q) {
    if (q < 3 || q % 4 != 3) {
      return false;
    }
    for (int d = 3; (long) d * d <= q; d += 2) {
      if (q % d == 0) {
        return false;
      }
    }
    return true;
  }

  private static int[][] build(int n) {
    if (n == 1) {
      return new int[][] {{1}};
    }
    if (n == 2) {
      return new int[][] {{1, 1}, {1, -1}};
    }
    if (paleyPrime(n - 1)) {
      return paley(n - 1);
    }
    int[][] half = build(n / 2);
    int m = n / 2;
    int[][] h = new int[n][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        h[i][j] = half[i][j];
        h[i][j + m] = half[i][j];
        h[i + m][j] = half[i][j];
        h[i + m][j + m] = -half[i][j];
      }
    }
    return h;
  }

  /** Paley I: H = I + S with S the skew conference matrix from the quadratic residues mod q. */
  private static int[][] paley(int q) {
    boolean[] residue = new boolean[q];
    for (int x = 1; x < q; x++) {
      residue[(int) ((long) x * x % q)] = true;
    }
    int n = q + 1;
    int[][] s = new int[n][n];
    for (int j = 1; j < n; j++) {
      s[0][j] = 1;
      s[j][0] = -1;
    }
    for (int i = 1; i < n; i++) {
      for (int j = 1; j < n; j++) {
        if (i != j) {
          int d = Math.floorMod((j - 1) - (i - 1), q);
          s[i][j] = residue[d] ? 1 : -1;
        }
      }
    }
    for (int i = 0; i < n; i++) {
      s[i][i] = 1;
    }
    return s;
  }
}
