package io.parley.outbox;

import io.parley.conversations.ReplyQueued;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes the outbox row for a queued reply. A plain synchronous listener on purpose: it runs inside
 * the transaction that stored the reply, so the message and its delivery row commit together. The
 * idempotency key is born here and never changes, whatever happens to the delivery.
 */
@Component
class OutboxWriter {

  private final JdbcClient jdbc;
  private final Clock clock;

  OutboxWriter(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @EventListener
  void on(ReplyQueued queued) {
    Timestamp now = Timestamp.from(clock.instant());
    // Idempotent: a second ReplyQueued for the same message finds the row and adds nothing.
    int existing =
        jdbc.sql("select count(*) from outbox where message_id = ?")
            .param(queued.messageId())
            .query(Integer.class)
            .single();
    if (existing > 0) {
      return;
    }
    jdbc.sql(
            "insert into outbox (workspace_id, message_id, channel_account_id, idempotency_key,"
                + " state, attempts, next_attempt_at, created_at)"
                + " values (?, ?, ?, ?, 'PENDING', 0, ?, ?)")
        .params(
            queued.workspaceId(),
            queued.messageId(),
            queued.channelAccountId(),
            "parley-" + UUID.randomUUID(),
            now,
            now)
        .update();
  }
}
