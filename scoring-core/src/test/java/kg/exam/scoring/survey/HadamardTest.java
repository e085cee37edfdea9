package kg.exam.scoring.survey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HadamardTest {

  @Test
  void shouldBuildOrthogonalNormalisedMatricesForEveryOrderItOffersUpTo256() {
    for (int minimum = 1; minimum <= 256; minimum++) {
      int n = Hadamard.orderAtLeast(minimum);
      assertThat(n).isGreaterThanOrEqualTo(minimum);
      int[][] h = Hadamard.of(n);
      for (int i = 0; i < n; i++) {
        assertThat(h[i][0]).as("normalised first column").isEqualTo(1);
        for (int j = i; j < n; j++) {
          int dot = 0;
          for (int k = 0; k < n; k++) {
            dot += h[i][k] * h[j][k];
          }
          assertThat(dot).as("rows %d·%d of order %d", i, j, n).isEqualTo(i == j ? n : 0);
        }
      }
    }
  }

  @Test
  void shouldPickTheSmallestConstructibleOrders() {
    assertThat(Hadamard.orderAtLeast(34))
        .isEqualTo(40); // 36: no Paley prime, 18 not a multiple of 4
    assertThat(Hadamard.orderAtLeast(76)).isEqualTo(80); // 79 is prime, 79 ≡ 3 mod 4: PISA's 80
    assertThat(Hadamard.orderAtLeast(44)).isEqualTo(44); // 43 prime
    assertThat(Hadamard.orderAtLeast(65)).isEqualTo(68); // 67 prime
  }
}
