package kg.exam.scoring.marking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import kg.exam.scoring.marking.MarkResolution.Outcome;
import kg.exam.scoring.marking.MarkResolution.State;
import org.junit.jupiter.api.Test;

class MarkResolutionTest {

  @Test
  void singleMarkingIsFinalWithTheFirstMark() {
    Outcome o = MarkResolution.resolve(1, 1, ResolutionRule.ADJUDICATOR, 3.0, null, null);
    assertThat(o.state()).isEqualTo(State.RESOLVED);
    assertThat(o.total()).isEqualTo(3.0);
    assertThat(o.basis()).isEqualTo("SINGLE");
  }

  @Test
  void doubleMarkingWaitsForTheSecondMark() {
    assertThat(MarkResolution.resolve(2, 1, ResolutionRule.ADJUDICATOR, 3.0, null, null).state())
        .isEqualTo(State.AWAITING_MARKS);
    assertThat(MarkResolution.resolve(2, 1, ResolutionRule.ADJUDICATOR, null, null, null).state())
        .isEqualTo(State.AWAITING_MARKS);
  }

  @Test
  void twoMarksWithinToleranceResolveToTheirMean() {
    Outcome o = MarkResolution.resolve(2, 1, ResolutionRule.ADJUDICATOR, 3.0, 2.0, null);
    assertThat(o.state()).isEqualTo(State.RESOLVED);
    assertThat(o.total()).isEqualTo(2.5);
    assertThat(o.basis()).isEqualTo("MEAN_OF_TWO");
  }

  @Test
  void twoMarksBeyondToleranceAreDisputed() {
    Outcome o = MarkResolution.resolve(2, 1, ResolutionRule.ADJUDICATOR, 4.0, 2.0, null);
    assertThat(o.state()).isEqualTo(State.DISPUTED);
    assertThat(o.total()).isNaN();
  }

  @Test
  void toleranceZeroDisputesAnyDifference() {
    assertThat(MarkResolution.resolve(2, 0, ResolutionRule.ADJUDICATOR, 2.5, 2.0, null).state())
        .isEqualTo(State.DISPUTED);
    assertThat(MarkResolution.resolve(2, 0, ResolutionRule.ADJUDICATOR, 2.0, 2.0, null).total())
        .isEqualTo(2.0);
  }

  @Test
  void adjudicatorRuleTakesTheAdjudicatorsMark() {
    Outcome o = MarkResolution.resolve(2, 1, ResolutionRule.ADJUDICATOR, 4.0, 1.0, 1.5);
    assertThat(o.total()).isEqualTo(1.5);
    assertThat(o.basis()).isEqualTo("ADJUDICATOR");
  }

  @Test
  void closestPairRuleTakesTheMeanOfTheClosestPair() {
    // pairs: (4, 1.5) 2.5 apart, (1, 1.5) 0.5 apart, (4, 1) 3 apart
    Outcome o = MarkResolution.resolve(2, 1, ResolutionRule.CLOSEST_PAIR_MEAN, 4.0, 1.0, 1.5);
    assertThat(o.total()).isEqualTo(1.25);
    assertThat(o.basis()).isEqualTo("CLOSEST_PAIR_MEAN");
  }

  @Test
  void closestPairRuleBreaksTiesTowardsThePairWithTheFirstMarkAndTheAdjudicator() {
    // (4, 2.5) and (1, 2.5) are both 1.5 apart: the first marker's pair wins
    Outcome o = MarkResolution.resolve(2, 1, ResolutionRule.CLOSEST_PAIR_MEAN, 4.0, 1.0, 2.5);
    assertThat(o.total()).isEqualTo(3.25);
  }

  @Test
  void anAdjudicationOfAnUndisputedScriptIsACallerError() {
    assertThatThrownBy(
            () -> MarkResolution.resolve(2, 1, ResolutionRule.ADJUDICATOR, 2.0, 2.0, 2.0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesABadTolerance() {
    assertThatThrownBy(
            () -> MarkResolution.resolve(2, -1, ResolutionRule.ADJUDICATOR, 2.0, 2.0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tolerance");
    assertThatThrownBy(
            () -> MarkResolution.resolve(3, 1, ResolutionRule.ADJUDICATOR, 2.0, 2.0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("marksRequired");
  }
}
