package kg.exam.scoring.irt;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded simulation of dichotomous responses for the tests. */
final class Simulated {

  private Simulated() {}

  /**
   * @param items true parameters
   * @param candidates N
   * @param abilitySd SD of θ ~ N(0, abilitySd²)
   * @param missingShare share of cells not presented
   * @param seed random seed
   * @return responses
   */
  static Responses responses(
      List<ItemParameters> items,
      int candidates,
      double abilitySd,
      double missingShare,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] cells = new byte[candidates * items.size()];
    for (int c = 0; c < candidates; c++) {
      double theta = abilitySd * gaussian(random);
      for (int i = 0; i < items.size(); i++) {
        byte cell = random.nextDouble() < items.get(i).probability(theta) ? (byte) 1 : 0;
        cells[c * items.size() + i] =
            random.nextDouble() < missingShare ? Responses.NOT_PRESENTED : cell;
      }
    }
    return Responses.wrap(cells, candidates, items.size());
  }

  static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
  }
}
