package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.channels.ChannelAccount;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.InboxFilter;
import io.parley.shared.Network;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contact panel beside a thread: the person's identities, the other conversations with them
 * that the viewer may see (and no others), notes and tags kept across conversations, hostile text
 * escaped, and the rights of viewers and other teams.
 */
class ContactPanelTest extends WebTestSupport {

  @org.springframework.beans.factory.annotation.Autowired
  io.parley.channels.ChannelAccounts accounts;

  private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>";

  @Test
  void showsThePersonTheirOtherVisibleConversationsAndWhatTheTeamNoted() throws Exception {
    Team team = team();
    String author = "cust-" + UUID.randomUUID();
    Conversation current = mention(team.account(), author, "Where is my lantern?");
    Conversation earlier = mention(team.account(), author, "Loved the blue tent!");
    // the same person wrote to another X account of the brand that the team has not been granted
    ChannelAccount foreign =
        accounts.add(
            team.workspace().id(),
            Network.X,
            "brand_sales",
            "The Brand Sales",
            "brand-sales-id",
            "http://127.0.0.1:1",
            java.util.Map.of());
    Conversation hidden = mention(foreign, author, "Secret sales question");
    Conversation stranger = mention(team.account(), "other-" + UUID.randomUUID(), "Someone else");

    String panel = panel(team.me(), current.id());

    assertThat(panel)
        .contains("Cara Customer")
        .contains("@cara_handle")
        .contains("42 followers")
        .contains("Loved the blue tent!")
        .contains("href=\"/conversations/" + earlier.id() + "\"")
        .doesNotContain("Secret sales question")
        .doesNotContain("/conversations/" + hidden.id() + "\"")
        .doesNotContain("Someone else")
        .doesNotContain("/conversations/" + stranger.id() + "\"")
        .doesNotContain("Where is my lantern?")
        .contains("No notes yet.");

    note(team, current.id(), "Prefers DMs " + HOSTILE).andExpect(status().isOk());
    tag(team, current.id(), "add", "#VIP").andExpect(status().isOk());
    tag(team, current.id(), "add", "vip").andExpect(status().isOk());

    // notes and tags belong to the person: they show in the other conversation's panel too
    String other = panel(team.me(), earlier.id());
    assertThat(other)
        .contains(
            "Prefers DMs &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;")
        .doesNotContain("<script>alert(1)")
        .doesNotContain("<img src=x")
        .contains("Ada Agent")
        .containsOnlyOnce("#vip");
    tag(team, current.id(), "remove", "vip").andExpect(status().isOk());
    assertThat(panel(team.me(), earlier.id())).doesNotContain("#vip").contains("None yet");

    // an admin sees the conversation on the other account as well
    User admin =
        users.create(
            team.workspace().id(),
            "admin-" + UUID.randomUUID() + "@example.test",
            "Ann Admin",
            passwords.encode(PASSWORD),
            Role.ADMIN);
    assertThat(panel(SignedIn.of(admin).withoutPassword(), current.id()))
        .contains("Secret sales question");
  }

  @Test
  void badNotesAndTagsAreRefusedWithAReasonAndViewersAndOtherTeamsCannotChangeAnything()
      throws Exception {
    Team team = team();
    Conversation c = mention(team.account(), "cust-" + UUID.randomUUID(), "Hello");

    String empty =
        note(team, c.id(), "   ")
            .andExpect(status().isUnprocessableContent())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(empty).contains("A note needs some text");
    assertThat(
            note(team, c.id(), "x".repeat(4001))
                .andExpect(status().isUnprocessableContent())
                .andReturn()
                .getResponse()
                .getContentAsString())
        .contains("at most 4000 characters");
    tag(team, c.id(), "add", "x".repeat(65)).andExpect(status().isUnprocessableContent());
    assertThat(panel(team.me(), c.id())).contains("No notes yet.").contains("None yet");

    User viewer =
        users.create(
            team.workspace().id(),
            "viewer-" + UUID.randomUUID() + "@example.test",
            "Vic Viewer",
            passwords.encode(PASSWORD),
            Role.VIEWER);
    joinTeamOf(team, viewer);
    SignedIn vic = SignedIn.of(viewer).withoutPassword();
    assertThat(panel(vic, c.id())).contains("No notes yet.").doesNotContain("contact-note-form");
    mvc.perform(
            post("/conversations/" + c.id() + "/contact/notes")
                .param("text", "viewer note")
                .with(user(vic))
                .with(csrf())
                .header("HX-Request", "true"))
        .andExpect(status().isForbidden());

    Team otherTeam = team();
    mvc.perform(get("/conversations/" + c.id() + "/contact").with(user(otherTeam.me())))
        .andExpect(status().isNotFound());
    mvc.perform(
            post("/conversations/" + c.id() + "/contact/notes")
                .param("text", "snooping")
                .with(user(otherTeam.me()))
                .with(csrf())
                .header("HX-Request", "true"))
        .andExpect(status().isNotFound());
    assertThat(panel(team.me(), c.id())).contains("No notes yet.");
  }

  private String panel(SignedIn me, long conversationId) throws Exception {
    return mvc.perform(get("/conversations/" + conversationId + "/contact").with(user(me)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private org.springframework.test.web.servlet.ResultActions note(
      Team team, long conversationId, String text) throws Exception {
    return mvc.perform(
        post("/conversations/" + conversationId + "/contact/notes")
            .param("text", text)
            .with(user(team.me()))
            .with(csrf())
            .header("HX-Request", "true"));
  }

  private org.springframework.test.web.servlet.ResultActions tag(
      Team team, long conversationId, String op, String tag) throws Exception {
    return mvc.perform(
        post("/conversations/" + conversationId + "/contact/tags")
            .param("op", op)
            .param("tag", tag)
            .with(user(team.me()))
            .with(csrf())
            .header("HX-Request", "true"));
  }

  /** A top-level mention by the author with this network id, as its own conversation. */
  private Conversation mention(ChannelAccount account, String authorId, String text) {
    String id = UUID.randomUUID().toString();
    ingestion.ingest(
        account,
        List.of(
            new InboundItem(
                id,
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                new InboundItem.Author(authorId, "cara_handle", "Cara Customer", 42),
                false,
                text,
                null,
                Instant.now(),
                null,
                "{}")));
    return conversations
        .list(
            new InboxFilter(
                account.workspaceId(), null, null, InboxFilter.Assignment.ALL, 0, null, 500))
        .stream()
        .filter(c -> conversations.messages(c.id()).getFirst().externalId().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
