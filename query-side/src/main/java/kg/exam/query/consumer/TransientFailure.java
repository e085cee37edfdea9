package kg.exam.query.consumer;

/**
 * A failure that retrying will cure (the database or Kafka is unreachable): the batch is not
 * committed and is read again after a pause; nothing is dead-lettered.
 */
final class TransientFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  TransientFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether {@code e} (or a cause) is a failure to reach the database rather than a bad event. */
  static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TransientFailure
          || t instanceof org.springframework.dao.TransientDataAccessException
          || t instanceof org.springframework.dao.DataAccessResourceFailureException
          || t instanceof org.springframework.dao.RecoverableDataAccessException
          || t instanceof org.springframework.transaction.CannotCreateTransactionException
          || t instanceof java.sql.SQLTransientException
          || t instanceof java.sql.SQLRecoverableException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception, 53: insufficient resources, 57: operator intervention
        // (shutdown), 40: transaction rollback (serialisation failure, deadlock)
        if (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57")
            || state.startsWith("40")) {
          return true;
        }
      }
    }
    return false;
  }
}
