package kg.exam.contract.trust;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable JSON value, the model that {@link CanonicalJson} serialises and parses.
 *
 * <p>Every implementation is immutable and therefore safe to share between threads. Strings (and
 * object member names) must be well-formed UTF-16: a lone surrogate is refused at construction,
 * because it has no UTF-8 encoding and so no canonical byte form.
 */
public sealed interface JsonValue
    permits JsonValue.JsonObject,
        JsonValue.JsonArray,
        JsonValue.JsonString,
        JsonValue.JsonNumber,
        JsonValue.JsonBoolean,
        JsonValue.JsonNull {

  /** The JSON literal {@code null}. */
  JsonNull NULL = new JsonNull();

  /** The JSON literal {@code true}. */
  JsonBoolean TRUE = new JsonBoolean(true);

  /** The JSON literal {@code false}. */
  JsonBoolean FALSE = new JsonBoolean(false);

  /** Returns {@link #TRUE} or {@link #FALSE}. */
  static JsonBoolean of(boolean value) {
    return value ? TRUE : FALSE;
  }

  /** Returns a {@link JsonString}; refuses a lone surrogate. */
  static JsonString of(String value) {
    return new JsonString(value);
  }

  /** Returns a {@link JsonNumber}; refuses NaN and the infinities. */
  static JsonNumber of(double value) {
    return new JsonNumber(value);
  }

  /**
   * A JSON object. Members are kept sorted by the UTF-16 code units of their names ({@link
   * String#compareTo}), which is the order RFC 8785 section 3.2.3 prescribes, so iteration order is
   * the canonical order.
   *
   * @param members the members; copied, so later changes to the argument have no effect
   */
  record JsonObject(SortedMap<String, JsonValue> members) implements JsonValue {
    /** Checks and copies the members. */
    public JsonObject {
      Objects.requireNonNull(members, "members");
      TreeMap<String, JsonValue> copy = new TreeMap<>();
      for (Map.Entry<String, JsonValue> member : members.entrySet()) {
        String name = Objects.requireNonNull(member.getKey(), "member name");
        JsonString.requireWellFormed(name);
        copy.put(name, Objects.requireNonNull(member.getValue(), () -> "value of member " + name));
      }
      members = Collections.unmodifiableSortedMap(copy);
    }

    /** Builds an object from any map (its order is irrelevant: members are sorted). */
    public static JsonObject of(Map<String, ? extends JsonValue> members) {
      Objects.requireNonNull(members, "members");
      TreeMap<String, JsonValue> sorted = new TreeMap<>();
      for (Map.Entry<String, ? extends JsonValue> member : members.entrySet()) {
        sorted.put(Objects.requireNonNull(member.getKey(), "member name"), member.getValue());
      }
      return new JsonObject(sorted);
    }
  }

  /**
   * A JSON array; element order is significant and preserved.
   *
   * @param elements the elements; copied, so later changes to the argument have no effect
   */
  record JsonArray(List<JsonValue> elements) implements JsonValue {
    /** Checks and copies the elements. */
    public JsonArray {
      Objects.requireNonNull(elements, "elements");
      elements = Collections.unmodifiableList(new ArrayList<>(elements));
      for (int i = 0; i < elements.size(); i++) {
        if (elements.get(i) == null) {
          throw new IllegalArgumentException("element is null: index=" + i);
        }
      }
    }

    /** Builds an array from the given elements. */
    public static JsonArray of(JsonValue... elements) {
      return new JsonArray(List.of(elements));
    }
  }

  /**
   * A JSON string.
   *
   * @param value well-formed UTF-16 text; a lone surrogate is refused
   */
  record JsonString(String value) implements JsonValue {
    /** Checks that the value is well-formed UTF-16. */
    public JsonString {
      Objects.requireNonNull(value, "value");
      requireWellFormed(value);
    }

    static void requireWellFormed(String text) {
      int index = firstLoneSurrogate(text);
      if (index >= 0) {
        throw new IllegalArgumentException(
            "lone surrogate: index="
                + index
                + ", char=U+"
                + Integer.toHexString(text.charAt(index)).toUpperCase(java.util.Locale.ROOT));
      }
    }

    /** Returns the index of the first unpaired surrogate, or -1 when the text is well-formed. */
    static int firstLoneSurrogate(String text) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
          if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            i++;
          } else {
            return i;
          }
        } else if (Character.isLowSurrogate(c)) {
          return i;
        }
      }
      return -1;
    }
  }

  /**
   * A JSON number. As in RFC 8785 (and I-JSON, RFC 7493), every number is an IEEE 754 double;
   * {@code -0.0} is allowed and serialises as {@code 0}.
   *
   * @param value a finite double; NaN and the infinities are refused
   */
  record JsonNumber(double value) implements JsonValue {
    /** Checks that the value is finite. */
    public JsonNumber {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("number must be finite: value=" + value);
      }
    }
  }

  /**
   * A JSON boolean; use {@link JsonValue#TRUE} and {@link JsonValue#FALSE}.
   *
   * @param value the truth value
   */
  record JsonBoolean(boolean value) implements JsonValue {}

  /** The JSON {@code null}; use {@link JsonValue#NULL}. */
  record JsonNull() implements JsonValue {}
}
