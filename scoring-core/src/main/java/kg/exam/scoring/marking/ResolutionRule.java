package kg.exam.scoring.marking;

/**
 * How a script marked twice, whose two marks differ by more than the item's tolerance, gets its
 * final mark once a chief marker has marked it a third time. Two marks within tolerance always
 * resolve to their mean.
 */
public enum ResolutionRule {
  /** The chief marker's (adjudicator's) mark is final. */
  ADJUDICATOR,
  /**
   * The mean of the closest pair of the three marks. Ties go to a pair holding the adjudicator's
   * mark, the first marker's pair before the second's; the two original marks come last.
   */
  CLOSEST_PAIR_MEAN
}
