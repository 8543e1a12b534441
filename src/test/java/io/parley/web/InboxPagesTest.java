package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.Message;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The inbox pages: what they show, and what they refuse. */
class InboxPagesTest extends WebTestSupport {

  @org.springframework.beans.factory.annotation.Autowired
  org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @Test
  void theListFiltersByIntentAndSentimentAndKeepsTheFiltersInItsLinks() throws Exception {
    Team team = team();
    Conversation angry = conversation(team, "Cross Carl", "my tent leaks, awful");
    Conversation curious = conversation(team, "Curious Cleo", "do you ship to Spain?");
    jdbc.sql(
            "insert into message_triage (message_id, workspace_id, conversation_id, language,"
                + " language_confidence, sentiment, sentiment_score, lexicon_compound, intents,"
                + " complaint_score, question_score, praise_score, purchase_intent_score,"
                + " spam_score, urgency, triaged_at) values (?, ?, ?, 'en', 0.9, 'negative', 0.8,"
                + " -0.6, 'complaint', 0.9, 0, 0, 0, 0, 80, ?)")
        .params(
            conversations.messages(angry.id()).getFirst().id(),
            team.workspace().id(),
            angry.id(),
            java.sql.Timestamp.from(Instant.now()))
        .update();

    String complaints =
        mvc.perform(get("/inbox").param("intent", "complaint").with(user(team.me())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(complaints)
        .contains("Cross Carl")
        .doesNotContain("Curious Cleo")
        .containsPattern("value=\"complaint\"\\s+selected=\"selected\"")
        .contains("intent=complaint");
    String list =
        mvc.perform(
                get("/inbox/list")
                    .param("sentiment", "negative")
                    .param("intent", "question")
                    .with(user(team.me())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(list).doesNotContain("Cross Carl").doesNotContain("Curious Cleo");
    assertThat(
            mvc.perform(get("/inbox").param("lang", "en").with(user(team.me())))
                .andReturn()
                .getResponse()
                .getContentAsString())
        .contains("Cross Carl")
        .doesNotContain("Curious Cleo")
        .containsPattern("value=\"en\"\\s+selected=\"selected\"");
    // an unknown value (a stale link) is ignored, not an error
    assertThat(
            mvc.perform(get("/inbox").param("intent", "<script>").with(user(team.me())))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString())
        .contains("Cross Carl")
        .contains("Curious Cleo");
  }

  @Test
  void hostileTextFromANetworkIsShownEscapedNeverAsMarkup() throws Exception {
    Team team = team();
    // 100 KB, the most Parley stores for one message.
    String big = "<i>" + "A".repeat(99_993) + "</i>";
    String text =
        "<script>alert('x')</script> <img src=x onerror=alert(1)> "
            + "<a href=\"javascript:alert(2)\">click</a> \u202Egnp.exe zero\u200Dwidth "
            + "\" onmouseover=\"alert(3)";
    Conversation c = conversation(team, "<b>Mallory</b>\u202E", text);

    String list = html(get("/inbox"), team);
    String thread = html(get("/conversations/{id}", c.id()), team);
    for (String html : List.of(list, thread)) {
      assertThat(html)
          .doesNotContain("<script>alert")
          .doesNotContain("<img src=x")
          .doesNotContain("<a href=\"javascript:")
          .doesNotContain("<b>Mallory</b>")
          .doesNotContain("\" onmouseover=\"alert(3)")
          .contains("&lt;b&gt;Mallory&lt;/b&gt;");
    }
    assertThat(thread)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;")
        .contains("\u202Egnp.exe", "zero\u200Dwidth")
        .contains("<bdi class=\"name\">&lt;b&gt;Mallory&lt;/b&gt;\u202E</bdi>");
    String bigThread =
        html(get("/conversations/{id}", conversation(team, "Big Sender", big).id()), team);
    assertThat(bigThread)
        .contains("&lt;i&gt;" + "A".repeat(99_993) + "&lt;/i&gt;")
        .doesNotContain("<i>A");
  }

  @Test
  void aReplyIsQueuedAndShownInTheThread() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Rosa Díaz", "Where is my order?");
    String fragment =
        mvc.perform(
                htmxPost(team, "/conversations/{id}/replies", c.id(), "text", "On its way, Rosa!"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(fragment).contains("id=\"thread-messages\"", "On its way, Rosa!", "Queued");
    Message reply = conversations.messages(c.id()).getLast();
    assertThat(reply.text()).isEqualTo("On its way, Rosa!");
    assertThat(reply.deliveryState()).isEqualTo(DeliveryState.QUEUED);
    assertThat(reply.sentByUserId()).isEqualTo(team.user().id());
  }

  @Test
  void emptyAndTooLongRepliesAreRefusedWithAReasonAndNothingIsStored() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Sam", "hello?");
    var empty =
        mvc.perform(htmxPost(team, "/conversations/{id}/replies", c.id(), "text", "   "))
            .andExpect(status().isUnprocessableContent())
            .andExpect(header().string("HX-Retarget", "#reply-error"))
            .andReturn();
    assertThat(empty.getResponse().getContentAsString()).contains("Write a reply before sending.");
    String tooLong = "é".repeat(X_LIMIT + 1);
    var longResult =
        mvc.perform(htmxPost(team, "/conversations/{id}/replies", c.id(), "text", tooLong))
            .andExpect(status().isUnprocessableContent())
            .andReturn();
    assertThat(longResult.getResponse().getContentAsString())
        .contains("281 characters", "X allows at most 280");
    // Exactly at the limit is fine (code points, not UTF-8 bytes).
    mvc.perform(htmxPost(team, "/conversations/{id}/replies", c.id(), "text", "é".repeat(X_LIMIT)))
        .andExpect(status().isOk());
    assertThat(conversations.messages(c.id())).hasSize(2);
  }

  @Test
  void theThreadShowsTheCounterLimitFromTheConnector() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Kim", "hi");
    assertThat(html(get("/conversations/{id}", c.id()), team))
        .contains("data-max=\"280\"", "0 / 280");
  }

  @Test
  void statusAndAssigneeChangeAndTellTheListToRefresh() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Lee", "please help");
    mvc.perform(htmxPost(team, "/conversations/{id}/assignee", c.id(), "to", "me"))
        .andExpect(status().isOk())
        .andExpect(header().string("HX-Trigger", InboxController.INBOX_CHANGED));
    String header =
        mvc.perform(htmxPost(team, "/conversations/{id}/status", c.id(), "status", "RESOLVED"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(header).contains("Assigned to Ada Agent", "Unassign");
    Conversation after = conversations.byId(team.workspace().id(), c.id()).orElseThrow();
    assertThat(after.status()).isEqualTo(ConversationStatus.RESOLVED);
    assertThat(after.assigneeId()).isEqualTo(team.user().id());
    assertThat(html(get("/inbox").param("status", "open"), team)).doesNotContain("please help");
    assertThat(html(get("/inbox").param("status", "resolved").param("assigned", "mine"), team))
        .contains("please help");
  }

  @Test
  void pollingAnswersNoContentWhileNothingChanged() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Poll", "first");
    String page = html(get("/inbox"), team);
    String version = page.replaceAll("(?s).*/inbox/list\\?[^\"]*v=([0-9a-f-]+)\".*", "$1");
    mvc.perform(
            get("/inbox/list")
                .param("status", "open")
                .param("assigned", "all")
                .param("v", version)
                .with(user(team.me())))
        .andExpect(status().isNoContent());
    conversation(team, "Newcomer", "second");
    String list =
        mvc.perform(
                get("/inbox/list")
                    .param("status", "open")
                    .param("assigned", "all")
                    .param("v", version)
                    .with(user(team.me())))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(list).contains("Newcomer", "hx-swap-oob");
    assertThat(c.id()).isPositive();
  }

  @Test
  void editedAndDeletedMessagesShowMarkersAndEarlierVersions() throws Exception {
    Team team = team();
    Instant t = Instant.now().minusSeconds(600);
    var author = new InboundItem.Author("a-1", "edith", "Edith", 3);
    ingestion.ingest(
        team.account(),
        List.of(
            new InboundItem(
                "e1",
                InboundItem.Change.CREATED,
                InboundItem.Kind.MENTION,
                null,
                null,
                author,
                false,
                "first wording",
                null,
                t,
                null,
                "{}"),
            new InboundItem(
                "e2",
                InboundItem.Change.CREATED,
                InboundItem.Kind.REPLY,
                "e1",
                null,
                author,
                false,
                "regrettable words",
                null,
                t.plusSeconds(5),
                null,
                "{}")));
    ingestion.ingest(
        team.account(),
        List.of(
            new InboundItem(
                "e1",
                InboundItem.Change.EDITED,
                InboundItem.Kind.MENTION,
                null,
                null,
                author,
                false,
                "second wording",
                null,
                t,
                t.plusSeconds(60),
                "{}"),
            new InboundItem(
                "e2",
                InboundItem.Change.DELETED,
                InboundItem.Kind.REPLY,
                "e1",
                null,
                author,
                false,
                "",
                null,
                t.plusSeconds(5),
                t.plusSeconds(90),
                "{}")));
    Message edited =
        conversations
            .list(
                new io.parley.conversations.InboxFilter(
                    team.workspace().id(),
                    null,
                    null,
                    io.parley.conversations.InboxFilter.Assignment.ALL,
                    0,
                    null,
                    10))
            .stream()
            .flatMap(c -> conversations.messages(c.id()).stream())
            .filter(m -> m.externalId().equals("e1"))
            .findFirst()
            .orElseThrow();
    String thread = html(get("/conversations/{id}", edited.conversationId()), team);
    assertThat(thread)
        .contains(
            "second wording",
            "Edited · show earlier versions",
            "Deleted by its author",
            "Show what it said")
        .doesNotContain("regrettable words");
    String history =
        html(
            get("/conversations/{c}/messages/{m}/history", edited.conversationId(), edited.id()),
            team);
    assertThat(history).contains("first wording", "Before an edit");
  }

  @Test
  void viewersReadButCannotChangeAnything() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Quinn", "hello there");
    var viewer =
        users.create(
            team.workspace().id(),
            "viewer-" + c.id() + "@example.test",
            "Vera Viewer",
            passwords.encode(PASSWORD),
            io.parley.accounts.Role.VIEWER);
    joinTeamOf(team, viewer);
    Team readOnly = new Team(team.workspace(), viewer, SignedIn.of(viewer), team.account());
    assertThat(html(get("/conversations/{id}", c.id()), readOnly))
        .contains("hello there", "can read this conversation but not reply")
        .doesNotContain("reply-form");
    mvc.perform(htmxPost(readOnly, "/conversations/{id}/status", c.id(), "status", "RESOLVED"))
        .andExpect(status().isForbidden());
    mvc.perform(htmxPost(readOnly, "/conversations/{id}/assignee", c.id(), "to", "me"))
        .andExpect(status().isForbidden());
    // Changing routes are for writers: the route rule refuses viewers before any handler runs.
    mvc.perform(htmxPost(readOnly, "/conversations/{id}/replies", c.id(), "text", "hi"))
        .andExpect(status().isForbidden());
    assertThat(conversations.messages(c.id())).hasSize(1);
    assertThat(conversations.byId(team.workspace().id(), c.id()).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
  }

  /** An htmx form post as the browser sends it: signed in, with the CSRF token. */
  private MockHttpServletRequestBuilder htmxPost(
      Team team, String path, long id, String name, String value) {
    return post(path, id)
        .param(name, value)
        .header("HX-Request", "true")
        .with(user(team.me()))
        .with(csrf());
  }

  private String html(MockHttpServletRequestBuilder request, Team team) throws Exception {
    return mvc.perform(request.with(user(team.me())))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }
}
