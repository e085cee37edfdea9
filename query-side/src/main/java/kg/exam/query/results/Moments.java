package kg.exam.query.results;

/**
 * The sufficient statistics of one group of sittings as the database sums them.
 *
 * @param group the group's key (area code, language, ...)
 * @param candidates sittings registered in the group
 * @param scored of them, scored
 * @param sum sum of the scored percentages
 * @param sumOfSquares sum of their squares
 * @param passed scored sittings that passed (scoring-core's decision against the pass mark of the
 *     exam version sat)
 */
record Moments(
    String group, int candidates, int scored, double sum, double sumOfSquares, int passed) {

  Moments plus(Moments other) {
    return new Moments(
        group,
        candidates + other.candidates,
        scored + other.scored,
        sum + other.sum,
        sumOfSquares + other.sumOfSquares,
        passed + other.passed);
  }

  static Moments empty(String group) {
    return new Moments(group, 0, 0, 0, 0, 0);
  }
}
