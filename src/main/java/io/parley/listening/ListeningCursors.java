package io.parley.listening;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Where each channel account's public timeline was read up to. */
@Repository
class ListeningCursors {

  private final JdbcClient jdbc;
  private final Clock clock;

  ListeningCursors(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Optional<String> cursor(long channelAccountId) {
    return jdbc.sql("select cursor_value from listening_cursors where channel_account_id = ?")
        .param(channelAccountId)
        .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
        .optional()
        .flatMap(o -> o);
  }

  void advance(long channelAccountId, String cursor) {
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        jdbc.sql(
                "update listening_cursors set cursor_value = ?, updated_at = ?"
                    + " where channel_account_id = ?")
            .params(cursor, now, channelAccountId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into listening_cursors (channel_account_id, cursor_value, updated_at)"
                  + " values (?, ?, ?)")
          .params(channelAccountId, cursor, now)
          .update();
    }
  }
}
