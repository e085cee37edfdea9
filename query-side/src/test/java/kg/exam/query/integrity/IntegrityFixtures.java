package kg.exam.query.integrity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.scoring.integrity.IntegritySimulation;

/**
 * A session for the integrity analyses as events: 240 honest candidates simulated by scoring-core's
 * {@link IntegritySimulation} (20 four-option items, 8 exam stations of 30), each registered,
 * started on its station, answering item by item with the simulated times and revisions, handed in
 * and scored; and three planted leads in the first station: {@link #COPIER} gives every answer of
 * {@link #SOURCE}; {@link #TAMPERED} had its first 16 answers changed from wrong to right after the
 * paper; {@link #FAST} answered its first 5 items in 3 seconds each.
 */
public final class IntegrityFixtures {
  public static final String SOURCE = "sit-000";
  public static final String COPIER = "sit-001";
  public static final String TAMPERED = "sit-002";
  public static final String FAST = "sit-003";
  public static final int CANDIDATES = 240;
  public static final int ITEMS = 20;

  /** Where the events go: the projections, directly or through Kafka. */
  @FunctionalInterface
  public interface Events {
    void apply(String aggregate, long sequence, Object event, Instant at);
  }

  private IntegrityFixtures() {}

  /** Publishes the exam, opens the session at {@code centre} and records every sitting. */
  public static void session(Events events, String session, String centre, Instant opens) {
    String exam = "exam-" + session;
    IntegritySimulation.Simulated sim =
        IntegritySimulation.simulate(
            IntegritySimulation.Settings.honest(CANDIDATES, 30, ITEMS, 23));
    int[] key = sim.key();
    List<ItemDefinition> items = new ArrayList<>();
    List<String> itemIds = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      String id = "q" + (i + 1);
      itemIds.add(id);
      items.add(
          new ItemDefinition(
              id,
              "s1",
              "SINGLE_CHOICE",
              1,
              1,
              "Item " + (i + 1),
              List.of(
                  new Choice("A", "a"),
                  new Choice("B", "b"),
                  new Choice("C", "c"),
                  new Choice("D", "d")),
              List.of(),
              ItemKey.matchCorrect(List.of(option(key[i])))));
    }
    ExamContent content =
        new ExamContent(
            "Integrity",
            "mathematics",
            9,
            "ky",
            60,
            List.of(new SectionDefinition("s1", "One")),
            items,
            new ScoringRules(50, List.of(), null));
    events.apply(exam, 0, new ExamPublished(exam, 1, 1, content, "author"), opens);
    events.apply(
        session,
        0,
        new ExamSessionOpened(
            session, exam, 1, centre, null, opens, opens.plus(Duration.ofHours(3)), "admin"),
        opens);
    for (int j = 0; j < CANDIDATES; j++) {
      int[] first = sim.cohort().responses()[j].clone();
      int[] last = sim.cohort().responses()[j].clone();
      double[] seconds = sim.cohort().seconds()[j].clone();
      for (int i = 0; i < ITEMS; i++) {
        if (sim.cohort().changes()[j][i] != 0) {
          first[i] = (last[i] + 1) % 4; // a revised item's first answer differs from its last
        }
      }
      if (j == 1) {
        first = sim.cohort().responses()[0].clone();
        last = first.clone();
      }
      if (j == 2) {
        for (int i = 0; i < 16; i++) {
          first[i] = (key[i] + 1) % 4;
          last[i] = key[i];
        }
      }
      if (j == 3) {
        for (int i = 0; i < 5; i++) {
          seconds[i] = 3;
        }
      }
      sitting(events, session, exam, j, itemIds, key, first, last, seconds, opens);
    }
  }

  private static void sitting(
      Events events,
      String session,
      String exam,
      int j,
      List<String> itemIds,
      int[] key,
      int[] first,
      int[] last,
      double[] seconds,
      Instant opens) {
    String id = String.format("sit-%03d", j);
    String station = "station-" + (j / 30);
    Instant start = opens.plusSeconds(60);
    long seq = 0;
    events.apply(
        id,
        seq++,
        new CandidateRegistered(
            id,
            session,
            exam,
            1,
            "centre",
            "cand-" + id,
            new CandidateProfile(
                "CHUY", "chuy-sokuluk", "school-" + (j / 60), "RURAL", "ky", "F", 9),
            0,
            "admin"),
        opens);
    events.apply(
        id,
        seq++,
        new SittingStarted(
            id, start, start.plus(Duration.ofHours(2)), 7_200_000L, itemIds, start, station),
        start);
    Instant t = start;
    List<Integer> revised = new ArrayList<>();
    long clientSeq = 0;
    for (int i = 0; i < ITEMS; i++) {
      t = t.plusMillis(Math.round(seconds[i] * 1000));
      if (first[i] < 0) {
        continue;
      }
      seq = answer(events, id, seq, itemIds.get(i), first[i], ++clientSeq, t);
      if (last[i] != first[i]) {
        revised.add(i);
      }
    }
    for (int i : revised) {
      t = t.plusSeconds(20);
      seq = answer(events, id, seq, itemIds.get(i), last[i], ++clientSeq, t);
    }
    events.apply(id, seq++, new SittingSubmitted(id, t.plusSeconds(30)), t.plusSeconds(30));
    List<ItemScoreRecord> scores = new ArrayList<>();
    int right = 0;
    for (int i = 0; i < ITEMS; i++) {
      boolean correct = last[i] == key[i];
      right += correct ? 1 : 0;
      scores.add(
          new ItemScoreRecord(
              itemIds.get(i),
              correct ? 1 : 0,
              1,
              last[i] < 0 ? "UNANSWERED" : correct ? "CORRECT" : "INCORRECT"));
    }
    events.apply(
        id,
        seq,
        new SittingScored(
            id,
            exam,
            1,
            1,
            "test",
            scores,
            Map.of(),
            right,
            ITEMS,
            100.0 * right / ITEMS,
            right >= ITEMS / 2,
            3,
            false,
            false,
            null,
            t.plusSeconds(31)),
        t.plusSeconds(31));
  }

  private static long answer(
      Events events, String id, long seq, String item, int option, long clientSeq, Instant at) {
    events.apply(
        id,
        seq,
        new AnswerRecorded(
            id, item, List.of(option(option)), clientSeq, at, at.plusMillis(250), null, null, null),
        at.plusMillis(250));
    return seq + 1;
  }

  private static String option(int index) {
    return String.valueOf((char) ('A' + index));
  }
}
