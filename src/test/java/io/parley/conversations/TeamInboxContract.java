package io.parley.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.accounts.AuditLog;
import io.parley.accounts.Invitations;
import io.parley.accounts.Role;
import io.parley.accounts.Teams;
import io.parley.accounts.User;
import io.parley.accounts.Users;
import io.parley.accounts.Workspace;
import io.parley.channels.ChannelAccount;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The team inbox's storage on both databases (see {@link TeamInboxTest}): team grants and scope,
 * grouped view counts, list filters, snooze alarms, saved replies, invitations and the audit log.
 */
abstract class TeamInboxContract {

  @Autowired Fixtures fixtures;
  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Teams teams;
  @Autowired Users users;
  @Autowired SavedReplies saved;
  @Autowired Invitations invitations;
  @Autowired AuditLog audit;
  @Autowired io.parley.contacts.ContactProfiles profiles;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  @Test
  void scopeCountsAndFiltersFollowTeamsTagsAndKinds() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    ChannelAccount m = fixtures.channel(ws, Network.MASTODON);
    var support = teams.create(ws.id(), "Support");
    teams.grant(ws.id(), support.id(), x.id());
    teams.grant(ws.id(), support.id(), x.id());
    User agent = users.create(ws.id(), mail(), "Ada", "x", Role.AGENT);
    teams.addMember(ws.id(), support.id(), agent.id());
    assertThat(teams.channelAccountsOf(agent.id())).containsExactly(x.id());

    long onX = open(x, "on x");
    long onM = open(m, "on mastodon");
    conversations.tag(ws.id(), onX, "Refund");
    conversations.assign(ws.id(), onX, agent.id());
    var scope =
        InboxScope.limitedTo(teams.channelAccountsOf(agent.id()), teams.teamsOf(agent.id()));

    assertThat(ids(filter(ws, agent, null, null, scope))).containsExactly(onX);
    assertThat(ids(filter(ws, agent, null, null, InboxScope.WHOLE_WORKSPACE)))
        .containsExactlyInAnyOrder(onX, onM);
    assertThat(ids(filter(ws, agent, "refund", null, InboxScope.WHOLE_WORKSPACE)))
        .containsExactly(onX);
    assertThat(ids(filter(ws, agent, null, ConversationKind.DIRECT_MESSAGE, scope))).isEmpty();

    List<ViewCount> counted = conversations.viewCounts(ws.id(), agent.id(), scope);
    assertThat(counted).hasSize(1);
    assertThat(counted.getFirst().assignee()).isEqualTo(InboxFilter.Assignment.MINE);
    assertThat(counted.getFirst().unread()).isTrue();
    assertThat(counted.getFirst().count()).isEqualTo(1);

    // Handed over to Support, the Mastodon conversation comes into the agent's reach.
    conversations.handOver(ws.id(), onM, support.id());
    assertThat(ids(filter(ws, agent, null, null, scope))).containsExactlyInAnyOrder(onX, onM);
    assertThat(
            conversations.viewCounts(ws.id(), agent.id(), scope).stream()
                .mapToLong(ViewCount::count)
                .sum())
        .isEqualTo(2);
    // An agent without a team sees nothing.
    assertThat(ids(filter(ws, agent, null, null, InboxScope.limitedTo(Set.of(), Set.of()))))
        .isEmpty();
  }

  @Test
  void snoozedConversationsWakeWhenTheirTimeComes() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    long due = open(x, "due");
    long later = open(x, "later");
    long answer = open(x, "until answer");
    conversations.snooze(ws.id(), due, Instant.now().minusSeconds(5));
    conversations.snooze(ws.id(), later, Instant.now().plusSeconds(3600));
    conversations.snooze(ws.id(), answer, null);
    conversations.wakeSnoozed();
    assertThat(conversations.byId(ws.id(), due).orElseThrow().status())
        .isEqualTo(ConversationStatus.OPEN);
    assertThat(conversations.byId(ws.id(), later).orElseThrow().status())
        .isEqualTo(ConversationStatus.SNOOZED);
    assertThat(conversations.byId(ws.id(), answer).orElseThrow().status())
        .isEqualTo(ConversationStatus.SNOOZED);
  }

  @Test
  void savedRepliesAreFoundByTitleOrTextWithinReach() {
    Workspace ws = fixtures.workspace();
    var support = teams.create(ws.id(), "Support");
    var sales = teams.create(ws.id(), "Sales");
    User ada = users.create(ws.id(), mail(), "Ada", "x", Role.AGENT);
    saved.create(ws.id(), support.id(), null, "Refund 100%", "Hi {{contact.name}}", ada.id());
    saved.create(ws.id(), sales.id(), null, "Quote", "price list", ada.id());
    saved.create(ws.id(), null, ada.id(), "Mine", "my own refund note", ada.id());
    saved.create(ws.id(), null, null, "Everyone", "hello", ada.id());
    assertThat(titles(saved.usableBy(ws.id(), ada.id(), Set.of(support.id()), false, null)))
        .containsExactly("Everyone", "Mine", "Refund 100%");
    assertThat(titles(saved.usableBy(ws.id(), ada.id(), Set.of(support.id()), false, "REFUND")))
        .containsExactly("Mine", "Refund 100%");
    assertThat(titles(saved.usableBy(ws.id(), ada.id(), Set.of(), false, "100%"))).isEmpty();
    assertThat(titles(saved.usableBy(ws.id(), ada.id(), Set.of(), true, null)))
        .containsExactly("Everyone", "Mine", "Quote", "Refund 100%");
    assertThatThrownBy(() -> saved.create(ws.id(), null, null, " ", "x", ada.id()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInvitationWorksOnceAndTheAuditLogKeepsOrder() {
    Workspace ws = fixtures.workspace();
    var pr = teams.create(ws.id(), "PR");
    User admin = users.create(ws.id(), mail(), "Admin", "x", Role.ADMIN);
    String email = mail();
    var issued =
        invitations.invite(ws.id(), email, "Pia", Role.VIEWER, List.of(pr.id()), admin.id());
    assertThat(invitations.open(issued.token())).isPresent();
    User pia = invitations.accept(issued.token(), "a calm sea at noon", "a calm sea at noon");
    assertThat(pia.role()).isEqualTo(Role.VIEWER);
    assertThat(teams.teamsOf(pia.id())).containsExactly(pr.id());
    assertThat(invitations.open(issued.token())).isEmpty();
    assertThatThrownBy(
            () -> invitations.accept(issued.token(), "a calm sea at noon", "a calm sea at noon"))
        .isInstanceOf(IllegalArgumentException.class);
    audit.record(ws.id(), admin.id(), "first", "a", null);
    audit.record(ws.id(), null, "second", "b", "by Parley");
    assertThat(audit.recent(ws.id(), 10))
        .extracting(AuditLog.Entry::action)
        .containsExactly("second", "first");
    assertThat(audit.recent(ws.id(), 10).getFirst().actorName()).isNull();
  }

  @Test
  void aContactsOtherConversationsNotesAndTagsStayInTheirWorkspaceAndScope() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    var support = teams.create(ws.id(), "Support");
    teams.grant(ws.id(), support.id(), x.id());
    User agent = users.create(ws.id(), mail(), "Ada", "x", Role.AGENT);
    teams.addMember(ws.id(), support.id(), agent.id());
    long first = openBy(x, "cara", "first");
    long second = openBy(x, "cara", "second");
    openBy(x, "dan", "someone else");
    long contact = conversations.byId(ws.id(), first).orElseThrow().contactId();
    var scope =
        InboxScope.limitedTo(teams.channelAccountsOf(agent.id()), teams.teamsOf(agent.id()));

    assertThat(ids(conversations.withContact(ws.id(), scope, contact, first, 10)))
        .containsExactly(second);
    assertThat(
            conversations.withContact(
                ws.id(), InboxScope.limitedTo(Set.of(), Set.of()), contact, first, 10))
        .isEmpty();

    assertThat(profiles.addNote(ws.id(), contact, agent.id(), "  prefers DMs  ")).isTrue();
    assertThat(profiles.addTag(ws.id(), contact, "#VIP")).isTrue();
    assertThat(profiles.addTag(ws.id(), contact, "vip")).isTrue();
    var profile = profiles.profile(ws.id(), contact).orElseThrow();
    assertThat(profile.notes()).extracting(n -> n.text()).containsExactly("prefers DMs");
    assertThat(profile.tags()).containsExactly("vip");
    assertThat(profile.identities())
        .singleElement()
        .satisfies(i -> assertThat(i.handle()).isEqualTo("cara_h"));

    Workspace other = fixtures.workspace();
    assertThat(profiles.profile(other.id(), contact)).isEmpty();
    assertThat(profiles.addNote(other.id(), contact, agent.id(), "snooping")).isFalse();
    assertThat(profiles.addTag(other.id(), contact, "x")).isFalse();
    assertThatThrownBy(() -> profiles.addNote(ws.id(), contact, agent.id(), " "))
        .hasMessageContaining("needs some text");
    assertThat(profiles.removeTag(ws.id(), contact, "VIP")).isTrue();
    assertThat(profiles.profile(ws.id(), contact).orElseThrow().tags()).isEmpty();
  }

  @Test
  void heldRepliesMarkTheConversationUntilApprovedOrDeclinedOnce() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    User agent = users.create(ws.id(), mail(), "Ada", "x", Role.AGENT);
    long c = open(x, "angry");
    long first = conversations.holdReplyForApproval(ws.id(), c, agent.id(), "draft one");
    long second = conversations.holdReplyForApproval(ws.id(), c, agent.id(), "draft two");
    var all = InboxScope.WHOLE_WORKSPACE;
    var waiting =
        new InboxFilter(
            ws.id(),
            null,
            null,
            InboxFilter.Assignment.ALL,
            agent.id(),
            null,
            50,
            null,
            null,
            null,
            all,
            true,
            null,
            null,
            null);

    assertThat(ids(conversations.list(waiting))).containsExactly(c);
    assertThat(conversations.viewCounts(ws.id(), agent.id(), all))
        .singleElement()
        .satisfies(v -> assertThat(v.awaitingApproval()).isTrue());

    conversations.approveReply(ws.id(), first, "draft one, polished");
    assertThat(ids(conversations.list(waiting))).as("the second still waits").containsExactly(c);
    assertThatThrownBy(() -> conversations.approveReply(ws.id(), first, null))
        .isInstanceOf(IllegalStateException.class);
    conversations.rejectReply(ws.id(), second, "no");
    assertThatThrownBy(() -> conversations.rejectReply(ws.id(), second, "again"))
        .isInstanceOf(IllegalStateException.class);

    assertThat(conversations.list(waiting)).isEmpty();
    var messages = conversations.messages(c);
    assertThat(messages)
        .extracting(Message::text, Message::deliveryState)
        .contains(
            org.assertj.core.groups.Tuple.tuple("draft one, polished", DeliveryState.QUEUED),
            org.assertj.core.groups.Tuple.tuple("draft two", DeliveryState.REJECTED));
    Workspace other = fixtures.workspace();
    assertThatThrownBy(() -> conversations.approveReply(other.id(), second, null))
        .hasMessageContaining("No such reply");
  }

  @Test
  void theListFiltersOnTheTriageOfInboundMessages() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    long angry = open(x, "this is broken");
    long curious = open(x, "do you ship to Spain?");
    long both = open(x, "broken AND a question");
    triaged(ws, angry, "negative", "complaint");
    triaged(ws, curious, "neutral", "question");
    triaged(ws, both, "negative", "complaint,question");
    open(x, "not triaged yet");

    assertThat(ids(triage(ws, "complaint", null))).containsExactlyInAnyOrder(angry, both);
    assertThat(ids(triage(ws, "question", null))).containsExactlyInAnyOrder(curious, both);
    assertThat(ids(triage(ws, "question", "negative"))).containsExactly(both);
    assertThat(ids(triage(ws, null, "neutral"))).containsExactly(curious);
    assertThat(triage(ws, "spam", null)).isEmpty();
    // a label that is a part of another ("complain") finds nothing
    assertThat(triage(ws, "complain", null)).isEmpty();

    long spanish = open(x, "¿hacéis envíos a Canarias?");
    triaged(ws, spanish, "neutral", "question", "es");
    assertThat(ids(list(ws, new InboxFilter.Triage(null, null, "es")))).containsExactly(spanish);
    assertThat(ids(list(ws, new InboxFilter.Triage("question", null, "en"))))
        .containsExactlyInAnyOrder(curious, both);
  }

  private List<Conversation> list(Workspace ws, InboxFilter.Triage triage) {
    return conversations.list(InboxFilter.all(ws.id(), 50).withTriage(triage));
  }

  @Test
  void theListFiltersOnWhenAConversationWasLastActive() {
    Workspace ws = fixtures.workspace();
    ChannelAccount x = fixtures.channel(ws, Network.X);
    java.time.Instant now = java.time.Instant.parse("2026-11-20T12:00:00Z");
    ingestion.ingest(
        x,
        List.of(
            io.parley.testing.Fixtures.item(
                "old-" + mail(), null, "old news", now.minus(java.time.Duration.ofDays(3))),
            io.parley.testing.Fixtures.item("new-" + mail(), null, "fresh", now)));
    java.util.function.Function<InboxFilter.Activity, List<String>> previews =
        activity ->
            conversations.list(InboxFilter.all(ws.id(), 50).withActivity(activity)).stream()
                .map(Conversation::preview)
                .toList();

    assertThat(
            previews.apply(new InboxFilter.Activity(now.minus(java.time.Duration.ofDays(1)), null)))
        .containsExactly("fresh");
    assertThat(previews.apply(new InboxFilter.Activity(null, now))).containsExactly("old news");
    assertThat(previews.apply(new InboxFilter.Activity(now, now.plusSeconds(1))))
        .as("from is inclusive, before exclusive")
        .containsExactly("fresh");
    assertThat(previews.apply(null)).containsExactlyInAnyOrder("fresh", "old news");
  }

  private List<Conversation> triage(Workspace ws, String intent, String sentiment) {
    return list(ws, new InboxFilter.Triage(intent, sentiment, null));
  }

  /** What the triage module writes for a conversation's first message (it is off in tests). */
  private void triaged(Workspace ws, long conversationId, String sentiment, String intents) {
    triaged(ws, conversationId, sentiment, intents, "en");
  }

  private void triaged(
      Workspace ws, long conversationId, String sentiment, String intents, String language) {
    long messageId = conversations.messages(conversationId).getFirst().id();
    jdbc.sql(
            "insert into message_triage (message_id, workspace_id, conversation_id, language,"
                + " language_confidence, sentiment, sentiment_score, lexicon_compound, intents,"
                + " complaint_score, question_score, praise_score, purchase_intent_score,"
                + " spam_score, urgency, triaged_at) values (?, ?, ?, ?, 0.9, ?, 0.8, 0, ?,"
                + " 0, 0, 0, 0, 0, 50, ?)")
        .params(
            messageId,
            ws.id(),
            conversationId,
            language,
            sentiment,
            intents,
            java.sql.Timestamp.from(Instant.now()))
        .update();
  }

  private long openBy(ChannelAccount account, String author, String text) {
    String id = UUID.randomUUID().toString();
    ingestion.ingest(
        account,
        List.of(
            new io.parley.channels.InboundItem(
                id,
                io.parley.channels.InboundItem.Change.CREATED,
                io.parley.channels.InboundItem.Kind.MENTION,
                null,
                null,
                new io.parley.channels.InboundItem.Author(author, author + "_h", null, 3),
                false,
                text,
                null,
                Instant.now(),
                null,
                "{}")));
    return conversations
        .findMessage(account.workspaceId(), account.network(), id)
        .orElseThrow()
        .conversationId();
  }

  private long open(ChannelAccount account, String text) {
    String id = UUID.randomUUID().toString();
    ingestion.ingest(account, List.of(Fixtures.item(id, null, text, Instant.now())));
    return conversations
        .findMessage(account.workspaceId(), account.network(), id)
        .orElseThrow()
        .conversationId();
  }

  private List<Conversation> filter(
      Workspace ws, User me, String tag, ConversationKind kind, InboxScope scope) {
    return conversations.list(
        new InboxFilter(
            ws.id(),
            null,
            null,
            InboxFilter.Assignment.ALL,
            me.id(),
            null,
            50,
            kind,
            null,
            tag == null ? null : Conversations.cleanTag(tag),
            scope,
            false,
            null,
            null,
            null));
  }

  private static List<Long> ids(List<Conversation> list) {
    return list.stream().map(Conversation::id).toList();
  }

  private static List<String> titles(List<SavedReply> list) {
    return list.stream().map(SavedReply::title).toList();
  }

  private static String mail() {
    return "p-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }
}
