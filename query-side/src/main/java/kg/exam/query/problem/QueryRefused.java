package kg.exam.query.problem;

/** A refused query; becomes a problem document of {@link #type()}. */
public final class QueryRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ProblemType type;

  public QueryRefused(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  public ProblemType type() {
    return type;
  }
}
