package kg.exam.command.bank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.Blueprint;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.results.CalibratedItem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Assembles forms from the bank: finds the items a blueprint may take (the latest approved version
 * of items not retired, of its subject and grade, in every language it asks for, fitting a row,
 * within its difficulty and exposure limits), explains a blueprint the bank plainly cannot meet,
 * and hands the rest to {@link FormAssembler}.
 */
@Component
public class BankAssemblies {
  private final JdbcTemplate jdbc;
  private final BankRecords records;
  private final BankSearch search;
  private final int workers;

  /** The most terms a model may have: about 1 GB of native memory at CP-SAT's density. */
  static final long MAX_TERMS = 30_000_000;

  private final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(1);

  BankAssemblies(
      JdbcTemplate jdbc,
      BankRecords records,
      BankSearch search,
      @Value("${exam.bank.assembly-workers:0}") int workers) {
    this.jdbc = jdbc;
    this.records = records;
    this.search = search;
    this.workers = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
  }

  /** Assembles the blueprint's forms, or refuses with what the bank lacks. */
  public FormAssembler.Result assemble(Blueprint blueprint) {
    List<FormAssembler.Candidate> items = eligible(blueprint);
    // F forms of k items, any two sharing at most s, hold at least F·k − C(F, 2)·s distinct items;
    // a row's minimum likewise
    int pairs = blueprint.forms() * (blueprint.forms() - 1) / 2;
    long shared = (long) pairs * blueprint.maxSharedItems();
    List<String> lacking = new ArrayList<>();
    long needed =
        Math.max(
            blueprint.itemsPerForm(), (long) blueprint.forms() * blueprint.itemsPerForm() - shared);
    if (items.size() < needed) {
      lacking.add(items.size() + " items are eligible and the forms need " + needed);
    }
    for (Blueprint.BlueprintRow row : blueprint.content()) {
      long fit = items.stream().filter(i -> i.fits(row)).count();
      long rowNeeded = Math.max(row.min(), (long) blueprint.forms() * row.min() - shared);
      if (fit < rowNeeded) {
        lacking.add(
            "row "
                + row.frameworkId()
                + ":"
                + row.code()
                + (row.cognitiveLevel() == null ? "" : " " + row.cognitiveLevel())
                + " needs "
                + rowNeeded
                + " items and "
                + fit
                + " are eligible");
      }
    }
    for (Blueprint.TypeRange type : blueprint.types()) {
      long fit = items.stream().filter(i -> i.type().equals(type.type())).count();
      long typeNeeded = Math.max(type.min(), (long) blueprint.forms() * type.min() - shared);
      if (fit < typeNeeded) {
        lacking.add(type.type() + " needs " + typeNeeded + " items and " + fit + " are eligible");
      }
    }
    if (!lacking.isEmpty()) {
      throw new RuleViolation(
          ProblemType.ASSEMBLY_INFEASIBLE,
          "Eligible: approved items of "
              + blueprint.subject()
              + (blueprint.grade() == null ? "" : " grade " + blueprint.grade())
              + " in "
              + blueprint.languages()
              + " fitting a row, within the difficulty and exposure limits. "
              + String.join("; ", lacking)
              + ".");
    }
    long terms = FormAssembler.terms(blueprint, items.size());
    if (terms > MAX_TERMS) {
      throw new RuleViolation(
          ProblemType.INVALID_BLUEPRINT,
          "The model would hold "
              + terms
              + " terms over "
              + items.size()
              + " eligible items, more than "
              + MAX_TERMS
              + ": narrow the blueprint (grade, rows) or assemble fewer forms at once.");
    }
    // one assembly at a time: the solver takes every core it is given for up to its time limit
    if (!running.tryAcquire()) {
      throw new RuleViolation(
          ProblemType.ASSEMBLY_BUSY, "Another assembly is running on this server; try again.");
    }
    try {
      return FormAssembler.assemble(blueprint, items, workers);
    } catch (FormAssembler.NoForms e) {
      throw new RuleViolation(ProblemType.ASSEMBLY_INFEASIBLE, e.getMessage() + ".");
    } finally {
      running.release();
    }
  }

  /** The items the blueprint may take, in item id order. */
  List<FormAssembler.Candidate> eligible(Blueprint blueprint) {
    List<Object[]> rows =
        jdbc.query(
            "SELECT b.item_id, b.approved_version, v.content FROM bank_item b JOIN"
                + " bank_item_version v ON v.item_id = b.item_id AND v.version ="
                + " b.approved_version WHERE b.status <> 'RETIRED' AND b.subject = ?"
                + " AND (?::int IS NULL OR b.grade = ?::int) ORDER BY b.item_id",
            (rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getString(3)},
            blueprint.subject(),
            blueprint.grade(),
            blueprint.grade());
    Map<String, Map<String, String>> parents = parents();
    List<Object[]> kept = new ArrayList<>();
    for (Object[] row : rows) {
      BankItemContent content = records.read((String) row[2], BankItemContent.class);
      if (content.languages().containsAll(blueprint.languages())) {
        kept.add(new Object[] {row[0], row[1], content});
      }
    }
    String[] ids = kept.stream().map(r -> (String) r[0]).toArray(String[]::new);
    Map<String, CalibratedItem> calibrations = new HashMap<>();
    jdbc.query(
        "SELECT DISTINCT ON (item_id) item_id, parameters FROM bank_item_calibration"
            + " WHERE item_id = ANY (?) ORDER BY item_id, finalised_at DESC, session_id DESC",
        rs -> {
          calibrations.put(rs.getString(1), records.read(rs.getString(2), CalibratedItem.class));
        },
        (Object) ids);
    Map<String, BankSearch.Exposure> exposure =
        blueprint.maxExposure() == null ? Map.of() : search.exposure(ids);
    boolean needsCalibration =
        blueprint.minDifficulty() != null
            || blueprint.maxDifficulty() != null
            || !blueprint.information().isEmpty();
    List<FormAssembler.Candidate> eligible = new ArrayList<>();
    for (Object[] row : kept) {
      String itemId = (String) row[0];
      BankItemContent content = (BankItemContent) row[2];
      CalibratedItem c = calibrations.get(itemId);
      if (needsCalibration && c == null) {
        continue;
      }
      if (c != null
          && ((blueprint.minDifficulty() != null && c.difficulty() < blueprint.minDifficulty())
              || (blueprint.maxDifficulty() != null
                  && c.difficulty() > blueprint.maxDifficulty()))) {
        continue;
      }
      if (blueprint.maxExposure() != null
          && exposure.getOrDefault(itemId, new BankSearch.Exposure(0, 0, 0)).sittings()
              > blueprint.maxExposure()) {
        continue;
      }
      FormAssembler.Candidate candidate =
          new FormAssembler.Candidate(
              itemId,
              (Integer) row[1],
              covers(content.competencies(), parents),
              content.cognitiveLevel(),
              content.item().type(),
              content.expectedSecondsOrDefault(),
              c == null ? null : c.discrimination(),
              c == null ? null : c.difficulty(),
              c == null ? 0 : c.guessing(),
              c == null ? List.of() : c.thresholds(),
              new HashSet<>(content.enemies()));
      if (blueprint.content().stream().anyMatch(candidate::fits)) {
        eligible.add(candidate);
      }
    }
    // enemies are symmetric: either side may name the other
    Map<String, FormAssembler.Candidate> byId = new HashMap<>();
    eligible.forEach(c -> byId.put(c.itemId(), c));
    for (FormAssembler.Candidate c : eligible) {
      for (String enemy : c.enemies()) {
        FormAssembler.Candidate other = byId.get(enemy);
        if (other != null) {
          other.enemies().add(c.itemId());
        }
      }
    }
    return eligible;
  }

  /** Every framework's nodes: framework → code → parent. */
  private Map<String, Map<String, String>> parents() {
    Map<String, Map<String, String>> parents = new HashMap<>();
    jdbc.query(
        "SELECT framework_id, code, parent FROM bank_framework_node",
        rs -> {
          parents
              .computeIfAbsent(rs.getString(1), f -> new HashMap<>())
              .put(rs.getString(2), rs.getString(3));
        });
    return parents;
  }

  /** The item's codes and every code above them, as {@code framework:code}. */
  private static Set<String> covers(
      List<CompetencyRef> codes, Map<String, Map<String, String>> parents) {
    Set<String> covers = new LinkedHashSet<>();
    for (CompetencyRef ref : codes) {
      Map<String, String> tree = parents.getOrDefault(ref.frameworkId(), Map.of());
      String code = ref.code();
      for (int depth = 0; code != null && depth < 64; depth++) {
        covers.add(ref.frameworkId() + ":" + code);
        code = tree.get(code);
      }
    }
    return covers;
  }
}
