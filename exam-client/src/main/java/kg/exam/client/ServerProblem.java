package kg.exam.client;

/**
 * The server refused a request with an RFC 9457 problem. {@code type} is stable, e.g. {@code
 * urn:kg-exam:problem:answer-after-deadline}; clients switch on it, not on the text.
 */
public final class ServerProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;

  public ServerProblem(int status, String type, String detail) {
    super(status + " " + type + ": " + detail);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  /** The last part of the type, e.g. {@code answer-after-deadline}. */
  public String name() {
    return type == null ? "" : type.substring(type.lastIndexOf(':') + 1);
  }
}
