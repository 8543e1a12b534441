package io.parley.triage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Labels people corrected: the message's badges change at once (its stored triage is overwritten
 * and marked corrected), and the correction is kept with the message text for the next training run
 * ({@code parley train --corrections FILE}, docs/triage.md). Routing is not run again: a message is
 * routed once, and a correction must not re-assign a conversation someone works on.
 */
@Service
public class TriageCorrections {

  private final JdbcClient jdbc;
  private final Clock clock;

  TriageCorrections(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A correction as exported for training. */
  public record Correction(
      long messageId, String text, Sentiment sentiment, Set<Intent> intents, Instant correctedAt) {}

  /**
   * Stores what the person says the message is. {@code intents} empty means none applies (shown as
   * no intent badge; {@link Intent#OTHER} is implied).
   *
   * @return false when the workspace has no such inbound message
   */
  @Transactional
  public boolean correct(
      long workspaceId, long messageId, long userId, Sentiment sentiment, Set<Intent> intents) {
    var text =
        jdbc.sql(
                "select text from messages where id = ? and workspace_id = ?"
                    + " and direction = 'IN'")
            .params(messageId, workspaceId)
            .query(String.class)
            .optional();
    if (text.isEmpty()) {
      return false;
    }
    Set<Intent> chosen = EnumSet.noneOf(Intent.class);
    chosen.addAll(intents);
    chosen.remove(Intent.OTHER);
    String labels = chosen.stream().map(Intent::label).collect(Collectors.joining(","));
    Timestamp now = Timestamp.from(clock.instant());
    int updated =
        jdbc.sql(
                "update triage_corrections set sentiment = ?, intents = ?, corrected_by = ?,"
                    + " corrected_at = ? where message_id = ?")
            .params(sentiment.label(), labels, userId, now, messageId)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into triage_corrections (message_id, workspace_id, text, sentiment, intents,"
                  + " corrected_by, corrected_at) values (?, ?, ?, ?, ?, ?, ?)")
          .params(messageId, workspaceId, text.get(), sentiment.label(), labels, userId, now)
          .update();
    }
    // the inbox shows the corrected labels from now on (a message never triaged keeps none)
    jdbc.sql(
            "update message_triage set sentiment = ?, intents = ?, corrected = true"
                + " where message_id = ?")
        .params(sentiment.label(), labels.isEmpty() ? Intent.OTHER.label() : labels, messageId)
        .update();
    return true;
  }

  /** Whether someone corrected the message's labels. */
  public boolean corrected(long messageId) {
    return jdbc.sql("select count(*) from triage_corrections where message_id = ?")
            .param(messageId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** The workspace's corrections, oldest first, for training. */
  public List<Correction> all(long workspaceId) {
    return jdbc.sql(
            "select message_id, text, sentiment, intents, corrected_at from triage_corrections"
                + " where workspace_id = ? order by corrected_at, message_id")
        .param(workspaceId)
        .query(
            (rs, n) -> {
              Set<Intent> intents = EnumSet.noneOf(Intent.class);
              for (String l : rs.getString("intents").split(",")) {
                if (!l.isBlank()) {
                  intents.add(Intent.of(l));
                }
              }
              return new Correction(
                  rs.getLong("message_id"),
                  rs.getString("text"),
                  Sentiment.of(rs.getString("sentiment")),
                  intents,
                  rs.getTimestamp("corrected_at").toInstant());
            })
        .list();
  }
}
