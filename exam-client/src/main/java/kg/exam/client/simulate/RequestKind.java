package kg.exam.client.simulate;

/** What a simulated request was for; the report has one latency line per kind. */
public enum RequestKind {
  SIGN_IN("sign-in"),
  START("start"),
  PAPER("paper"),
  /** A picture or sound the paper shows, fetched once after the paper, as the student page does. */
  MEDIA("media"),
  ANSWER("answer"),
  /** The same answer (same clientSeq) again after the connection dropped under it. */
  ANSWER_RESENT("answer-resent"),
  FLAG("flag"),
  SUBMIT("submit"),
  /** A fresh candidate token before the current one runs out. */
  TOKEN("token"),
  STATE("state");

  private final String label;

  RequestKind(String label) {
    this.label = label;
  }

  /** The name in the report, e.g. {@code answer-resent}. */
  public String label() {
    return label;
  }
}
