package kg.exam.command.maintenance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import kg.exam.command.appeal.AppealRecords;
import kg.exam.command.bank.BankRecords;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.marking.MarkingPlans;
import kg.exam.command.marking.MarkingRecords;
import kg.exam.command.session.OpenSessions;
import kg.exam.command.sitting.SittingRecords;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the command side's read tables ({@code exam_version}, {@code exam_session}, {@code
 * sitting}, the marking tables, the item bank's tables but its media) from the event store alone,
 * through the same event handlers that keep them current. One transaction: a failure leaves the old
 * tables as they were. Run it with the instances stopped (see {@link RebuildReadTablesRunner});
 * candidates' credentials, personal data and staff accounts are not derived from events and are
 * left alone.
 */
@Component
public class ReadTableRebuilder {
  private final EventStorageEngine events;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final List<AnnotationEventHandlerAdapter> projections;

  ReadTableRebuilder(
      EventStorageEngine events,
      JdbcTemplate jdbc,
      TransactionTemplate transactions,
      PublishedExams exams,
      OpenSessions sessions,
      SittingRecords sittings,
      MarkingPlans markingPlans,
      MarkingRecords marking,
      AppealRecords appeals,
      BankRecords bank) {
    this.events = events;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.projections =
        List.of(
            new AnnotationEventHandlerAdapter(exams),
            new AnnotationEventHandlerAdapter(sessions),
            new AnnotationEventHandlerAdapter(sittings),
            new AnnotationEventHandlerAdapter(markingPlans),
            new AnnotationEventHandlerAdapter(marking),
            new AnnotationEventHandlerAdapter(appeals),
            new AnnotationEventHandlerAdapter(bank));
  }

  /**
   * Replays every stored event into freshly emptied read tables; returns the number of events read.
   */
  public long rebuild() {
    Long count =
        transactions.execute(
            tx -> {
              jdbc.execute(
                  "TRUNCATE bank_assembly, bank_item_calibration, bank_item_use, bank_item_version, bank_item,"
                      + " bank_framework_node, bank_framework, appeal, marking_seed_mark, marking_seed, marking_stop, marking_round,"
                      + " marking_script, marking_plan, sitting, exam_session,"
                      + " exam_version");
              AtomicLong read = new AtomicLong();
              try (Stream<? extends TrackedEventMessage<?>> stream =
                  events.readEvents(null, false)) {
                stream.forEach(
                    event -> {
                      read.incrementAndGet();
                      for (AnnotationEventHandlerAdapter projection : projections) {
                        if (projection.canHandle(event)) {
                          try {
                            projection.handle(event);
                          } catch (Exception e) {
                            throw new IllegalStateException(
                                "rebuild failed at event " + event.getIdentifier(), e);
                          }
                        }
                      }
                    });
              }
              return read.get();
            });
    return count == null ? 0 : count;
  }
}
