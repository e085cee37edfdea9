package kg.exam.contract.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.JsonValue;

/**
 * The one way the services write an RFC 9457 problem document outside Spring MVC's own handling
 * (security filters, the station filter): a JSON object with {@code type}, {@code title}, {@code
 * status}, {@code detail} and optional string extensions, every string escaped as JSON requires, so
 * a detail that quotes a request (quotes, backslashes, line breaks, control characters) still gives
 * a valid document that says exactly that.
 */
public final class ProblemDocument {
  /** The media type of a problem document. */
  public static final String MEDIA_TYPE = "application/problem+json";

  private ProblemDocument() {}

  /**
   * @param extensions more members, e.g. {@code serverTime}; their names must not be one of the
   *     standard members
   * @return the document's JSON text (members in code point order)
   */
  public static String json(
      String type, String title, int status, String detail, Map<String, String> extensions) {
    Map<String, JsonValue> members = new LinkedHashMap<>();
    extensions.forEach(
        (name, value) -> {
          if (value != null) {
            members.put(name, JsonValue.of(wellFormed(value)));
          }
        });
    members.put("type", JsonValue.of(wellFormed(type)));
    members.put("title", JsonValue.of(wellFormed(title)));
    members.put("status", JsonValue.of(status));
    if (detail != null) {
      members.put("detail", JsonValue.of(wellFormed(detail)));
    }
    return CanonicalJson.canonicalString(JsonValue.JsonObject.of(members));
  }

  /** The type URI of every problem: this prefix and the problem's name. */
  public static final String TYPE_PREFIX = "urn:kg-exam:problem:";

  /**
   * The document for a status the HTTP layer set with no problem of ours (Tomcat's own refusals,
   * the error page): the problem both services name for it, e.g. {@code 405 method-not-allowed},
   * {@code 400 bad-request} for any other 4xx and {@code internal-error} for the rest.
   */
  public static String forStatus(int status, String detail) {
    String[] named =
        switch (status) {
          case 401 -> new String[] {"unauthenticated", "Authentication required"};
          case 403 -> new String[] {"forbidden", "Not allowed"};
          case 404 -> new String[] {"not-found", "Not found"};
          case 405 -> new String[] {"method-not-allowed", "Method not allowed"};
          case 406 -> new String[] {"not-acceptable", "Not acceptable"};
          case 413 -> new String[] {"oversized-response", "Response too large"};
          case 414 -> new String[] {"uri-too-long", "URI too long"};
          case 415 -> new String[] {"unsupported-media-type", "Unsupported media type"};
          case 431 -> new String[] {"headers-too-large", "Request headers too large"};
          default ->
              status >= 400 && status < 500
                  ? new String[] {"bad-request", "Bad request"}
                  : new String[] {"internal-error", "Internal server error"};
        };
    return json(TYPE_PREFIX + named[0], named[1], status, detail, Map.of());
  }

  /** The text with every unpaired surrogate (not valid Unicode, not writable) as U+FFFD. */
  static String wellFormed(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
              ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
              : !Character.isLowSurrogate(c);
      if (Character.isHighSurrogate(c) && paired) {
        if (out != null) {
          out.append(c).append(text.charAt(i + 1));
        }
        i++;
        continue;
      }
      if (!paired && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(paired ? c : '\uFFFD');
      }
    }
    return out == null ? text : out.toString();
  }
}
