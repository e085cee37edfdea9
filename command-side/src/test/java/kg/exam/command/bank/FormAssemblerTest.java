package kg.exam.command.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import kg.exam.contract.bank.Blueprint;
import org.junit.jupiter.api.Test;

/**
 * CP-SAT assembly on a simulated bank: every blueprint constraint holds on the forms it returns,
 * the objective it reports is the forms' real distance from the target, a blueprint the bank cannot
 * meet is proved infeasible, and a 2-form set without a target comes out parallel.
 */
class FormAssemblerTest {
  private static final String FW = "fw";
  private static final List<String> CODES = List.of("1.1", "1.2", "2.1", "2.2");

  /** 240 items: 60 per code, half of each APPLY, 2PL parameters, one in ten a MATCHING item. */
  static List<FormAssembler.Candidate> bank(long seed) {
    Random random = new Random(seed);
    List<FormAssembler.Candidate> items = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      String code = CODES.get(i % CODES.size());
      String top = code.substring(0, 1);
      items.add(
          new FormAssembler.Candidate(
              String.format("it-%03d", i),
              1,
              Set.of(FW + ":" + code, FW + ":" + top),
              (i / CODES.size()) % 2 == 0 ? "APPLY" : "REMEMBER",
              i % 10 == 0 ? "MATCHING" : "SINGLE_CHOICE",
              i % 10 == 0 ? 120 : 60,
              0.6 + 1.2 * random.nextDouble(),
              random.nextGaussian(),
              0,
              List.of(),
              new HashSet<>()));
    }
    return items;
  }

  private static Blueprint blueprint(
      int forms, List<Blueprint.InformationTarget> information, int maxShared, int seconds) {
    return new Blueprint(
        "MATH",
        9,
        List.of("ky", "ru"),
        forms,
        20,
        List.of(
            new Blueprint.BlueprintRow(FW, "1", null, 10, 10),
            new Blueprint.BlueprintRow(FW, "2.1", null, 4, 6),
            new Blueprint.BlueprintRow(FW, "2.2", "APPLY", 2, 3)),
        List.of(new Blueprint.TypeRange("MATCHING", 1, 2)),
        22,
        null,
        null,
        information,
        maxShared,
        null,
        seconds);
  }

  @Test
  void shouldMeetEveryConstraintOfTheBlueprintOnEveryFormAndKeepEnemiesApart() throws Exception {
    List<FormAssembler.Candidate> bank = bank(1);
    // every even item is the enemy of the next one
    for (int i = 0; i + 1 < bank.size(); i += 2) {
      bank.get(i).enemies().add(bank.get(i + 1).itemId());
      bank.get(i + 1).enemies().add(bank.get(i).itemId());
    }
    List<Blueprint.InformationTarget> target =
        List.of(
            new Blueprint.InformationTarget(-1, 3),
            new Blueprint.InformationTarget(0, 4),
            new Blueprint.InformationTarget(1, 3));
    Blueprint blueprint = blueprint(3, target, 0, 3);

    FormAssembler.Result result = FormAssembler.assemble(blueprint, bank, 2);

    assertThat(result.forms()).hasSize(3);
    Set<String> seen = new HashSet<>();
    double distance = 0;
    for (int f = 0; f < 3; f++) {
      List<FormAssembler.Candidate> form = result.forms().get(f);
      assertThat(form).hasSize(20);
      for (Blueprint.BlueprintRow row : blueprint.content()) {
        assertThat(form.stream().filter(c -> c.fits(row)).count())
            .as("row %s on form %d", row.code(), f)
            .isBetween((long) row.min(), (long) row.max());
      }
      assertThat(form.stream().filter(c -> c.type().equals("MATCHING")).count()).isBetween(1L, 2L);
      assertThat(form.stream().mapToInt(FormAssembler.Candidate::seconds).sum())
          .isLessThanOrEqualTo(22 * 60);
      for (FormAssembler.Candidate c : form) {
        assertThat(seen.add(c.itemId())).as("%s on two forms", c.itemId()).isTrue();
        assertThat(form).noneMatch(other -> c.enemies().contains(other.itemId()));
      }
      for (int k = 0; k < target.size(); k++) {
        double theta = target.get(k).theta();
        double information = form.stream().mapToDouble(c -> c.information(theta)).sum();
        assertThat(result.information().get(f).get(k)).isCloseTo(information, within(1e-3));
        distance += Math.abs(information - target.get(k).information());
      }
    }
    // the objective is in thousandths of information, each item's rounded: within 0.5 per term
    assertThat(result.solver().objective() / 1000)
        .isCloseTo(distance, within(0.5 * 20 * 9 / 1000.0 + 1e-9));
    assertThat(result.solver().status()).isIn("OPTIMAL", "FEASIBLE");
    assertThat(result.solver().bestBound()).isLessThanOrEqualTo(result.solver().objective());
    assertThat(result.solver().objective()).isLessThanOrEqualTo(result.solver().firstObjective());
    assertThat(result.solver().solver()).startsWith("OR-Tools CP-SAT 9.");
    assertThat(result.solver().eligibleItems()).isEqualTo(240);
  }

  @Test
  void shouldMakeTwoFormsAlikeInInformationWithoutATarget() throws Exception {
    FormAssembler.Result result = FormAssembler.assemble(blueprint(2, List.of(), 0, 5), bank(2), 2);

    // the objective reported is the forms' own spread (in thousandths, each item's information
    // rounded), and the search never ends worse than its first solution, however long it ran
    double spread = 0;
    for (int k = 0; k < 3; k++) {
      spread += Math.abs(result.information().get(0).get(k) - result.information().get(1).get(k));
    }
    assertThat(result.solver().objective() / 1000)
        .isCloseTo(spread, within(3 * 20 * 0.5 / 1000 + 1e-3));
    assertThat(result.solver().objective()).isLessThanOrEqualTo(result.solver().firstObjective());
    assertThat(result.solver().bestBound()).isLessThanOrEqualTo(result.solver().objective());
  }

  @Test
  void shouldShareNoMoreItemsThanAllowedWhenSharingIsAllowed() throws Exception {
    // 20 items of strand 1: two forms of 15 share at least 10, and at most 10 are allowed
    List<FormAssembler.Candidate> strandOne =
        bank(3).subList(0, 40).stream().filter(c -> c.covers().contains(FW + ":1")).toList();
    Blueprint blueprint =
        new Blueprint(
            "MATH",
            9,
            List.of("ky"),
            2,
            15,
            List.of(new Blueprint.BlueprintRow(FW, "1", null, 0, 15)),
            List.of(),
            null,
            null,
            null,
            List.of(),
            10,
            null,
            2);

    FormAssembler.Result result = FormAssembler.assemble(blueprint, strandOne, 2);

    Set<String> first =
        new HashSet<>(result.forms().get(0).stream().map(FormAssembler.Candidate::itemId).toList());
    long shared = result.forms().get(1).stream().filter(c -> first.contains(c.itemId())).count();
    assertThat(strandOne).hasSize(20);
    assertThat(shared).isEqualTo(10);
  }

  @Test
  void shouldReportABlueprintTheItemsCannotMeetAsProvedInfeasible() {
    // strand 2.2 holds 30 APPLY items; three forms of 3 to 3 with no sharing need 9: feasible, but
    // a row asking 11 of 2.2 APPLY on each of 3 forms needs 33
    Blueprint blueprint =
        new Blueprint(
            "MATH",
            9,
            List.of("ky"),
            3,
            11,
            List.of(new Blueprint.BlueprintRow(FW, "2.2", "APPLY", 11, 11)),
            List.of(),
            null,
            null,
            null,
            List.of(),
            0,
            null,
            10);
    assertThatThrownBy(() -> FormAssembler.assemble(blueprint, bank(4), 2))
        .isInstanceOf(FormAssembler.NoForms.class)
        .hasMessageContaining("proved by the solver");
  }

  @Test
  void shouldCountTheTermsOfTheModelThatTheBudgetIsCheckedAgainst() {
    Blueprint noSharing = blueprint(3, List.of(), 0, 5);
    // per form: 240 items × (3 rows + 1 type + 3) and 2 × 240 × 3 information terms; across forms
    // one at-most-one per item
    assertThat(FormAssembler.terms(noSharing, 240))
        .isEqualTo(3L * (240 * 7 + 2 * 240 * 3) + 240 * 3);
  }

  @Test
  void shouldComputeTheInformationOfDichotomousAndPartialCreditItems() {
    FormAssembler.Candidate rasch =
        new FormAssembler.Candidate(
            "a", 1, Set.of(), "APPLY", "SINGLE_CHOICE", 60, 1.0, 0.0, 0, List.of(), Set.of());
    // P = 1/2 at θ = b: a² P Q = 0.25
    assertThat(rasch.information(0)).isCloseTo(0.25, within(1e-12));
    FormAssembler.Candidate threePl =
        new FormAssembler.Candidate(
            "b", 1, Set.of(), "APPLY", "SINGLE_CHOICE", 60, 1.5, 0.0, 0.2, List.of(), Set.of());
    // Birnbaum: a² (Q/P) ((P − c)/(1 − c))² with P = 0.2 + 0.8 × 0.5 = 0.6
    assertThat(threePl.information(0))
        .isCloseTo(2.25 * (0.4 / 0.6) * Math.pow(0.4 / 0.8, 2), within(1e-12));
    FormAssembler.Candidate partialCredit =
        new FormAssembler.Candidate(
            "c", 1, Set.of(), "APPLY", "ORDERING", 60, 1.0, 0.0, 0, List.of(-1.0, 1.0), Set.of());
    // at θ = 0 the categories 0, 1, 2 weigh 1, e^(0+1), e^(1+(0−1)) = 1: Var(X) = E[X²] − E[X]²
    double e = Math.E;
    double sum = 1 + e + 1;
    double mean = (e + 2) / sum;
    double square = (e + 4) / sum;
    assertThat(partialCredit.information(0)).isCloseTo(square - mean * mean, within(1e-12));
    FormAssembler.Candidate uncalibrated =
        new FormAssembler.Candidate(
            "d", 1, Set.of(), "APPLY", "SINGLE_CHOICE", 60, null, null, 0, List.of(), Set.of());
    assertThat(uncalibrated.information(0)).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
