package io.parley.shared;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One round over a table of durable deliveries ({@code id, state, attempts, next_attempt_at}):
 * every {@code PENDING} row that is due is claimed — its attempt counted and its next attempt
 * pushed a lease ahead, guarded by the attempt count, so two rounds or two nodes never both take it
 * — and then attempted. A crash between claim and outcome retries after the lease.
 */
public final class RetryRounds {

  /** Sends one claimed row; {@code attempt} is 1 for the first try. */
  @FunctionalInterface
  public interface Attempt {
    void run(long id, int attempt);
  }

  private RetryRounds() {}

  /**
   * Claims and attempts up to 50 due rows of {@code table} (a constant of the caller, never input).
   * Returns how many were attempted.
   */
  public static int deliverDue(
      JdbcClient jdbc, String table, Instant now, Duration lease, Attempt attempt) {
    List<long[]> due =
        jdbc.sql(
                "select id, attempts from "
                    + table
                    + " where state = 'PENDING' and next_attempt_at <= ?"
                    + " order by next_attempt_at, id limit 50")
            .param(Timestamp.from(now))
            .query((rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)})
            .list();
    int attempted = 0;
    for (long[] d : due) {
      boolean claimed =
          jdbc.sql(
                      "update "
                          + table
                          + " set attempts = attempts + 1, next_attempt_at = ?"
                          + " where id = ? and attempts = ? and state = 'PENDING'")
                  .params(Timestamp.from(now.plus(lease)), d[0], d[1])
                  .update()
              == 1;
      if (claimed) {
        attempt.run(d[0], (int) d[1] + 1);
        attempted++;
      }
    }
    return attempted;
  }
}
