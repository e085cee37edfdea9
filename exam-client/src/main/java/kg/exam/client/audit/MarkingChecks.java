package kg.exam.client.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.contract.appeal.AppealDecided;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.marking.MarkScript;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.scoring.marking.MarkResolution;
import kg.exam.scoring.marking.ResolutionRule;

/**
 * The human marking of one sitting's stream, checked event by event as the command side applied it:
 * each script is the candidate's latest answer to a human-marked item with that item's rubric;
 * rounds go to markers in order, one marker per script, the adjudication only to a disputed script;
 * each mark follows its key version's rubric and adds up; every dispute and final mark is what
 * {@link MarkResolution} gives for the marks before it. The final marks it collects are what a
 * later score must have used. Not thread-safe: one instance per sitting.
 */
final class MarkingChecks {

  /** A check failed: the field of the event at fault and why. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final String field;

    Refused(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  private static final class Script {
    final MarkingScript opened;
    final Map<Integer, String> markers = new HashMap<>();
    final Map<Integer, Double> totals = new HashMap<>();
    final Set<String> formerMarkers = new HashSet<>();
    boolean disputed;
    boolean resolved;

    Script(MarkingScript opened) {
      this.opened = opened;
    }
  }

  private final Map<String, Script> scripts = new HashMap<>();
  private final Map<String, Double> finalMarks = new HashMap<>();

  /** An appeal was lodged and not yet decided: its re-marks may come. */
  private boolean appealPending;

  private int remarks;

  /**
   * The outcome event the last mark makes due, which must come right after it (the command side
   * applies both in one command): {@code RESOLVED:<scriptId>}, {@code DISPUTED:<scriptId>}, or
   * null.
   */
  private String pending;

  String pending() {
    return pending;
  }

  void appealLodged() {
    appealPending = true;
    remarks = 0;
  }

  /** SCORE_CHANGED comes with re-marks; UPHELD and REJECTED with none. */
  void appealDecided(String outcome) throws Refused {
    if (!appealPending) {
      throw new Refused("appealId", "a decision without an open appeal");
    }
    boolean changed = "SCORE_CHANGED".equals(outcome);
    if (changed != (remarks > 0)
        || !(changed || "UPHELD".equals(outcome) || "REJECTED".equals(outcome))) {
      throw new Refused("outcome", outcome + " with " + remarks + " re-mark(s) before it");
    }
    appealPending = false;
  }

  /** Final rubric totals by item id, as of the events checked so far. */
  Map<String, Double> finalMarks() {
    return Map.copyOf(finalMarks);
  }

  void opened(
      ScriptsOpenedForMarking o,
      Map<String, Long> latestSeq,
      Map<Long, List<String>> answers,
      ExamContent content)
      throws Refused {
    if (!scripts.isEmpty()) {
      throw new Refused("scripts", "scripts were already opened for this sitting");
    }
    if (content == null) {
      throw new Refused("keyVersion", "the exam stream has no key version " + o.keyVersion());
    }
    Set<String> items = new HashSet<>();
    for (int i = 0; i < o.scripts().size(); i++) {
      MarkingScript s = o.scripts().get(i);
      String f = "scripts[" + i + "]";
      ItemDefinition item = item(content, s.itemId());
      if (item == null || !"EXTENDED_TEXT".equals(item.type())) {
        throw new Refused(f + ".itemId", "no human-marked item " + s.itemId() + " in the exam");
      }
      if (!items.add(s.itemId()) || scripts.containsKey(s.scriptId())) {
        throw new Refused(f + ".scriptId", "a second script of item " + s.itemId());
      }
      Long latest = latestSeq.get(s.itemId());
      if (latest == null
          || latest != s.answerClientSeq()
          || !answers.get(latest).equals(s.response())) {
        throw new Refused(
            f + ".response", "not the candidate's latest answer to item " + s.itemId());
      }
      if (Double.compare(s.rubricMax(), rubricMax(item)) != 0) {
        throw new Refused(
            f + ".rubricMax",
            "recorded " + s.rubricMax() + ", the item's rubric adds up to " + rubricMax(item));
      }
      if (s.marksRequired() < 1 || s.marksRequired() > 2 || !(s.tolerance() >= 0)) {
        throw new Refused(f + ".marksRequired", "marksRequired must be 1 or 2, tolerance >= 0");
      }
      try {
        ResolutionRule.valueOf(s.resolution());
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new Refused(f + ".resolution", "unknown resolution rule " + s.resolution());
      }
      scripts.put(s.scriptId(), new Script(s));
    }
  }

  void allocated(ScriptAllocated a) throws Refused {
    Script s = script(a.scriptId());
    if (s.resolved) {
      throw new Refused("scriptId", "the script already has its final mark");
    }
    if (s.markers.containsValue(a.markerId()) || s.formerMarkers.contains(a.markerId())) {
      throw new Refused("markerId", "the marker already holds or marked this script");
    }
    int expected = 0;
    if (s.disputed) {
      expected =
          s.markers.containsKey(ScriptAllocated.ADJUDICATION) ? 0 : ScriptAllocated.ADJUDICATION;
    } else {
      for (int r = s.opened.marksRequired(); r >= 1; r--) {
        if (!s.markers.containsKey(r)) {
          expected = r;
        }
      }
    }
    if (expected == 0 || a.round() != expected) {
      throw new Refused(
          "round",
          "round "
              + a.round()
              + " allocated; the script's next round is "
              + (expected == 0 ? "none" : expected));
    }
    s.markers.put(a.round(), a.markerId());
  }

  void marked(ScriptMarked m, ExamContent content) throws Refused {
    Script s = script(m.scriptId());
    if (m.round() == AppealDecided.REMARK_ROUND) {
      if (!appealPending || !s.resolved || s.totals.containsKey(m.round())) {
        throw new Refused("round", "a re-mark on appeal without an open appeal of a marked script");
      }
    } else if (!m.markerId().equals(s.markers.get(m.round())) || s.totals.containsKey(m.round())) {
      throw new Refused("round", "round " + m.round() + " is not held unmarked by " + m.markerId());
    }
    if (!m.itemId().equals(s.opened.itemId())) {
      throw new Refused("itemId", "the script is of item " + s.opened.itemId());
    }
    if (content == null) {
      throw new Refused("keyVersion", "the exam stream has no key version " + m.keyVersion());
    }
    ItemDefinition item = item(content, s.opened.itemId());
    List<RubricCriterion> rubric =
        item.key().rubric().isEmpty()
            ? List.of(new RubricCriterion(MarkScript.TOTAL, MarkScript.TOTAL, item.maxScore()))
            : item.key().rubric();
    if (m.criterionScores().size() != rubric.size()) {
      throw new Refused("criterionScores", "not one score per criterion of the rubric");
    }
    double total = 0;
    for (RubricCriterion c : rubric) {
      Double p = m.criterionScores().get(c.criterionId());
      if (p == null || !(p >= 0 && p <= c.maxPoints())) {
        throw new Refused(
            "criterionScores." + c.criterionId(), "missing or outside 0.." + c.maxPoints());
      }
      total += p;
    }
    if (Double.compare(total, m.total()) != 0) {
      throw new Refused("total", "recorded " + m.total() + ", the criteria add up to " + total);
    }
    s.totals.put(m.round(), m.total());
    if (m.round() == AppealDecided.REMARK_ROUND) {
      remarks++;
      pending = "RESOLVED:" + m.scriptId();
    } else {
      MarkResolution.Outcome outcome = resolution(s);
      pending =
          outcome.state() == MarkResolution.State.RESOLVED
              ? "RESOLVED:" + m.scriptId()
              : outcome.state() == MarkResolution.State.DISPUTED && !s.disputed
                  ? "DISPUTED:" + m.scriptId()
                  : null;
    }
  }

  /**
   * A round taken back from a stopped marker: only of an unresolved script, with its mark if any.
   */
  void released(ScriptRoundReleased r) throws Refused {
    Script s = script(r.scriptId());
    if (s.resolved) {
      throw new Refused("scriptId", "a round of a script that has its final mark");
    }
    if (!r.markerId().equals(s.markers.get(r.round()))
        || r.markVoided() != s.totals.containsKey(r.round())) {
      throw new Refused(
          "round", "round " + r.round() + " is not held by " + r.markerId() + " as stated");
    }
    s.markers.remove(r.round());
    s.totals.remove(r.round());
    if (r.round() < ScriptAllocated.ADJUDICATION) {
      s.formerMarkers.add(r.markerId());
      s.disputed = false;
    }
  }

  void disputed(ScriptDisputed d) throws Refused {
    Script s = script(d.scriptId());
    if (!("DISPUTED:" + d.scriptId()).equals(pending)
        || resolution(s).state() != MarkResolution.State.DISPUTED
        || s.disputed) {
      throw new Refused("scriptId", "the marks before it do not dispute the script");
    }
    if (!d.itemId().equals(s.opened.itemId())
        || Double.compare(d.firstTotal(), s.totals.get(1)) != 0
        || Double.compare(d.secondTotal(), s.totals.get(2)) != 0
        || Double.compare(d.tolerance(), s.opened.tolerance()) != 0) {
      throw new Refused("firstTotal", "not the two marks and the tolerance recorded before it");
    }
    s.disputed = true;
    pending = null;
  }

  void resolved(ScriptResolved r) throws Refused {
    Script s = script(r.scriptId());
    if (!("RESOLVED:" + r.scriptId()).equals(pending) || !r.itemId().equals(s.opened.itemId())) {
      throw new Refused("scriptId", "no mark just before it resolves this script");
    }
    if ("APPEAL".equals(r.basis())) {
      Double remark = s.totals.get(AppealDecided.REMARK_ROUND);
      if (!appealPending || remark == null || Double.compare(remark, r.total()) != 0) {
        throw new Refused("total", "not the re-mark on appeal recorded before it");
      }
      finalMarks.put(s.opened.itemId(), r.total());
      pending = null;
      return;
    }
    MarkResolution.Outcome outcome = resolution(s);
    if (s.resolved || outcome.state() != MarkResolution.State.RESOLVED) {
      throw new Refused("scriptId", "the marks before it give no final mark");
    }
    if (Double.compare(outcome.total(), r.total()) != 0 || !outcome.basis().equals(r.basis())) {
      throw new Refused(
          "total",
          "recorded "
              + r.total()
              + " ("
              + r.basis()
              + "), the marks give "
              + outcome.total()
              + " ("
              + outcome.basis()
              + ")");
    }
    s.resolved = true;
    finalMarks.put(s.opened.itemId(), r.total());
    pending = null;
  }

  private static MarkResolution.Outcome resolution(Script s) throws Refused {
    try {
      return MarkResolution.resolve(
          s.opened.marksRequired(),
          s.opened.tolerance(),
          ResolutionRule.valueOf(s.opened.resolution()),
          s.totals.get(1),
          s.totals.get(2),
          s.totals.get(ScriptAllocated.ADJUDICATION));
    } catch (IllegalArgumentException e) {
      throw new Refused("round", e.getMessage());
    }
  }

  private Script script(String scriptId) throws Refused {
    Script s = scripts.get(scriptId);
    if (s == null) {
      throw new Refused("scriptId", "no script " + scriptId + " was opened in this stream");
    }
    return s;
  }

  private static ItemDefinition item(ExamContent content, String itemId) {
    return content.items().stream().filter(i -> i.itemId().equals(itemId)).findFirst().orElse(null);
  }

  private static double rubricMax(ItemDefinition item) {
    if (item.key().rubric().isEmpty()) {
      return item.maxScore();
    }
    double max = 0;
    for (RubricCriterion c : item.key().rubric()) {
      max += c.maxPoints();
    }
    return max;
  }
}
