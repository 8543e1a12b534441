package io.parley.listening;

/**
 * A query that cannot be saved: a syntax error, or a query that would match almost every post.
 * {@link #position()} is 1-based (the first character is 1), 0 when the error is about the whole
 * query.
 */
public final class QuerySyntaxException extends IllegalArgumentException {

  private final int position;
  private final String problem;
  private final String hint;

  QuerySyntaxException(int position, String problem, String hint) {
    super(
        problem
            + (position > 0 ? " at " + position : "")
            + (hint == null || hint.isEmpty() ? "" : " (" + hint + ")"));
    this.position = position;
    this.problem = problem;
    this.hint = hint;
  }

  public int position() {
    return position;
  }

  /** What is wrong, e.g. {@code unbalanced parenthesis}. */
  public String problem() {
    return problem;
  }

  /** How to fix it, e.g. {@code add ')' or remove this '('}; may be empty. */
  public String hint() {
    return hint == null ? "" : hint;
  }
}
