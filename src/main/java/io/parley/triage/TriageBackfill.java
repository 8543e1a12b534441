package io.parley.triage;

import io.parley.ingestion.MessageReceived;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Catches up on inbound messages that have no triage yet: the listener's queue was full, the
 * process stopped between the ingest commit and triage, or the messages came in through {@code
 * parley import} (which runs without triage). Newest first, a bounded number per round; each goes
 * through the same idempotent {@link MessageTriage#handle}.
 */
class TriageBackfill {

  private static final Logger log = LoggerFactory.getLogger(TriageBackfill.class);

  private final JdbcClient jdbc;
  private final MessageTriage messageTriage;

  TriageBackfill(JdbcClient jdbc, MessageTriage messageTriage) {
    this.jdbc = jdbc;
    this.messageTriage = messageTriage;
  }

  /** Triages up to {@code limit} untriaged inbound messages; returns how many were stored. */
  int runOnce(int limit) {
    List<MessageReceived> missing =
        jdbc.sql(
                "select m.id, m.conversation_id, m.workspace_id from messages m"
                    + " left join message_triage t on t.message_id = m.id"
                    + " where t.message_id is null and m.direction = 'IN' and m.deleted = false"
                    + " order by m.id desc limit "
                    + Math.max(1, limit))
            .query(
                (rs, row) ->
                    new MessageReceived(
                        rs.getLong("id"),
                        rs.getLong("conversation_id"),
                        rs.getLong("workspace_id")))
            .list();
    int stored = 0;
    for (MessageReceived m : missing) {
      try {
        if (messageTriage.handle(m)) {
          stored++;
        }
      } catch (RuntimeException e) {
        log.warn("Backfill triage of message {} failed: {}", m.messageId(), e.toString());
      }
    }
    if (stored > 0) {
      log.info("Triaged {} earlier message(s) that had no triage", stored);
    }
    return stored;
  }
}
