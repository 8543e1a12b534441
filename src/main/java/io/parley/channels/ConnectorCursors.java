package io.parley.channels;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Durable fetch positions, one per channel account, plus the last success and error for the health
 * view. A cursor is saved in the same transaction as the items it covers.
 */
@Repository
public class ConnectorCursors {

  private final JdbcClient jdbc;
  private final Clock clock;

  ConnectorCursors(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  public Optional<String> cursor(long channelAccountId) {
    return jdbc.sql("select cursor_value from connector_cursors where channel_account_id = ?")
        .param(channelAccountId)
        .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
        .optional()
        .flatMap(o -> o);
  }

  public void advance(long channelAccountId, String cursor) {
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        jdbc.sql(
                "update connector_cursors set cursor_value = ?, last_success_at = ?, updated_at = ?"
                    + " where channel_account_id = ?")
            .params(cursor, now, now, channelAccountId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into connector_cursors (channel_account_id, cursor_value, last_success_at,"
                  + " updated_at) values (?, ?, ?, ?)")
          .params(channelAccountId, cursor, now, now)
          .update();
    }
  }

  public void recordError(long channelAccountId, String error) {
    Timestamp now = Timestamp.from(clock.instant());
    String reason = error == null ? "unknown error" : error;
    reason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    int updated =
        jdbc.sql(
                "update connector_cursors set last_error = ?, last_error_at = ?, updated_at = ?"
                    + " where channel_account_id = ?")
            .params(reason, now, now, channelAccountId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into connector_cursors (channel_account_id, last_error, last_error_at,"
                  + " updated_at) values (?, ?, ?, ?)")
          .params(channelAccountId, reason, now, now)
          .update();
    }
  }

  public Optional<Health> health(long channelAccountId) {
    return jdbc.sql(
            "select last_success_at, last_error, last_error_at from connector_cursors"
                + " where channel_account_id = ?")
        .param(channelAccountId)
        .query(
            (rs, row) ->
                new Health(
                    instant(rs.getTimestamp(1)), rs.getString(2), instant(rs.getTimestamp(3))))
        .optional();
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }

  /** The last good poll and the last error, if any. */
  public record Health(Instant lastSuccessAt, String lastError, Instant lastErrorAt) {}
}
