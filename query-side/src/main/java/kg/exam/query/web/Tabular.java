package kg.exam.query.web;

import java.util.List;

/**
 * A response that is a table: with {@code ?format=csv} or {@code Accept: text/csv} its {@link
 * #csvRows()} are written as CSV, one column per record component (nested lists and records left
 * out).
 */
public interface Tabular {
  /** The rows, records of one type. */
  List<?> csvRows();
}
