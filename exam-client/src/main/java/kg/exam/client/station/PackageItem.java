package kg.exam.client.station;

import java.util.List;
import kg.exam.contract.exam.Choice;

/** An item of a package's paper, as the candidate sees it: never its key. */
public record PackageItem(
    String itemId,
    String sectionId,
    String type,
    double maxScore,
    String prompt,
    List<Choice> choices,
    List<Choice> targets) {

  public PackageItem {
    choices = choices == null ? List.of() : List.copyOf(choices);
    targets = targets == null ? List.of() : List.copyOf(targets);
  }
}
