package kg.exam.client.station;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal the station answers with an RFC 9457 problem document. The {@code type}s are the
 * command side's ({@code urn:kg-exam:problem:<name>}, command-side/README.md), so a client cannot
 * tell the station from the central server by its errors.
 */
public final class StationProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final String BASE = "urn:kg-exam:problem:";

  private final String name;
  private final int status;
  private final String title;
  private final transient Map<String, Object> extensions;

  public StationProblem(String name, int status, String title, String detail) {
    this(name, status, title, detail, Map.of());
  }

  public StationProblem(
      String name, int status, String title, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.name = name;
    this.status = status;
    this.title = title;
    this.extensions = Map.copyOf(extensions);
  }

  public static StationProblem malformedBody(String detail) {
    return new StationProblem("malformed-body", 400, "Malformed request body", detail);
  }

  public static StationProblem unsupportedMediaType(String detail) {
    return new StationProblem("unsupported-media-type", 415, "Unsupported media type", detail);
  }

  public static StationProblem invalidRequest(String detail) {
    return new StationProblem("invalid-request", 400, "Invalid request", detail);
  }

  public static StationProblem oversized(String detail) {
    return new StationProblem("oversized-response", 413, "Response too large", detail);
  }

  public static StationProblem unauthenticated(String detail) {
    return new StationProblem("unauthenticated", 401, "Authentication required", detail);
  }

  public static StationProblem forbidden(String detail) {
    return new StationProblem("forbidden", 403, "Not allowed", detail);
  }

  public static StationProblem notFound(String detail) {
    return new StationProblem("not-found", 404, "Not found", detail);
  }

  public static StationProblem conflict(String name, String title, String detail) {
    return new StationProblem(name, 409, title, detail);
  }

  /** The stable name, e.g. {@code answer-after-deadline}. */
  public String name() {
    return name;
  }

  public String type() {
    return BASE + name;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The problem document: type, title, status, detail and any extension members. */
  public Map<String, Object> document() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("type", type());
    doc.put("title", title);
    doc.put("status", status);
    doc.put("detail", getMessage());
    doc.putAll(extensions);
    return doc;
  }
}
