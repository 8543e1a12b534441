package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Role;
import io.parley.accounts.User;
import io.parley.channels.InboundItem;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationStatus;
import io.parley.conversations.Priority;
import io.parley.conversations.SavedReplies;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Triage on a conversation and on a selection: snooze, tags, priority, bulk, saved replies. */
class InboxActionsTest extends WebTestSupport {

  @Autowired AuditLog audit;
  @Autowired SavedReplies savedReplies;

  @Test
  void snoozedUntilTheCustomerAnswersReopensOnTheirAnswer() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Sally", "first question");
    mvc.perform(action(team, "/conversations/{id}/snooze", c.id(), "until", "answer"))
        .andExpect(status().isOk());
    assertThat(current(team, c).status()).isEqualTo(ConversationStatus.SNOOZED);
    assertThat(current(team, c).snoozedUntil()).isNull();
    String snoozedView = html(get("/inbox").param("status", "snoozed"), team);
    assertThat(snoozedView).contains("first question");
    answer(team, c, "any news?");
    assertThat(current(team, c).status()).isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void snoozedUntilATimeWakesWhenTheTimeComes() throws Exception {
    Team team = team();
    Conversation due = conversation(team, "Due", "wake me");
    Conversation later = conversation(team, "Later", "not yet");
    conversations.snooze(team.workspace().id(), due.id(), Instant.now().minusSeconds(1));
    mvc.perform(action(team, "/conversations/{id}/snooze", later.id(), "until", "tomorrow"))
        .andExpect(status().isOk());
    assertThat(current(team, later).snoozedUntil()).isAfter(Instant.now());
    conversations.wakeSnoozed();
    assertThat(current(team, due).status()).isEqualTo(ConversationStatus.OPEN);
    assertThat(current(team, later).status()).isEqualTo(ConversationStatus.SNOOZED);
    // A time in the past is refused, with nothing changed.
    mvc.perform(
            action(
                team,
                "/conversations/{id}/snooze",
                due.id(),
                "until",
                Instant.now().minus(1, ChronoUnit.DAYS).toString().substring(0, 16)))
        .andExpect(status().isBadRequest());
    assertThat(current(team, due).status()).isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void tagsPriorityAndTeamShowInTheListAndAreAudited() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Tina", "refund please");
    mvc.perform(action(team, "/conversations/{id}/tags", c.id(), "tag", "#Refund"))
        .andExpect(status().isOk());
    mvc.perform(action(team, "/conversations/{id}/priority", c.id(), "priority", "urgent"))
        .andExpect(status().isOk());
    mvc.perform(action(team, "/conversations/{id}/tags", c.id(), "tag", "has space"))
        .andExpect(status().isBadRequest());
    assertThat(current(team, c).tags()).containsExactly("refund");
    assertThat(current(team, c).priority()).isEqualTo(Priority.URGENT);
    String list = html(get("/inbox/list"), team);
    assertThat(list).contains("#refund", "Urgent");
    assertThat(html(get("/inbox").param("tag", "refund"), team)).contains("refund please");
    assertThat(html(get("/inbox").param("tag", "other"), team)).doesNotContain("refund please");
    assertThat(audit.recent(team.workspace().id(), 10))
        .extracting(AuditLog.Entry::action)
        .contains("conversation.tagged", "conversation.priority");
  }

  @Test
  void assigningToAColleagueAndTheMineAndUnassignedViews() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Ursula", "who takes this");
    User colleague =
        users.create(
            team.workspace().id(),
            "colleague-" + UUID.randomUUID() + "@example.test",
            "Cole League",
            passwords.encode(PASSWORD),
            Role.AGENT);
    mvc.perform(action(team, "/conversations/{id}/assignee", c.id(), "to", "" + colleague.id()))
        .andExpect(status().isOk());
    assertThat(current(team, c).assigneeId()).isEqualTo(colleague.id());
    assertThat(html(get("/inbox").param("assigned", "unassigned"), team))
        .doesNotContain("who takes this");
    SignedIn cole = SignedIn.of(colleague).withoutPassword();
    joinTeamOf(team, colleague);
    assertThat(
            html(
                get("/inbox").param("assigned", "mine"),
                new Team(team.workspace(), colleague, cole, team.account())))
        .contains("who takes this");
    // Someone of another workspace cannot be assigned.
    Team other = team();
    mvc.perform(action(team, "/conversations/{id}/assignee", c.id(), "to", "" + other.user().id()))
        .andExpect(status().isBadRequest());
    assertThat(audit.recent(team.workspace().id(), 5))
        .anyMatch(
            e -> e.action().equals("conversation.assigned") && e.detail().equals("to Cole League"));
  }

  @Test
  void bulkActionsChangeTheSelectionAndSkipWhatIsNotVisible() throws Exception {
    Team team = team();
    Conversation a = conversation(team, "A", "bulk one");
    Conversation b = conversation(team, "B", "bulk two");
    Team other = team();
    Conversation foreign = conversation(other, "F", "foreign one");
    mvc.perform(
            post("/inbox/bulk")
                .param("ids", "" + a.id(), "" + b.id(), "" + foreign.id())
                .param("action", "resolve")
                .header("HX-Request", "true")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isNoContent());
    assertThat(current(team, a).status()).isEqualTo(ConversationStatus.RESOLVED);
    assertThat(current(team, b).status()).isEqualTo(ConversationStatus.RESOLVED);
    assertThat(conversations.byId(other.workspace().id(), foreign.id()).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
    mvc.perform(
            post("/inbox/bulk")
                .param("ids", "" + a.id())
                .param("action", "tag")
                .param("tag", "vip")
                .header("HX-Request", "true")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isNoContent());
    assertThat(current(team, a).tags()).containsExactly("vip");
    mvc.perform(post("/inbox/bulk").param("action", "resolve").with(user(team.me())).with(csrf()))
        .andExpect(status().isBadRequest());
  }

  @Test
  void savedRepliesArePersonalPerTeamOrForEveryoneAndFillTheirVariables() throws Exception {
    Team team = team();
    Conversation c = conversation(team, "Vera Customer", "can I return this?");
    long support =
        teams.inWorkspace(team.workspace().id()).stream()
            .filter(t -> t.name().equals("Support"))
            .findFirst()
            .orElseThrow()
            .id();
    mvc.perform(
            post("/saved-replies")
                .param("title", "Returns")
                .param(
                    "body",
                    "Hi {{contact.name}}, {{agent.first_name}} here (#{{conversation.id}}) {{unknown.thing}}")
                .param("scope", "team-" + support)
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isFound());
    User other =
        users.create(
            team.workspace().id(),
            "private-" + UUID.randomUUID() + "@example.test",
            "Pat Private",
            passwords.encode(PASSWORD),
            Role.AGENT);
    savedReplies.create(team.workspace().id(), null, other.id(), "Pat's own", "secret", other.id());
    // Agents may not write workspace-wide replies.
    mvc.perform(
            post("/saved-replies")
                .param("title", "All")
                .param("body", "x")
                .param("scope", "workspace")
                .with(user(team.me()))
                .with(csrf()))
        .andExpect(status().isForbidden());
    String found =
        html(
            get("/saved-replies/search").param("conversation", "" + c.id()).param("q", "ret"),
            team);
    assertThat(found)
        .contains("Hi Vera Customer, Ada here (#" + c.id() + ") {{unknown.thing}}")
        .doesNotContain("Pat&#39;s own");
    assertThat(html(get("/saved-replies/search").param("conversation", "" + c.id()), team))
        .doesNotContain("secret");
    Team stranger = team();
    mvc.perform(
            get("/saved-replies/search")
                .param("conversation", "" + c.id())
                .with(user(stranger.me())))
        .andExpect(status().isNotFound());
  }

  private MockHttpServletRequestBuilder action(
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

  private Conversation current(Team team, Conversation c) {
    return conversations.byId(team.workspace().id(), c.id()).orElseThrow();
  }

  private void answer(Team team, Conversation c, String text) {
    var first = conversations.messages(c.id()).getFirst();
    ingestion.ingest(
        team.account(),
        List.of(
            new InboundItem(
                UUID.randomUUID().toString(),
                InboundItem.Change.CREATED,
                InboundItem.Kind.REPLY,
                first.externalId(),
                null,
                new InboundItem.Author(
                    first.authorExternalId(), first.authorHandle(), first.authorName(), 5),
                false,
                text,
                null,
                Instant.now(),
                null,
                "{}")));
  }
}
