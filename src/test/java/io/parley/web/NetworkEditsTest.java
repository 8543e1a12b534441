package io.parley.web;

import static io.parley.testing.ReplayServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Message;
import io.parley.ingestion.ConnectorPoller;
import io.parley.shared.Network;
import io.parley.testing.ReplayServer;
import io.parley.testing.ReplayServer.Reply;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A status edited on Mastodon (an {@code update} notification, documented since Mastodon 4.0) is
 * reflected in the thread: new text, marked edited, the old text in the message's history. Against
 * a local server replaying the documented Status entity: snac sends no {@code update}
 * notifications.
 */
class NetworkEditsTest extends WebTestSupport {

  @Autowired ChannelAccounts accounts;
  @Autowired io.parley.channels.Connectors connectors;
  @Autowired ConnectorPoller poller;
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void aStatusEditedOnMastodonShowsItsNewTextAndKeepsTheOldInHistoryAgainstFixtureReplay()
      throws Exception {
    try (ReplayServer server = new ReplayServer()) {
      ObjectNode status = (ObjectNode) json.readTree(fixture("mastodon/entities/Status.json"));
      status.put("id", "edit-1").putNull("in_reply_to_id");
      status.put("content", "<p>Is the lantern waterproof?</p>");
      server.on(
          "GET",
          "/api/v1/notifications",
          Reply.json("[" + notification("7001", "mention", status) + "]"));
      Team team = team();
      ChannelAccount account = mastodonOn(server, team, "t");
      var mastodon = connectors.find(Network.MASTODON).orElseThrow();
      poller.poll(account, mastodon);

      ObjectNode edited = status.deepCopy();
      edited.put("content", "<p>Is the <b>blue</b> lantern waterproof?</p>");
      edited.put("edited_at", "2026-11-23T12:05:00.000Z");
      server.on(
          "GET",
          "/api/v1/notifications",
          Reply.json("[" + notification("7002", "update", edited) + "]"));
      poller.poll(account, mastodon);

      var conversation =
          conversations
              .list(
                  new InboxFilter(
                      team.workspace().id(), null, null, InboxFilter.Assignment.ALL, 0, null, 50))
              .stream()
              .filter(c -> c.messageCount() > 0 && c.channelAccountId() == account.id())
              .findFirst()
              .orElseThrow();
      assertThat(conversation.messageCount()).as("an edit is not a new message").isEqualTo(1);
      Message message = conversations.messages(conversation.id()).getFirst();
      assertThat(message.text()).isEqualTo("Is the blue lantern waterproof?");
      assertThat(message.edited()).isTrue();
      assertThat(conversations.revisions(message.id()))
          .extracting(r -> r.oldText())
          .containsExactly("Is the lantern waterproof?");

      SignedIn admin =
          SignedIn.of(
                  users.create(
                      team.workspace().id(),
                      "admin-" + conversation.id() + "@example.test",
                      "Ann Admin",
                      passwords.encode(PASSWORD),
                      Role.ADMIN))
              .withoutPassword();
      String thread =
          mvc.perform(get("/conversations/" + conversation.id()).with(user(admin)))
              .andExpect(status().isOk())
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(thread)
          .contains("Is the blue lantern waterproof?")
          .contains("Edited · show earlier versions");
      String history =
          mvc.perform(
                  get("/conversations/"
                          + conversation.id()
                          + "/messages/"
                          + message.id()
                          + "/history")
                      .with(user(admin)))
              .andExpect(status().isOk())
              .andReturn()
              .getResponse()
              .getContentAsString();
      assertThat(history).contains("Is the lantern waterproof?");
      accounts.setEnabled(account.id(), false);
    }
  }

  private String notification(String id, String type, ObjectNode status) {
    return json.createObjectNode()
        .put("id", id)
        .put("type", type)
        .put("created_at", "2026-11-23T12:00:00.000Z")
        .set("status", status)
        .toString();
  }
}
