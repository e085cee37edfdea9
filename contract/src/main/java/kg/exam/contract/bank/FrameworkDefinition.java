package kg.exam.contract.bank;

import java.util.List;
import java.util.Map;

/**
 * A competency framework as data: its title per language, where it comes from, and its nodes, every
 * parent before its children.
 */
public record FrameworkDefinition(
    Map<String, String> titles, String source, List<FrameworkNode> nodes) {
  public FrameworkDefinition {
    titles = titles == null ? Map.of() : Map.copyOf(titles);
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
  }
}
