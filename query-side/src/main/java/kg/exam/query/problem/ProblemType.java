package kg.exam.query.problem;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/**
 * Every way the query side refuses a request, each with a stable RFC 9457 {@code type} URI (same
 * scheme as the command side's). Listed in query-side/README.md; never rename an entry.
 */
public enum ProblemType {
  INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
  /** A path or query string that is not valid percent-encoded UTF-8, or holds a NUL byte. */
  BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
  /** Too many failed sign-ins of the account or from the address; {@code Retry-After} says when. */
  SIGN_IN_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "Not allowed"),
  OUTSIDE_SCOPE(HttpStatus.FORBIDDEN, "Outside your area"),
  AGGREGATES_ONLY(HttpStatus.FORBIDDEN, "Aggregates only"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Representation not available"),
  REBUILD_REFUSED(HttpStatus.CONFLICT, "Rebuild refused"),
  /** A projected sample design the estimators refuse (only a forged or damaged event holds one). */
  SURVEY_DESIGN_UNUSABLE(HttpStatus.CONFLICT, "Sample design unusable"),
  /** Scaled scores asked for before the session's calibration was recorded. */
  RESULTS_NOT_FINALISED(HttpStatus.CONFLICT, "Results not finalised yet"),
  /** A projected calibration the estimators refuse (only a forged or damaged event holds one). */
  CALIBRATION_UNUSABLE(HttpStatus.CONFLICT, "Calibration unusable"),
  /** Two surveys whose forms share fewer than three items, or whose link does not converge. */
  TREND_NOT_LINKABLE(HttpStatus.CONFLICT, "Surveys cannot be linked"),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  /** A failure of the server's own: a bug, logged with its stack trace. */
  INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");

  private static final String BASE = "urn:kg-exam:problem:";

  private final HttpStatus status;
  private final String title;

  ProblemType(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The stable type URI, e.g. {@code urn:kg-exam:problem:outside-scope}. */
  public URI uri() {
    return URI.create(BASE + name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
