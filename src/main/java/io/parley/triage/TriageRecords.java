package io.parley.triage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code message_triage} table: one row per triaged message, written once by triage; a person's
 * correction ({@link TriageCorrections}) overwrites its labels.
 */
@Repository
public class TriageRecords {

  private static final String COLUMNS =
      "message_id, conversation_id, language, sentiment, sentiment_score, intents, urgency,"
          + " triaged_at, corrected";

  private final JdbcClient jdbc;

  TriageRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Whether the message has been triaged. */
  public boolean exists(long messageId) {
    return jdbc.sql("select count(*) from message_triage where message_id = ?")
            .param(messageId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** Stores the result; false (and nothing changed) when the message already has one. */
  boolean store(long messageId, long conversationId, long workspaceId, TriageResult r, Instant at) {
    if (exists(messageId)) {
      return false;
    }
    StringBuilder intents = new StringBuilder();
    for (Intent i : r.intents()) {
      intents.append(intents.isEmpty() ? "" : ",").append(i.label());
    }
    try {
      jdbc.sql(
              "insert into message_triage (message_id, workspace_id, conversation_id, language,"
                  + " language_confidence, sentiment, sentiment_score, lexicon_compound, intents,"
                  + " complaint_score, question_score, praise_score, purchase_intent_score,"
                  + " spam_score, urgency, triaged_at)"
                  + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .params(
              messageId,
              workspaceId,
              conversationId,
              r.language(),
              r.languageConfidence(),
              r.sentiment().label(),
              r.sentimentScore(),
              r.lexicon().compound(),
              intents.toString(),
              r.intentScores().get(Intent.COMPLAINT),
              r.intentScores().get(Intent.QUESTION),
              r.intentScores().get(Intent.PRAISE),
              r.intentScores().get(Intent.PURCHASE_INTENT),
              r.intentScores().get(Intent.SPAM),
              r.urgency(),
              OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return false; // a concurrent delivery of the same event won
    }
  }

  /** The stored triage of one message. */
  public Optional<StoredTriage> forMessage(long messageId) {
    return jdbc.sql("select " + COLUMNS + " from message_triage where message_id = ?")
        .param(messageId)
        .query(TriageRecords::map)
        .optional();
  }

  /** Stored triage by message id, for the given messages (missing ones are left out). */
  public Map<Long, StoredTriage> forMessages(Collection<Long> messageIds) {
    Map<Long, StoredTriage> out = new HashMap<>();
    if (messageIds.isEmpty()) {
      return out;
    }
    List<Long> ids = new ArrayList<>(messageIds);
    for (int from = 0; from < ids.size(); from += 500) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      jdbc.sql(
              "select "
                  + COLUMNS
                  + " from message_triage where message_id in ("
                  + placeholders(chunk.size())
                  + ")")
          .params(chunk.toArray())
          .query(TriageRecords::map)
          .list()
          .forEach(t -> out.put(t.messageId(), t));
    }
    return out;
  }

  /** The latest triaged inbound message of each conversation (by message id), for inbox badges. */
  public Map<Long, StoredTriage> latestForConversations(Collection<Long> conversationIds) {
    Map<Long, StoredTriage> out = new HashMap<>();
    if (conversationIds.isEmpty()) {
      return out;
    }
    List<Long> ids = new ArrayList<>(conversationIds);
    for (int from = 0; from < ids.size(); from += 500) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      jdbc.sql(
              "select "
                  + COLUMNS
                  + " from message_triage t where t.message_id in (select max(m.message_id)"
                  + " from message_triage m where m.conversation_id in ("
                  + placeholders(chunk.size())
                  + ") group by m.conversation_id)")
          .params(chunk.toArray())
          .query(TriageRecords::map)
          .list()
          .forEach(t -> out.put(t.conversationId(), t));
    }
    return out;
  }

  private static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  private static StoredTriage map(ResultSet rs, int row) throws SQLException {
    List<Intent> intents = new ArrayList<>();
    for (String label : rs.getString("intents").split(",")) {
      if (!label.isBlank()) {
        intents.add(Intent.of(label));
      }
    }
    return new StoredTriage(
        rs.getLong("message_id"),
        rs.getLong("conversation_id"),
        rs.getString("language"),
        Sentiment.of(rs.getString("sentiment")),
        rs.getDouble("sentiment_score"),
        List.copyOf(intents),
        rs.getInt("urgency"),
        rs.getObject("triaged_at", OffsetDateTime.class).toInstant(),
        rs.getBoolean("corrected"));
  }
}
