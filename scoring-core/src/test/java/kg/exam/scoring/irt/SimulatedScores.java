package kg.exam.scoring.irt;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded simulation of item scores under any {@link ItemParameters} (3PL, partial credit). */
final class SimulatedScores {

  private SimulatedScores() {}

  /**
   * @param items true parameters; an item's scores are 0..maxScore()
   * @param candidates N
   * @param abilityMean mean of θ
   * @param abilitySd SD of θ ~ N(abilityMean, abilitySd²)
   * @param missingShare share of cells not presented
   * @param seed random seed
   * @return responses
   */
  static Responses responses(
      List<ItemParameters> items,
      int candidates,
      double abilityMean,
      double abilitySd,
      double missingShare,
      long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int count = items.size();
    byte[] cells = new byte[candidates * count];
    double[] p = new double[Responses.MAX_SCORE + 1];
    for (int c = 0; c < candidates; c++) {
      double theta = abilityMean + abilitySd * Simulated.gaussian(random);
      for (int i = 0; i < count; i++) {
        ItemParameters item = items.get(i);
        item.categoryProbabilities(theta, p);
        double u = random.nextDouble();
        int score = 0;
        double cumulative = p[0];
        while (score < item.maxScore() && u >= cumulative) {
          score++;
          cumulative += p[score];
        }
        cells[c * count + i] =
            random.nextDouble() < missingShare ? Responses.NOT_PRESENTED : (byte) score;
      }
    }
    return Responses.wrap(cells, candidates, count);
  }
}
