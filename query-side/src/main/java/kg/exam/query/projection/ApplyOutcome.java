package kg.exam.query.projection;

/** What applying one record did. */
public enum ApplyOutcome {
  /** The projections changed (or the event is known and changes nothing by design). */
  APPLIED,
  /** Its sequence number was already applied for its aggregate: a redelivery or a replay. */
  DUPLICATE,
  /** An event type the query side does not know; counted and skipped. */
  IGNORED
}
