package kg.exam.contract.bank;

import java.util.Map;

/**
 * One node of a competency framework.
 *
 * @param code unique in the framework, e.g. {@code 2.2.3.a}
 * @param kind what the level of the hierarchy is called, e.g. ASPECT, COMPETENCY, LEVEL, INDICATOR
 * @param parent the code of the node above, or null for a top node
 * @param titles title per language (ky, ru, uz, tg, en), at least one
 */
public record FrameworkNode(String code, String kind, String parent, Map<String, String> titles) {
  public FrameworkNode {
    titles = titles == null ? Map.of() : Map.copyOf(titles);
  }
}
