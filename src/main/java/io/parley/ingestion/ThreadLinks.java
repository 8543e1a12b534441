package io.parley.ingestion;

import io.parley.shared.Network;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Which conversation an external id belongs to, for stored messages and for parents not seen yet.
 * Keys are namespaced: a message id as is, a DM thread as {@code dm:<id>}.
 */
@Repository
class ThreadLinks {

  private final JdbcClient jdbc;

  ThreadLinks(JdbcClient jdbc) {
    this.jdbc = jdbc;
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
