package kg.exam.query.projection;

/**
 * An event that can never be applied however often it is retried: it goes to the dead-letter topic
 * with {@link #reason()} and the partition moves on.
 */
public final class PoisonEvent extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Stable reason codes, written to the {@code dlt-reason} header. */
  public static final String MISSING_HEADER = "missing-header";

  public static final String UNDESERIALISABLE = "undeserialisable";
  public static final String MISSING_DATA = "missing-required-data";
  public static final String PROJECTION_FAILED = "projection-failed";

  private final String reason;

  public PoisonEvent(String reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public PoisonEvent(String reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
