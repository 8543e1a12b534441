package io.parley.triage;

import static io.parley.testing.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.channels.ChannelAccount;
import io.parley.conversations.Conversations;
import io.parley.conversations.InboxFilter;
import io.parley.ingestion.Ingestion;
import io.parley.ingestion.MessageReceived;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/** Triage stored per message, on H2 and PostgreSQL (see {@link MessageTriageTest}). */
@RecordApplicationEvents
@TestPropertySource(properties = "parley.triage.enabled=true")
abstract class MessageTriageContract {

  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired Fixtures fixtures;
  @Autowired MessageTriage messageTriage;
  @Autowired TriageRecords records;
  @Autowired ApplicationEvents events;
  @Autowired io.parley.accounts.Users users;
  @Autowired TriageBackfill backfill;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  ChannelAccount account;
  long workspace;
  final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

  @BeforeEach
  void setUp() {
    var ws = fixtures.workspace();
    workspace = ws.id();
    account = fixtures.channel(ws, Network.SANDBOX);
  }

  long conversationOf(String text) {
    return conversations
        .list(new InboxFilter(workspace, null, null, InboxFilter.Assignment.ALL, 0, null, 100))
        .stream()
        .filter(c -> c.preview().equals(text))
        .findFirst()
        .orElseThrow()
        .id();
  }

  @Test
  void inboundMessagesAreTriagedOnceAndAnnounced() throws Exception {
    String text =
        "@brand worst service ever, my order never arrived and I want a refund. Terrible!";
    ingestion.ingest(account, List.of(item("t1", null, text, t0)));
    long conversation = conversationOf(text);
    long messageId = conversations.messages(conversation).getFirst().id();

    Poll.until(
        "the listener stored the triage",
        Duration.ofSeconds(60),
        () -> records.exists(messageId) ? null : "no row yet",
        () -> "");
    StoredTriage stored = records.forMessage(messageId).orElseThrow();
    assertThat(stored.language()).isEqualTo("en");
    assertThat(stored.sentiment()).isEqualTo(Sentiment.NEGATIVE);
    assertThat(stored.intents()).contains(Intent.COMPLAINT);
    assertThat(stored.urgency()).isGreaterThanOrEqualTo(50);
    assertThat(records.latestForConversations(List.of(conversation)))
        .containsOnlyKeys(conversation);

    // a replayed event changes nothing and announces nothing
    long announced = events.stream(MessageTriaged.class).count();
    assertThat(messageTriage.handle(new MessageReceived(messageId, conversation, workspace)))
        .isFalse();
    assertThat(events.stream(MessageTriaged.class).count()).isEqualTo(announced);
    assertThat(records.forMessage(messageId)).contains(stored);
  }

  @Test
  void handlingStoresTheResultAndPublishesMessageTriaged() {
    String text = "Thank you so much, the new jacket is amazing 😍";
    ingestion.ingest(account, List.of(item("p1", null, text, t0)));
    long conversation = conversationOf(text);
    long messageId = conversations.messages(conversation).getFirst().id();

    // whichever of the listener and this call comes first stores it; the other one skips
    messageTriage.handle(new MessageReceived(messageId, conversation, workspace));

    Map<Long, StoredTriage> byMessage = records.forMessages(List.of(messageId, -1L));
    assertThat(byMessage).containsOnlyKeys(messageId);
    assertThat(byMessage.get(messageId).sentiment()).isEqualTo(Sentiment.POSITIVE);
    assertThat(byMessage.get(messageId).intents()).contains(Intent.PRAISE);
  }

  @Test
  void outboundRepliesAreNotTriaged() {
    String text = "where can I buy the Summit backpack?";
    ingestion.ingest(account, List.of(item("q1", null, text, t0)));
    long conversation = conversationOf(text);
    var ws = fixtures.workspaceById(workspace);
    long agent =
        users
            .create(
                workspace, ws.slug() + "@agent.test", "Agent", "x", io.parley.accounts.Role.AGENT)
            .id();
    long reply = conversations.queueReply(workspace, conversation, agent, "Hi!");

    assertThat(messageTriage.handle(new MessageReceived(reply, conversation, workspace))).isFalse();
    assertThat(records.exists(reply)).isFalse();
  }

  @Test
  void backfillTriagesInboundMessagesThatWereMissedOnce() throws Exception {
    String text = "is the Boston store open on Sunday?";
    ingestion.ingest(account, List.of(item("b1", null, text, t0)));
    long conversation = conversationOf(text);
    long messageId = conversations.messages(conversation).getFirst().id();
    Poll.until(
        "the listener stored the triage",
        Duration.ofSeconds(60),
        () -> records.exists(messageId) ? null : "no row yet",
        () -> "");
    // as if the process had stopped before triage (or the message came from `parley import`)
    jdbc.sql("delete from message_triage where message_id = ?").param(messageId).update();

    int first = backfill.runOnce(500);
    int second = backfill.runOnce(500);

    assertThat(first).isGreaterThanOrEqualTo(1);
    assertThat(records.forMessage(messageId).orElseThrow().intents()).contains(Intent.QUESTION);
    assertThat(second).isZero();
  }
}
