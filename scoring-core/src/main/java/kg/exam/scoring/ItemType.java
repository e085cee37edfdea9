package kg.exam.scoring;

/**
 * Interaction types the engine scores, each with the QTI 2.1 response cardinality it implies.
 *
 * <p>The response encoding for each type is documented on {@link ItemScorer}.
 */
public enum ItemType {
  /** One choice out of {@code choiceIds}; QTI single cardinality, identifier. */
  SINGLE_CHOICE,
  /** Any subset of {@code choiceIds}; QTI multiple cardinality, identifier. */
  MULTIPLE_RESPONSE,
  /** "true" or "false"; a single choice with two fixed choices. */
  TRUE_FALSE,
  /** One decimal number, compared with tolerance; QTI single cardinality, float. */
  NUMERIC,
  /** One short text, normalised before comparison; QTI single cardinality, string. */
  SHORT_TEXT,
  /** All or some of {@code choiceIds} in an order; QTI ordered cardinality, identifier. */
  ORDERING,
  /**
   * Pairs "source target"; QTI multiple cardinality, directedPair (or pair when there are no
   * targets).
   */
  MATCHING,
  /** One sub-response "gapId=value" per gap; scored gap by gap and summed. */
  GAP,
  /** Free text marked by a human against a rubric; never auto-scored. */
  EXTENDED_TEXT
}
