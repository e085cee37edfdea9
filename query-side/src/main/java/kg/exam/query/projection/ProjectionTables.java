package kg.exam.query.projection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The projection tables as a whole: what a rebuild empties (dashboard accounts stay). */
@Component
public class ProjectionTables {
  /** Every table built from events, including the idempotency record that guards them. */
  static final String TABLES =
      "applied_sequence, exam_draft, exam_version, exam_item, exam_session, sitting,"
          + " sitting_answer, sitting_score, item_score, marking_script, marking_mark, marking_seed,"
          + " marking_seed_mark, marking_stop, survey_design, survey_school,"
          + " session_calibration, answer_event, bank_item_code, bank_item_approved,"
          + " framework_node";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  ProjectionTables(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** Empties every projection in one transaction, so a reader never sees half of them. */
  public void truncate() {
    transactions.executeWithoutResult(s -> jdbc.execute("TRUNCATE " + TABLES));
  }
}
