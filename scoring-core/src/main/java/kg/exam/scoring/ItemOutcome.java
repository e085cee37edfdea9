package kg.exam.scoring;

/** What response processing concluded about one response. */
public enum ItemOutcome {
  /** The response earned the item's full {@code maxScore}. */
  CORRECT,
  /** The response earned more than 0 and less than {@code maxScore}. */
  PARTIAL,
  /** The response was well-formed and earned 0. */
  INCORRECT,
  /** No response (null, empty, or only blank values); scores the template default 0. */
  UNANSWERED,
  /**
   * The response does not fit the item (cardinality, unknown identifier, unparsable number); scores
   * 0.
   */
  MALFORMED,
  /** Extended text waiting for a human marker; scores 0 until marked. */
  NEEDS_HUMAN_MARKING
}
