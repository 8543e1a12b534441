package io.parley.ingestion;

import io.parley.shared.Network;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which conversation an external id belongs to, for stored messages and for parents not seen yet.
 * Keys are namespaced: a message id as is, a DM thread as {@code dm:<id>}.
 */
@Repository
class ThreadLinks {

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  ThreadLinks(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /** The links of one ingest batch: read in one query, new ones written in one JDBC batch. */
  Session session(long workspaceId, Network network, Collection<String> refs) {
    var session = new Session(workspaceId, network);
    List<String> all = List.copyOf(new LinkedHashSet<>(refs));
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      jdbc.sql(
              // joined with the array: an index lookup per ref (see Contacts#identities)
              "select t.ref, t.conversation_id from unnest(?) as x(ref) join thread_links t"
                  + " on t.workspace_id = ? and t.network = ? and t.ref = x.ref")
          .params(chunk.toArray(String[]::new), workspaceId, network.name())
          .query(
              (org.springframework.jdbc.core.RowCallbackHandler)
                  rs -> session.known.put(rs.getString(1), rs.getLong(2)));
      chunk.forEach(ref -> session.known.putIfAbsent(ref, null));
    }
    return session;
  }

  /**
   * A transaction's view of the links, kept equal to what the database would answer: refs read up
   * front are answered from memory, links made here are held until {@link #flush()} (before the
   * transaction commits), and a repoint is applied to both.
   */
  final class Session {

    private final long workspaceId;
    private final Network network;

    /** ref → conversation; a null value means "known to have no link". */
    private final Map<String, Long> known = new HashMap<>();

    private final Map<String, Long> pending = new LinkedHashMap<>();

    private Session(long workspaceId, Network network) {
      this.workspaceId = workspaceId;
      this.network = network;
    }

    Optional<Long> conversationOf(String ref) {
      if (known.containsKey(ref)) {
        return Optional.ofNullable(known.get(ref));
      }
      Optional<Long> stored = ThreadLinks.this.conversationOf(workspaceId, network, ref);
      known.put(ref, stored.orElse(null));
      return stored;
    }

    /** Links a ref this session knows to have no link yet. */
    void linkNew(String ref, long conversationId) {
      known.put(ref, conversationId);
      pending.put(ref, conversationId);
    }

    /**
     * Points the links of one conversation at another. A conversation opened in this transaction
     * has only links made in this session (held until the flush), so the database has none to move.
     */
    void repoint(long fromConversation, long toConversation, boolean openedHere) {
      if (!openedHere) {
        ThreadLinks.this.repoint(fromConversation, toConversation);
      }
      Long to = toConversation;
      known.replaceAll((ref, c) -> c != null && c == fromConversation ? to : c);
      pending.replaceAll((ref, c) -> c == fromConversation ? to : c);
    }

    /** Conversations of this transaction got stored ids (they were drafts, see IngestBatch). */
    void translate(Map<Long, Long> stored) {
      known.replaceAll((ref, c) -> c == null ? null : stored.getOrDefault(c, c));
      pending.replaceAll((ref, c) -> stored.getOrDefault(c, c));
    }

    void flush() {
      if (pending.isEmpty()) {
        return;
      }
      List<Object[]> rows = new ArrayList<>(pending.size());
      pending.forEach((ref, c) -> rows.add(new Object[] {workspaceId, network.name(), ref, c}));
      batches.batchUpdate(
          "insert into thread_links (workspace_id, network, ref, conversation_id)"
              + " values (?, ?, ?, ?)",
          rows);
      pending.clear();
    }
  }

  Optional<Long> conversationOf(long workspaceId, Network network, String ref) {
    return jdbc.sql(
            "select conversation_id from thread_links where workspace_id = ? and network = ? and"
                + " ref = ?")
        .params(workspaceId, network.name(), ref)
        .query(Long.class)
        .optional();
  }

  void link(long workspaceId, Network network, String ref, long conversationId) {
    int updated =
        jdbc.sql(
                "update thread_links set conversation_id = ? where workspace_id = ? and network = ?"
                    + " and ref = ?")
            .params(conversationId, workspaceId, network.name(), ref)
            .update();
    if (updated == 0) {
      jdbc.sql(
              "insert into thread_links (workspace_id, network, ref, conversation_id)"
                  + " values (?, ?, ?, ?)")
          .params(workspaceId, network.name(), ref, conversationId)
          .update();
    }
  }

  void repoint(long fromConversation, long toConversation) {
    jdbc.sql("update thread_links set conversation_id = ? where conversation_id = ?")
        .params(toConversation, fromConversation)
        .update();
  }
}
