package kg.exam.query.integrity;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.scoring.integrity.Cohort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a session's scored sittings into scoring-core's integrity {@link Cohort}, from the
 * projected answer events (every answer with its times), item scores and sittings.
 *
 * <ul>
 *   <li>An item's time is the gap between the sitting's previous answer and the item's first
 *       answer, on the capturing device's clock (the station's, else the server's when the device
 *       gave none): the order the candidate worked in, as the signed stream records it. The first
 *       answered item has no time (its start would be on another clock), and a time the clock
 *       cannot have (before 1970 or after 9999, as a device may send) is unknown.
 *   <li>Final answers are categories per item for the choice-type items (single and multiple
 *       choice, true/false, ordering, matching); an empty answer is none.
 *   <li>A change is a first non-empty answer different from the final non-empty one, on items with
 *       a single right answer; it is wrong-to-right when the final answer scored full marks.
 *   <li>The place is the exam station the sitting ran on, else its school.
 * </ul>
 */
final class IntegrityCohorts {
  private static final Set<String> CATEGORICAL =
      Set.of("SINGLE_CHOICE", "MULTIPLE_RESPONSE", "TRUE_FALSE", "ORDERING", "MATCHING");
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final long UNKNOWN = Long.MIN_VALUE;
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private IntegrityCohorts() {}

  /** A session as analysed: who is who in the cohort's indexes. */
  record Loaded(
      Session session,
      List<String> sittingIds,
      List<String> itemIds,
      List<String> places,
      Cohort cohort) {}

  /** The session's exam form and centre. */
  record Session(String sessionId, String examId, int examVersion, String centreId) {}

  static Session session(JdbcTemplate jdbc, String sessionId) {
    List<Session> found =
        jdbc.query(
            "SELECT session_id, exam_id, exam_version, centre_id FROM exam_session"
                + " WHERE session_id = ?",
            (rs, i) -> new Session(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)),
            sessionId);
    if (found.isEmpty()) {
      throw new QueryRefused(ProblemType.NOT_FOUND, "No session " + sessionId + " (yet).");
    }
    return found.getFirst();
  }

  /**
   * How far the session's scored sittings have got: a new score (a re-score after marking or an
   * appeal included), key version or answer of a scored sitting changes it. Answers of sittings
   * still in progress do not, as the analysis leaves them out.
   */
  static String fingerprint(JdbcTemplate jdbc, String sessionId) {
    return jdbc.queryForObject(
        "SELECT count(*) || '/' || coalesce(sum(s.answer_events), 0) || '/'"
            + " || coalesce(max(sc.key_version), 0) || '/' || coalesce(max(sc.scored_at)::text, '')"
            + " FROM sitting s JOIN sitting_score sc ON sc.sitting_id = s.sitting_id"
            + " WHERE s.session_id = ?",
        String.class,
        sessionId);
  }

  static Loaded load(JdbcTemplate jdbc, Session session) {
    List<String> itemIds = new ArrayList<>();
    List<Boolean> categorical = new ArrayList<>();
    List<Boolean> singleAnswer = new ArrayList<>();
    jdbc.query(
        "SELECT item_id, item_type, single_answer FROM exam_item WHERE exam_id = ? AND version = ?"
            + " ORDER BY position",
        rs -> {
          itemIds.add(rs.getString(1));
          categorical.add(CATEGORICAL.contains(rs.getString(2)));
          singleAnswer.add(rs.getBoolean(3));
        },
        session.examId(),
        session.examVersion());
    Map<String, Integer> itemIndex = index(itemIds);
    int items = itemIds.size();

    List<String> sittingIds = new ArrayList<>();
    List<Double> score = new ArrayList<>();
    List<String> placeOf = new ArrayList<>();
    List<long[]> window = new ArrayList<>();
    jdbc.query(
        "SELECT s.sitting_id, s.school_id, s.station_key_id, s.started_at,"
            + " coalesce(s.handed_in_at, s.deadline), sc.percentage FROM sitting s"
            + " JOIN sitting_score sc ON sc.sitting_id = s.sitting_id"
            + " WHERE s.session_id = ? AND sc.exam_id = ? AND sc.exam_version = ?"
            + " ORDER BY s.sitting_id",
        rs -> {
          sittingIds.add(rs.getString(1));
          String station = rs.getString(3);
          placeOf.add(station != null ? "station:" + station : "school:" + rs.getString(2));
          long start = millis(rs.getTimestamp(4), 0);
          window.add(new long[] {start, millis(rs.getTimestamp(5), start + 86_400_000L)});
          score.add(rs.getDouble(6));
        },
        session.sessionId(),
        session.examId(),
        session.examVersion());
    Map<String, Integer> sittingIndex = index(sittingIds);
    int n = sittingIds.size();
    Map<String, Integer> placeIndex = new LinkedHashMap<>();
    int[] place = new int[n];
    long[] start = new long[n];
    long[] end = new long[n];
    double[] percentage = new double[n];
    for (int j = 0; j < n; j++) {
      place[j] = placeIndex.computeIfAbsent(placeOf.get(j), k -> placeIndex.size());
      start[j] = window.get(j)[0];
      end[j] = window.get(j)[1];
      percentage[j] = score.get(j);
    }

    byte[][] correct = new byte[n][items];
    for (byte[] row : correct) {
      Arrays.fill(row, (byte) -1);
    }
    jdbc.query(
        "SELECT i.sitting_id, i.item_id, i.outcome FROM item_score i"
            + " JOIN sitting s ON s.sitting_id = i.sitting_id WHERE s.session_id = ?",
        rs -> {
          Integer j = sittingIndex.get(rs.getString(1));
          Integer i = itemIndex.get(rs.getString(2));
          String outcome = rs.getString(3);
          if (j != null && i != null && outcome != null && !outcome.equals("NEEDS_HUMAN_MARKING")) {
            correct[j][i] = (byte) (outcome.equals("CORRECT") ? 1 : 0);
          }
        },
        session.sessionId());

    int[][] responses = new int[n][items];
    byte[][] changes = new byte[n][items];
    double[][] seconds = new double[n][items];
    for (int j = 0; j < n; j++) {
      Arrays.fill(responses[j], -1);
      Arrays.fill(seconds[j], Double.NaN);
    }
    List<Map<String, Integer>> categories = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      categories.add(new HashMap<>());
    }
    Walk walk = new Walk(items);
    jdbc.query(
        "SELECT a.sitting_id, a.item_id, a.response,"
            + " coalesce(a.client_timestamp, a.station_time, a.recorded_at) FROM answer_event a"
            + " JOIN sitting s ON s.sitting_id = a.sitting_id WHERE s.session_id = ?"
            + " ORDER BY a.sitting_id, a.sequence",
        rs -> {
          Integer j = sittingIndex.get(rs.getString(1));
          if (j == null) {
            return; // not scored (yet)
          }
          if (j != walk.sitting) {
            walk.finish(responses, changes, correct, singleAnswer, categorical, categories);
            walk.begin(j);
          }
          Integer i = itemIndex.get(rs.getString(2));
          if (i != null) {
            walk.answer(i, rs.getString(3), millis(rs.getString(4)), seconds);
          }
        },
        session.sessionId());
    walk.finish(responses, changes, correct, singleAnswer, categorical, categories);
    Cohort cohort = new Cohort(responses, correct, changes, seconds, percentage, place, start, end);
    return new Loaded(session, sittingIds, itemIds, List.copyOf(placeIndex.keySet()), cohort);
  }

  /** The answers of one sitting, in stream order. */
  private static final class Walk {
    int sitting = -1;
    long previous = UNKNOWN;
    final String[] first;
    final String[] last;

    Walk(int items) {
      first = new String[items];
      last = new String[items];
    }

    void begin(int j) {
      sitting = j;
      previous = UNKNOWN;
      Arrays.fill(first, null);
      Arrays.fill(last, null);
    }

    void answer(int item, String response, long at, double[][] seconds) {
      if (first[item] == null && last[item] == null && previous != UNKNOWN && at != UNKNOWN) {
        double gap = (at - previous) / 1000.0;
        seconds[sitting][item] = gap > 0 ? gap : Double.NaN;
      }
      boolean empty = strings(response).isEmpty();
      if (!empty && first[item] == null) {
        first[item] = response;
      }
      last[item] = empty ? "" : response;
      previous = at;
    }

    void finish(
        int[][] responses,
        byte[][] changes,
        byte[][] correct,
        List<Boolean> singleAnswer,
        List<Boolean> categorical,
        List<Map<String, Integer>> categories) {
      if (sitting < 0) {
        return;
      }
      for (int i = 0; i < first.length; i++) {
        String finalAnswer = last[i];
        if (finalAnswer == null || finalAnswer.isEmpty()) {
          continue;
        }
        if (categorical.get(i)) {
          Map<String, Integer> seen = categories.get(i);
          responses[sitting][i] = seen.computeIfAbsent(finalAnswer, k -> seen.size());
        }
        if (singleAnswer.get(i) && first[i] != null && !first[i].equals(finalAnswer)) {
          changes[sitting][i] =
              correct[sitting][i] == 1 ? Cohort.WRONG_TO_RIGHT : Cohort.CHANGED_TO_WRONG;
        }
      }
    }
  }

  static List<String> strings(String json) {
    try {
      List<String> list = JSON.readValue(json, STRINGS);
      return list == null ? List.of() : list;
    } catch (JacksonException e) {
      return List.of();
    }
  }

  private static long millis(Timestamp t, long otherwise) {
    return t == null ? otherwise : t.getTime();
  }

  /** A signed time as stored (Instant text), or {@link #UNKNOWN} when absent or out of range. */
  private static long millis(String instant) {
    if (instant == null) {
      return UNKNOWN;
    }
    try {
      Instant t = Instant.parse(instant);
      return t.isBefore(Instant.EPOCH) || t.isAfter(LATEST) ? UNKNOWN : t.toEpochMilli();
    } catch (DateTimeException e) {
      return UNKNOWN;
    }
  }

  private static Map<String, Integer> index(List<String> ids) {
    Map<String, Integer> index = new HashMap<>();
    for (int k = 0; k < ids.size(); k++) {
      index.put(ids.get(k), k);
    }
    return index;
  }
}
