package kg.exam.command.sitting;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.IncidentReported;
import kg.exam.contract.sitting.ItemFlaggedForReview;
import kg.exam.contract.sitting.ItemReviewFlagCleared;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingResumed;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimeExtended;
import kg.exam.contract.sitting.SittingTimedOut;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/** Reads a sitting straight from its event stream: always exactly what was recorded. */
@Component
public class SittingHistory {
  private final EventStore events;
  private final Clock clock;

  SittingHistory(EventStore events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /** One stored event, for auditors. */
  public record StoredEvent(long sequence, String type, Instant timestamp, Object payload) {}

  public List<StoredEvent> events(String sittingId) {
    List<StoredEvent> list = new ArrayList<>();
    events
        .readEvents(sittingId)
        .asStream()
        .forEach(
            m ->
                list.add(
                    new StoredEvent(
                        m.getSequenceNumber(),
                        m.getPayloadType().getSimpleName(),
                        m.getTimestamp(),
                        m.getPayload())));
    return list;
  }

  public SittingView view(String sittingId) {
    Fold fold = new Fold();
    events
        .readEvents(sittingId)
        .asStream()
        .map(DomainEventMessage::getPayload)
        .forEach(fold::apply);
    Instant now = clock.instant();
    long remainingMs =
        switch (fold.status) {
          case "IN_PROGRESS" -> Math.max(0, Duration.between(now, fold.deadline).toMillis());
          case "PAUSED" -> fold.remainingWhilePaused;
          case "REGISTERED" -> -1;
          default -> 0;
        };
    Map<String, SittingView.CurrentAnswer> answers = new TreeMap<>();
    fold.answers.forEach((item, a) -> answers.put(item, a));
    return new SittingView(
        fold.registered.sittingId(),
        fold.registered.sessionId(),
        fold.registered.examId(),
        fold.registered.examVersion(),
        fold.registered.candidateId(),
        fold.status,
        fold.registered.extraTimePercent(),
        Accommodations.orNone(fold.registered.accommodations()),
        fold.startedAt,
        fold.deadline,
        remainingMs,
        now,
        fold.finishedAt,
        answers,
        List.copyOf(fold.flagged),
        fold.lastClientSeq,
        (int) answers.values().stream().filter(a -> !a.response().isEmpty()).count(),
        fold.result,
        List.copyOf(fold.incidents));
  }

  private static final class Fold {
    CandidateRegistered registered;
    String status = "REGISTERED";
    Instant startedAt;
    Instant deadline;
    Instant finishedAt;
    long remainingWhilePaused;
    long lastClientSeq;
    final Map<String, SittingView.CurrentAnswer> answers = new LinkedHashMap<>();
    final Set<String> flagged = new LinkedHashSet<>();
    SittingScored result;
    final List<SittingView.Incident> incidents = new ArrayList<>();

    void apply(Object event) {
      switch (event) {
        case CandidateRegistered e -> registered = e;
        case SittingStarted e -> {
          status = "IN_PROGRESS";
          startedAt = e.startedAt();
          deadline = e.deadline();
        }
        case AnswerRecorded e -> {
          lastClientSeq = Math.max(lastClientSeq, e.clientSeq());
          SittingView.CurrentAnswer previous = answers.get(e.itemId());
          int changes = previous == null ? 0 : previous.changes() + 1;
          if (previous == null || e.clientSeq() > previous.clientSeq()) {
            answers.put(
                e.itemId(),
                new SittingView.CurrentAnswer(
                    e.response(), e.clientSeq(), e.clientTimestamp(), e.recordedAt(), changes));
          } else {
            answers.put(
                e.itemId(),
                new SittingView.CurrentAnswer(
                    previous.response(),
                    previous.clientSeq(),
                    previous.clientTimestamp(),
                    previous.recordedAt(),
                    changes));
          }
        }
        case ItemFlaggedForReview e -> flagged.add(e.itemId());
        case ItemReviewFlagCleared e -> flagged.remove(e.itemId());
        case SittingPaused e -> {
          status = "PAUSED";
          remainingWhilePaused = e.remainingMs();
        }
        case SittingResumed e -> {
          status = "IN_PROGRESS";
          deadline = e.deadline();
        }
        case SittingTimeExtended e -> {
          if ("PAUSED".equals(status)) {
            remainingWhilePaused = e.remainingMs();
          } else {
            deadline = e.deadline();
          }
        }
        case SittingSubmitted e -> {
          status = "SUBMITTED";
          finishedAt = e.submittedAt();
        }
        case SittingTimedOut e -> {
          status = "TIMED_OUT";
          finishedAt = e.timedOutAt();
        }
        case SittingScored e -> result = e;
        case IncidentReported e ->
            incidents.add(
                new SittingView.Incident(
                    e.code(),
                    e.note(),
                    e.reportedBy(),
                    e.occurredAt(),
                    e.recordedAt(),
                    e.stationKeyId(),
                    e.stationSeq()));
        default -> {}
      }
    }
  }
}
