package kg.exam.command.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every way a request can be refused, each with a stable RFC 9457 {@code type} URI that clients may
 * switch on. The list is documented in command-side/README.md; never rename an entry.
 */
public enum ProblemType {
  MALFORMED_BODY(HttpStatus.BAD_REQUEST, "Malformed request body"),
  /** A request the HTTP layer refused: bad percent-encoding, a NUL byte, an encoded slash. */
  BAD_REQUEST(HttpStatus.BAD_REQUEST, "Bad request"),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  /** A failure of the server's own: a bug, logged with its stack trace. */
  INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error"),
  INVALID_REQUEST(HttpStatus.BAD_REQUEST, "Invalid request"),
  OVERSIZED_RESPONSE(HttpStatus.CONTENT_TOO_LARGE, "Response too large"),
  UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Authentication required"),
  WRONG_PIN(HttpStatus.UNAUTHORIZED, "Wrong candidate code or PIN"),
  CANDIDATE_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "Too many wrong PINs"),
  STAFF_LOCKED(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins"),
  FORBIDDEN(HttpStatus.FORBIDDEN, "Not allowed"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
  INVALID_EXAM(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid exam"),
  EXAM_ALREADY_EXISTS(HttpStatus.CONFLICT, "Exam already exists"),
  NOTHING_TO_PUBLISH(HttpStatus.CONFLICT, "Nothing to publish"),
  EXAM_NOT_PUBLISHED(HttpStatus.CONFLICT, "Exam version not published"),
  INVALID_SESSION(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid exam session"),
  SESSION_ALREADY_EXISTS(HttpStatus.CONFLICT, "Exam session already exists"),
  SESSION_CLOSED(HttpStatus.CONFLICT, "Exam session closed"),
  SESSION_NOT_OPEN(HttpStatus.CONFLICT, "Exam session not open"),
  DUPLICATE_REGISTRATION(HttpStatus.CONFLICT, "Candidate already registered"),
  SITTING_ALREADY_STARTED(HttpStatus.CONFLICT, "Sitting already started"),
  SITTING_NOT_STARTED(HttpStatus.CONFLICT, "Sitting not started"),
  SITTING_PAUSED(HttpStatus.CONFLICT, "Sitting paused"),
  SITTING_NOT_PAUSED(HttpStatus.CONFLICT, "Sitting not paused"),
  SITTING_FINISHED(HttpStatus.CONFLICT, "Sitting already handed in"),
  SITTING_NOT_HANDED_IN(HttpStatus.CONFLICT, "Sitting not handed in yet"),
  /** A centre may hand in a station's sitting only once its station's hand-in is overdue. */
  SITTING_NOT_OVERDUE(HttpStatus.CONFLICT, "Sitting not overdue"),
  ANSWER_AFTER_DEADLINE(HttpStatus.CONFLICT, "Answer after the deadline"),
  /** A session's results were released already; the release can no longer be moved. */
  RESULTS_ALREADY_RELEASED(HttpStatus.CONFLICT, "Results already released"),
  /** A candidate asks for a result before its session's release. */
  RESULTS_NOT_RELEASED(HttpStatus.CONFLICT, "Results not released yet"),
  /** An appeal before the release or after the session's appeal window. */
  APPEAL_WINDOW_CLOSED(HttpStatus.CONFLICT, "Outside the appeal window"),
  /** One appeal per sitting. */
  APPEAL_ALREADY_LODGED(HttpStatus.CONFLICT, "Already appealed"),
  /** An appeal has one decision. */
  APPEAL_ALREADY_DECIDED(HttpStatus.CONFLICT, "Appeal already decided"),
  /** A candidate acting on a sitting that is not theirs, or a school on another school's. */
  NOT_OWN_SITTING(HttpStatus.FORBIDDEN, "Not your sitting"),
  /** A decision that does not fit its outcome: re-marks missing, unknown or not allowed. */
  INVALID_APPEAL_DECISION(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid appeal decision"),
  /** A marker may mark only a script allocated to them and not yet marked by them. */
  SCRIPT_NOT_ALLOCATED(HttpStatus.CONFLICT, "Script not allocated to this marker"),
  /** The script has its final mark: no more marks or allocations. */
  SCRIPT_RESOLVED(HttpStatus.CONFLICT, "Script already has its final mark"),
  /** Every round the script needs is allocated to other markers. */
  SCRIPT_FULLY_ALLOCATED(HttpStatus.CONFLICT, "Script needs no more markers"),
  /** A marker marks a script once: never both independent marks, nor their own adjudication. */
  MARKER_ALREADY_ON_SCRIPT(HttpStatus.CONFLICT, "Marker already marks this script"),
  /** Only a chief marker adjudicates a disputed script. */
  CHIEF_MARKER_REQUIRED(HttpStatus.FORBIDDEN, "Adjudication needs a chief marker"),
  /** A marker stopped in the session takes and marks nothing more there. */
  MARKER_STOPPED(HttpStatus.FORBIDDEN, "Marker stopped"),
  /** Criterion points missing, unknown, out of range or not finite; a comment too long. */
  INVALID_MARK(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid mark"),
  /** A marking plan with a share outside 0..1, a bad tolerance or an unknown rule or item. */
  INVALID_MARKING_PLAN(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid marking plan"),
  /**
   * A sample design that cannot be weighed: a school listed twice, a probability outside (0, 1], a
   * zone without both halves, a bad replication or Fay factor; a CSV fault names its line.
   */
  INVALID_SAMPLE_DESIGN(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid sample design"),
  UNKNOWN_ITEM(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown item"),
  /** The item of that version was excluded from scoring by an earlier decision. */
  ITEM_ALREADY_EXCLUDED(HttpStatus.CONFLICT, "Item already excluded"),
  /**
   * A QTI file or content package that cannot be read at all (its items are refused one by one).
   */
  INVALID_QTI(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid QTI package"),
  /** Excluding the item would leave nothing to score, or it is marked by people. */
  ITEM_NOT_EXCLUDABLE(HttpStatus.UNPROCESSABLE_CONTENT, "Item cannot be excluded"),
  MALFORMED_RESPONSE(HttpStatus.UNPROCESSABLE_CONTENT, "Malformed response"),
  CLIENT_SEQUENCE_CONFLICT(HttpStatus.CONFLICT, "Client sequence number reused"),
  INVALID_ANSWER_SIGNATURE(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid answer signature"),
  INVALID_KEY(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid public key"),
  CONCURRENT_MODIFICATION(HttpStatus.CONFLICT, "Concurrent modification, retry"),
  UNSUPPORTED_MODEL(
      HttpStatus.BAD_REQUEST, "IRT model not supported: use rasch, 2pl, 3pl, pcm or gpcm"),
  SESSION_NOT_CLOSED(HttpStatus.CONFLICT, "Exam session not closed"),
  RESULTS_NOT_READY(HttpStatus.CONFLICT, "Sittings not ready for finalisation"),
  RESULTS_ALREADY_FINALISED(HttpStatus.CONFLICT, "Results already finalised"),
  RESULTS_NOT_FINALISED(HttpStatus.CONFLICT, "Results not finalised yet"),
  CALIBRATION_NOT_CONVERGED(HttpStatus.CONFLICT, "Calibration did not converge"),
  CALIBRATION_NOT_POSSIBLE(HttpStatus.UNPROCESSABLE_CONTENT, "Calibration not possible"),
  /** A station's request time is more than 5 minutes from the server's; carries serverTime. */
  STATION_CLOCK_SKEW(HttpStatus.UNAUTHORIZED, "Station clock skewed"),
  /** A session's exam package key asked for before the session opens. */
  PACKAGE_NOT_RELEASED(HttpStatus.CONFLICT, "Exam package key not released yet"),
  /** An incident code outside {@link kg.exam.contract.sitting.IncidentCode}. */
  UNKNOWN_INCIDENT_CODE(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown incident code"),
  /**
   * An incident note longer than {@link kg.exam.contract.sitting.ReportIncident#MAX_NOTE_CHARS}.
   */
  OVERSIZED_INCIDENT_NOTE(HttpStatus.UNPROCESSABLE_CONTENT, "Incident note too long"),
  /** A bank item version that breaks a bank rule (metadata, key, language versions, references). */
  INVALID_BANK_ITEM(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid bank item"),
  BANK_ITEM_ALREADY_EXISTS(HttpStatus.CONFLICT, "Bank item already exists"),
  /** A revision based on a version that is no longer the latest: another writer came first. */
  BANK_ITEM_CHANGED(HttpStatus.CONFLICT, "Bank item changed since"),
  /** A review, approval or revision the item's status does not allow (e.g. approving a draft). */
  BANK_ITEM_STATUS(HttpStatus.CONFLICT, "Not allowed in the item's status"),
  /** A writer reviewing or approving their own version: the bank needs a second pair of eyes. */
  OWN_BANK_ITEM(HttpStatus.FORBIDDEN, "Own item"),
  INVALID_FRAMEWORK(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid competency framework"),
  /**
   * Media whose bytes are not the declared image or audio type, or a type the bank does not keep.
   */
  INVALID_MEDIA(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid media"),
  /**
   * A stored image or audio file whose bytes no longer have the hash the signed exam names: it was
   * changed in the database, and is never served.
   */
  MEDIUM_ALTERED(HttpStatus.CONFLICT, "Stored medium altered"),
  /** An image or audio file a published exam names is no longer in the bank's media. */
  MEDIUM_MISSING(HttpStatus.CONFLICT, "Stored medium missing"),
  /** A blueprint that breaks its own rules (ranges, languages, codes, targets). */
  INVALID_BLUEPRINT(HttpStatus.UNPROCESSABLE_CONTENT, "Invalid blueprint"),
  /**
   * No forms meet the blueprint from the eligible items, or none were found in the time allowed.
   */
  ASSEMBLY_INFEASIBLE(HttpStatus.UNPROCESSABLE_CONTENT, "No forms meet the blueprint"),
  ASSEMBLY_ALREADY_EXISTS(HttpStatus.CONFLICT, "Assembly already exists"),
  /** Another assembly holds the solver on this instance (one at a time). */
  ASSEMBLY_BUSY(HttpStatus.TOO_MANY_REQUESTS, "Another assembly is running"),
  /** Items QTI's standard templates cannot express (each named with its reason). */
  QTI_EXPORT_NOT_POSSIBLE(HttpStatus.UNPROCESSABLE_CONTENT, "Not exportable as QTI");

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

  /** The stable type URI, e.g. {@code urn:kg-exam:problem:answer-after-deadline}. */
  public URI uri() {
    return URI.create(BASE + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
  }
}
