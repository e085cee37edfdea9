package kg.exam.client.audit;

import java.util.List;
import kg.exam.contract.exam.GradeBoundary;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.scoring.Form;
import kg.exam.scoring.GradeScale;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.ScoringPolicy;

/**
 * The contract's exam records as scoring-core's model, exactly as the command side translates them
 * when it scores (kg.exam.command.exam.ExamForms; the end-to-end tests re-score real sittings with
 * this copy, so a drift between the two fails them).
 */
final class ContractForms {
  private ContractForms() {}

  static Form toForm(String formId, List<ItemDefinition> items, ScoringRules rules) {
    return new Form(formId, items.stream().map(ContractForms::toItem).toList(), toPolicy(rules));
  }

  private static Item toItem(ItemDefinition d) {
    ItemKey k = d.key();
    kg.exam.scoring.ItemKey key =
        new kg.exam.scoring.ItemKey(
            k.correct(),
            k.mapping(),
            k.mappingDefault(),
            k.lowerBound(),
            k.upperBound(),
            k.partialCredit(),
            k.absoluteTolerance(),
            k.relativeTolerance(),
            k.caseSensitive(),
            k.kyrgyzLetterFolding(),
            k.maxAssociations(),
            k.rubric().stream().map(ContractForms::toCriterion).toList());
    return new Item(
        d.itemId(),
        d.sectionId(),
        ItemType.valueOf(d.type()),
        d.maxScore(),
        d.weight(),
        d.choices().stream().map(c -> c.id()).toList(),
        d.targets().stream().map(c -> c.id()).toList(),
        key);
  }

  private static ScoringPolicy toPolicy(ScoringRules rules) {
    if (rules == null) {
      return ScoringPolicy.defaults();
    }
    GradeScale scale =
        rules.gradeBoundaries().isEmpty()
            ? GradeScale.kyrgyzFivePoint()
            : new GradeScale(
                rules.gradeBoundaries().stream().map(ContractForms::toBoundary).toList());
    return new ScoringPolicy(rules.passPercent(), scale, rules.withholdGradesBelow());
  }

  private static kg.exam.scoring.GradeBoundary toBoundary(GradeBoundary b) {
    return new kg.exam.scoring.GradeBoundary(b.minPercent(), b.grade());
  }

  private static kg.exam.scoring.RubricCriterion toCriterion(RubricCriterion c) {
    return new kg.exam.scoring.RubricCriterion(c.criterionId(), c.description(), c.maxPoints());
  }
}
