package io.parley.outbox;

import static io.parley.testing.Fixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.conversations.Conversations;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Message;
import io.parley.ingestion.Ingestion;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.MutableClock;
import io.parley.testing.ScriptedNetwork;
import io.parley.testing.ScriptedNetwork.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Exactly-once delivery, on H2 and PostgreSQL (see {@link OutboxTest}). */
abstract class OutboxContract {

  static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

  @TestConfiguration
  static class Networks {
    @Bean
    ScriptedNetwork withKeys() {
      return new ScriptedNetwork(Network.YOUTUBE, true);
    }

    @Bean
    ScriptedNetwork withoutKeys() {
      return new ScriptedNetwork(Network.REDDIT, false);
    }

    @Bean
    MutableClock clock() {
      return new MutableClock(START);
    }
  }

  @Autowired Ingestion ingestion;
  @Autowired Conversations conversations;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired Fixtures fixtures;
  @Autowired Users users;
  @Autowired io.parley.channels.ChannelAccounts accounts;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;
  @Autowired MutableClock clock;

  @Autowired
  @org.springframework.beans.factory.annotation.Qualifier("withKeys")
  ScriptedNetwork keyed;

  @Autowired
  @org.springframework.beans.factory.annotation.Qualifier("withoutKeys")
  ScriptedNetwork unkeyed;

  long workspace;
  long agent;

  @BeforeEach
  void setUp() {
    keyed.reset();
    unkeyed.reset();
    var ws = fixtures.workspace();
    workspace = ws.id();
    agent =
        users
            .create(workspace, "agent-" + workspace + "@example.test", "Ada Agent", "x", Role.AGENT)
            .id();
    drain();
  }

  @Test
  void replyAndOutboxRowCommitTogetherOrNotAtAll() {
    long conversation = conversationOn(Network.YOUTUBE);
    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    status -> {
                      conversations.queueReply(workspace, conversation, agent, "Sorry about that!");
                      throw new IllegalStateException("crash before commit");
                    }))
        .hasMessageContaining("crash before commit");
    assertThat(outboundMessages(conversation)).isEmpty();
    assertThat(outboxRows(conversation)).isZero();

    long message = conversations.queueReply(workspace, conversation, agent, "Sorry about that!");
    assertThat(outboundMessages(conversation))
        .singleElement()
        .satisfies(m -> assertThat(m.deliveryState()).isEqualTo(DeliveryState.QUEUED));
    assertThat(dispatcher.forMessage(message))
        .get()
        .extracting(OutboxEntry::state)
        .isEqualTo("PENDING");
  }

  @Test
  void deliversOnceAndRecordsThePlatformId() {
    long conversation = conversationOn(Network.YOUTUBE);
    long message = conversations.queueReply(workspace, conversation, agent, "On its way!");
    dispatcher.dispatchDue();
    dispatcher.dispatchDue();

    assertThat(keyed.posts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.text()).isEqualTo("On its way!");
              assertThat(p.inReplyTo()).isEqualTo(lastInboundId(conversation));
            });
    Message sent = outboundMessages(conversation).getFirst();
    assertThat(sent.deliveryState()).isEqualTo(DeliveryState.SENT);
    assertThat(sent.externalId()).isEqualTo(keyed.posts().getFirst().id());
    assertThat(dispatcher.forMessage(message))
        .get()
        .extracting(OutboxEntry::state)
        .isEqualTo("SENT");
  }

  @Test
  void rateLimitedDeliveryWaitsForTheNetworksHintThenSucceeds() {
    long conversation = conversationOn(Network.YOUTUBE);
    long message = conversations.queueReply(workspace, conversation, agent, "Thanks!");
    keyed.then(Outcome.RATE_LIMITED);
    dispatcher.dispatchDue();
    assertThat(keyed.posts()).isEmpty();
    assertThat(dispatcher.forMessage(message).orElseThrow().lastError()).contains("429");

    clock.advance(Duration.ofSeconds(10));
    dispatcher.dispatchDue();
    assertThat(keyed.attempts()).as("not before Retry-After").isEqualTo(1);

    clock.advance(Duration.ofSeconds(25));
    dispatcher.dispatchDue();
    assertThat(keyed.posts()).hasSize(1);
    assertThat(outboundMessages(conversation).getFirst().deliveryState())
        .isEqualTo(DeliveryState.SENT);
  }

  @Test
  void lostResponseIsNotPostedTwiceWhenTheNetworkHonoursKeys() {
    long conversation = conversationOn(Network.YOUTUBE);
    conversations.queueReply(workspace, conversation, agent, "We'll refund you today.");
    keyed.then(Outcome.ACCEPT_THEN_DROP_CONNECTION);
    dispatcher.dispatchDue();
    retryEverything();

    assertThat(keyed.posts()).hasSize(1);
    assertThat(keyed.attempts()).isEqualTo(2);
    assertThat(outboundMessages(conversation).getFirst().deliveryState())
        .isEqualTo(DeliveryState.SENT);
  }

  @Test
  void theNetworksCopyOfAReplyPolledBeforeTheRetryGivesWayToTheReply() {
    long conversation = conversationOn(Network.YOUTUBE);
    conversations.queueReply(workspace, conversation, agent, "We'll refund you today.");
    keyed.then(Outcome.ACCEPT_THEN_DROP_CONNECTION);
    dispatcher.dispatchDue();
    // Polling sees the brand's post in the feed before the dispatcher learns that it exists.
    ScriptedNetwork.Post posted = keyed.posts().getFirst();
    ChannelAccount account = accounts.find(workspace, Network.YOUTUBE, "brand").orElseThrow();
    var own = item(posted.id(), posted.inReplyTo(), posted.text(), START.plusSeconds(5));
    ingestion.ingest(
        account,
        List.of(
            new io.parley.channels.InboundItem(
                own.externalId(),
                own.change(),
                own.kind(),
                own.inReplyToExternalId(),
                null,
                new io.parley.channels.InboundItem.Author("brand", "brand", "Brand", null),
                true,
                own.text(),
                null,
                own.createdAt(),
                null,
                "{}")));
    assertThat(outboundMessages(conversation)).hasSize(2);

    retryEverything();

    assertThat(keyed.posts()).hasSize(1);
    assertThat(outboundMessages(conversation))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.deliveryState()).isEqualTo(DeliveryState.SENT);
              assertThat(m.externalId()).isEqualTo(posted.id());
              assertThat(m.sentByUserId()).isEqualTo(agent);
            });
    assertThat(conversations.byId(workspace, conversation).orElseThrow().messageCount())
        .isEqualTo(2);
  }

  @Test
  void lostResponseIsLookedUpBeforeRetryWhenTheNetworkHasNoKeys() {
    long conversation = conversationOn(Network.REDDIT);
    conversations.queueReply(workspace, conversation, agent, "We'll refund you today.");
    unkeyed.then(Outcome.ACCEPT_THEN_DROP_CONNECTION);
    dispatcher.dispatchDue();
    retryEverything();

    assertThat(unkeyed.posts()).hasSize(1);
    assertThat(unkeyed.attempts()).as("found by look-up, not re-sent").isEqualTo(1);
    assertThat(unkeyed.lookups()).isEqualTo(1);
    Message sent = outboundMessages(conversation).getFirst();
    assertThat(sent.deliveryState()).isEqualTo(DeliveryState.SENT);
    assertThat(sent.externalId()).isEqualTo(unkeyed.posts().getFirst().id());
  }

  @Test
  void aDispatcherThatDiesAfterClaimingIsReplacedWhenItsLeaseRunsOut() {
    long conversation = conversationOn(Network.REDDIT);
    conversations.queueReply(workspace, conversation, agent, "Checking with the warehouse.");
    assertThat(dispatcher.claim()).hasSize(1); // ... and then the node dies

    assertThat(dispatcher.dispatchDue()).as("leased to the dead node").isZero();
    clock.advance(Duration.ofSeconds(61));
    assertThat(dispatcher.dispatchDue()).isEqualTo(1);
    assertThat(unkeyed.posts()).hasSize(1);
  }

  @Test
  void refusalFailsForGoodWithTheNetworksReason() {
    long conversation = conversationOn(Network.YOUTUBE);
    long message = conversations.queueReply(workspace, conversation, agent, "x".repeat(300));
    keyed.then(Outcome.REFUSE);
    dispatcher.dispatchDue();
    retryEverything();

    assertThat(keyed.posts()).isEmpty();
    assertThat(keyed.attempts()).isEqualTo(1);
    Message failed = outboundMessages(conversation).getFirst();
    assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
    assertThat(failed.deliveryError()).contains("too long");
    assertThat(dispatcher.forMessage(message))
        .get()
        .extracting(OutboxEntry::state)
        .isEqualTo("FAILED");
  }

  @Test
  void givesUpAfterMaxAttempts() {
    long conversation = conversationOn(Network.YOUTUBE);
    conversations.queueReply(workspace, conversation, agent, "Hello?");
    for (int i = 0; i < ReplyDispatcher.MAX_ATTEMPTS + 2; i++) {
      keyed.then(Outcome.RATE_LIMITED);
    }
    for (int i = 0; i < ReplyDispatcher.MAX_ATTEMPTS + 2; i++) {
      dispatcher.dispatchDue();
      clock.advance(Duration.ofMinutes(6));
    }
    assertThat(keyed.attempts()).isEqualTo(ReplyDispatcher.MAX_ATTEMPTS);
    assertThat(outboundMessages(conversation).getFirst().deliveryState())
        .isEqualTo(DeliveryState.FAILED);
  }

  @Test
  void concurrentDispatchersDeliverEachReplyOnce() throws Exception {
    long conversation = conversationOn(Network.YOUTUBE);
    for (int i = 0; i < 40; i++) {
      conversations.queueReply(workspace, conversation, agent, "reply " + i);
    }
    try (var pool = Executors.newFixedThreadPool(4)) {
      Callable<Integer> round =
          () -> {
            int n = 0;
            for (int r = 0; r < 10; r++) {
              n += dispatcher.dispatchDue();
            }
            return n;
          };
      var futures = pool.invokeAll(List.of(round, round, round, round));
      int attempted = 0;
      for (var f : futures) {
        attempted += f.get();
      }
      assertThat(attempted).isEqualTo(40);
    }
    assertThat(keyed.posts()).hasSize(40);
    assertThat(keyed.posts().stream().map(ScriptedNetwork.Post::text).distinct()).hasSize(40);
    assertThat(outboundMessages(conversation))
        .allSatisfy(m -> assertThat(m.deliveryState()).isEqualTo(DeliveryState.SENT));
  }

  // ---------------------------------------------------------------------------------------------

  private void retryEverything() {
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(10));
      dispatcher.dispatchDue();
    }
  }

  /** Delivers whatever earlier tests (other workspaces) left due, so counts here are our own. */
  private void drain() {
    clock.advance(Duration.ofHours(2));
    while (dispatcher.dispatchDue() > 0) {
      clock.advance(Duration.ofHours(2));
    }
    keyed.reset();
    unkeyed.reset();
  }

  private long conversationOn(Network network) {
    ChannelAccount account = fixtures.channel(fixtures.workspaceById(workspace), network);
    ingestion.ingest(account, List.of(item("in-" + workspace, null, "Where is my order?", START)));
    return conversations
        .list(new InboxFilter(workspace, null, network, InboxFilter.Assignment.ALL, 0, null, 10))
        .getFirst()
        .id();
  }

  private String lastInboundId(long conversation) {
    return conversations.messages(conversation).stream()
        .filter(m -> m.direction() == io.parley.conversations.Direction.IN)
        .reduce((a, b) -> b)
        .orElseThrow()
        .externalId();
  }

  private List<Message> outboundMessages(long conversation) {
    return conversations.messages(conversation).stream()
        .filter(m -> m.direction() == io.parley.conversations.Direction.OUT)
        .toList();
  }

  private int outboxRows(long conversation) {
    return jdbc.sql(
            "select count(*) from outbox o join messages m on m.id = o.message_id"
                + " where m.conversation_id = ?")
        .param(conversation)
        .query(Integer.class)
        .single();
  }
}
