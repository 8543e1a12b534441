package io.parley.channels.mastodon;

import static io.parley.testing.PeerHttp.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectorCursors;
import io.parley.channels.FetchPage;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Message;
import io.parley.ingestion.ConnectorPoller;
import io.parley.outbox.ReplyDispatcher;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.ForwardingProxy;
import io.parley.testing.OnH2;
import io.parley.testing.PeerHttp;
import io.parley.testing.Peers;
import io.parley.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The Mastodon connector against a real Mastodon-API server (snac, started by {@code
 * shared/peers/mastodon/start.sh}), through the real poller, ingestion, conversations and outbox.
 * snac delivers through a queue checked every 3 s, so effects on the other user's side are polled
 * for up to 30 s. Each test writes a unique marker and looks only for it.
 */
@OnH2
class MastodonConnectorTest {

  private static final Duration DELIVERY = Duration.ofSeconds(40);

  @Autowired MastodonConnector connector;
  @Autowired ConnectorPoller poller;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired Conversations conversations;
  @Autowired ChannelAccounts accounts;
  @Autowired ConnectorCursors cursors;
  @Autowired Users users;
  @Autowired Fixtures fixtures;
  @Autowired io.parley.listening.ListeningPipeline listening;
  @Autowired io.parley.listening.ListeningQueries queries;
  @Autowired io.parley.listening.Opportunities opportunities;

  Peers.Env env;
  PeerHttp http = new PeerHttp();
  String base;
  ChannelAccount account;
  long workspace;
  long agent;
  String marker;

  @BeforeEach
  void setUp() {
    env = Peers.mastodon();
    base = env.get("MASTODON_BASE_URL");
    var ws = fixtures.workspace();
    workspace = ws.id();
    agent = users.create(workspace, ws.slug() + "@agent.test", "Agent", "x", Role.AGENT).id();
    account = connect(base);
    // The connector has been running: it starts from the newest notification, not the history
    // that earlier tests left on the server.
    JsonNode newest = http.get(base + "/api/v1/notifications?limit=1", brandToken()).json();
    if (!newest.isEmpty()) {
      cursors.advance(account.id(), newest.get(0).path("id").asString());
    }
    marker = "m" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void publicPostsAreReadForListeningOnceEachAndBecomeOpportunities() throws Exception {
    var connected = accounts.connect(account);
    String start = connector.fetchPublic(connected, null).orElseThrow().nextCursor();
    var query = queries.create(workspace, "Lanterns", marker, null);
    String top = post("alice", "Anyone know a good " + marker + " lantern?", null, "public");
    String answer = post("bob", "@alice the " + marker + " one is great", top, "public");

    List<io.parley.channels.InboundItem> read = new ArrayList<>();
    String[] cursor = {start};
    Poll.until(
        "both public posts are read",
        DELIVERY,
        () -> {
          FetchPage page = connector.fetchPublic(connected, cursor[0]).orElseThrow();
          read.addAll(page.items());
          cursor[0] = page.nextCursor();
          return read.stream().filter(i -> i.text().contains(marker)).count() >= 2
              ? null
              : read.size() + " read";
        },
        () -> "");
    var ours = read.stream().filter(i -> i.text().contains(marker)).toList();
    assertThat(ours).extracting(i -> i.externalId()).containsExactly(top, answer);
    assertThat(ours.get(0).kind()).isEqualTo(io.parley.channels.InboundItem.Kind.MENTION);
    assertThat(ours.get(1).kind()).isEqualTo(io.parley.channels.InboundItem.Kind.REPLY);
    assertThat(ours.get(1).inReplyToExternalId()).isEqualTo(top);
    assertThat(connector.fetchPublic(connected, cursor[0]).orElseThrow().items())
        .as("read from where the last fetch ended: nothing twice")
        .noneMatch(i -> i.text().contains(marker));

    // through the listening pipeline: the posts match the workspace's query
    Poll.until(
        "the listening pipeline turns the posts into opportunities",
        DELIVERY,
        () -> {
          listening.pollAll();
          listening.drain();
          int found = opportunities.forQuery(workspace, query.id(), null).size();
          return found >= 2 ? null : found + " opportunities";
        },
        () -> String.valueOf(listening.stats()));
    assertThat(opportunities.forQuery(workspace, query.id(), null))
        .extracting(o -> o.postExternalId())
        .containsExactlyInAnyOrder(top, answer);
  }

  @Test
  void aServerWithoutStreamingIsPolled() {
    // snac has no streaming API: the connector says so, and the poller keeps its normal pace
    var listener =
        new io.parley.channels.LiveFeed.Listener() {
          @Override
          public void arrived() {}

          @Override
          public void ended(String reason) {}
        };
    assertThat(http.get(base + "/api/v1/streaming/health", brandToken()).status())
        .isNotEqualTo(200);
    assertThat(connector.openLiveFeed(accounts.connect(account), listener)).isEmpty();
  }

  @Test
  void connectingChecksAddressServerAndToken() {
    var good = accounts.connect(account);
    assertThat(connector.verify(good).ok()).isTrue();
    assertThat(connector.verify(good).reason()).contains("@brand");

    assertThat(connector.verify(with(base, "0123456789abcdef0123456789abcdef")).reason())
        .contains("rejected the access token");
    assertThat(connector.verify(with("mastodon social", brandToken())).reason())
        .contains("is not a server address");
    assertThat(connector.verify(with("http://127.0.0.1:1", brandToken())).reason())
        .contains("Cannot reach")
        .contains("down");
    var other = with(base, env.get("MASTODON_ALICE_TOKEN"));
    assertThat(connector.verify(other).ok()).isFalse();
    assertThat(connector.verify(other).reason()).contains("belongs to @alice");
  }

  @Test
  void aMentionReachesTheInboxAndTheReplyLandsUnderItOnTheServer() throws Exception {
    String mention = post("alice", "@brand " + marker + " where is my parcel? 📦", null, null);

    Conversation c = awaitConversationWith(marker);
    assertThat(c.kind()).isEqualTo(ConversationKind.MENTION);
    Message first = conversations.messages(c.id()).getFirst();
    assertThat(first.externalId()).isEqualTo(mention);
    assertThat(first.authorHandle()).startsWith("alice");
    assertThat(first.text()).contains(marker + " where is my parcel? 📦").doesNotContain("<");

    long reply = conversations.queueReply(workspace, c.id(), agent, "On its way, " + marker);
    deliverNow(c, reply);

    Message sent = message(c.id(), reply);
    assertThat(sent.deliveryState()).isEqualTo(DeliveryState.SENT);
    JsonNode posted = http.get(base + "/api/v1/statuses/" + sent.externalId(), brandToken()).json();
    assertThat(posted.path("in_reply_to_id").asString()).isEqualTo(mention);
    assertThat(posted.path("visibility").asString()).isEqualTo("public");
    // alice sees the reply in her thread once the server delivered it
    Poll.until(
        "the reply shows under alice's mention",
        DELIVERY,
        () -> {
          JsonNode context =
              http.get(base + "/api/v1/statuses/" + mention + "/context", aliceToken()).json();
          return ids(context.path("descendants")).contains(sent.externalId())
              ? null
              : "descendants " + ids(context.path("descendants"));
        },
        () -> "");
    // nothing is stored twice when polling again (snac may still deliver other tests' posts late)
    poller.poll(account, connector);
    assertThat(ours()).hasSize(1);
    assertThat(ours().getFirst().messageCount()).isEqualTo(2);
  }

  @Test
  void aDirectStatusIsAnsweredPrivatelyAndReachesItsAuthor() throws Exception {
    String dm = post("alice", "@brand " + marker + " my address is private", null, "direct");
    Conversation c = awaitConversationWith(marker);

    long reply = conversations.queueReply(workspace, c.id(), agent, "Thanks " + marker);
    deliverNow(c, reply);

    Message sent = message(c.id(), reply);
    assertThat(sent.deliveryState()).isEqualTo(DeliveryState.SENT);
    JsonNode posted = http.get(base + "/api/v1/statuses/" + sent.externalId(), brandToken()).json();
    assertThat(posted.path("in_reply_to_id").asString()).isEqualTo(dm);
    // snac reports direct as "private"; either way the reply is not public
    assertThat(posted.path("visibility").asString()).isIn("direct", "private");
    Poll.until(
        "alice is notified of the private reply",
        DELIVERY,
        () ->
            ids(http.get(base + "/api/v1/notifications?limit=40", aliceToken()).json(), "status")
                    .contains(sent.externalId())
                ? null
                : "not yet",
        () -> "");
  }

  @Test
  void afterDowntimeAllFiftyPostsArriveOnceAndThreaded() throws Exception {
    // The connector is down (nobody polls) while alice writes 10 threads of 5 posts each.
    List<String> threadRoots = new ArrayList<>();
    for (int t = 0; t < 10; t++) {
      String parent = null;
      for (int i = 0; i < 5; i++) {
        parent = post("alice", "@brand " + marker + " thread " + t + " post " + i, parent, null);
        if (i == 0) {
          threadRoots.add(parent);
        }
      }
    }
    // Back up: polling catches up page by page (40 per page) until all 50 are in.
    Poll.until(
        "all 50 posts are in the inbox",
        Duration.ofSeconds(90),
        () -> {
          poller.poll(account, connector);
          int messages = ours().stream().mapToInt(Conversation::messageCount).sum();
          return messages == 50 ? null : messages + " messages";
        },
        () -> String.valueOf(cursors.health(account.id())));
    List<Conversation> inbox = ours();
    assertThat(inbox).hasSize(10).allSatisfy(c -> assertThat(c.messageCount()).isEqualTo(5));
    for (Conversation c : inbox) {
      List<Message> messages = conversations.messages(c.id());
      String thread = messages.getFirst().text().replaceAll(".*thread (\\d+) post.*", "$1");
      assertThat(messages).allSatisfy(m -> assertThat(m.text()).contains("thread " + thread + " "));
    }
    poller.poll(account, connector);
    assertThat(ours().stream().mapToInt(Conversation::messageCount).sum())
        .as("polling again stores none of them twice")
        .isEqualTo(50);
  }

  @Test
  void whenTheAnswerToAPostIsLostTheRetryFindsItAndNothingIsPostedTwice() throws Exception {
    String mention = post("alice", "@brand " + marker + " hello?", null, null);
    Conversation c = awaitConversationWith(marker);
    try (ForwardingProxy proxy = new ForwardingProxy(base)) {
      accounts.updateEndpoint(
          account.id(), proxy.url(), Map.of(MastodonConnector.TOKEN, brandToken()));
      proxy.loseAnswers(
          1,
          e ->
              e.getRequestMethod().equals("POST")
                  && e.getRequestURI().getPath().equals("/api/v1/statuses"));

      long reply = conversations.queueReply(workspace, c.id(), agent, "Hi there " + marker);
      Poll.until(
          "the reply is sent",
          Duration.ofSeconds(30),
          () -> {
            dispatcher.dispatchDue();
            return message(c.id(), reply).deliveryState() == DeliveryState.SENT
                ? null
                : String.valueOf(dispatcher.forMessage(reply));
          },
          () -> "");
      assertThat(proxy.lost()).isEqualTo(1);
      List<JsonNode> replies = brandStatusesContaining("Hi there " + marker);
      assertThat(replies).hasSize(1);
      assertThat(replies.getFirst().path("in_reply_to_id").asString()).isEqualTo(mention);
      assertThat(message(c.id(), reply).externalId())
          .isEqualTo(replies.getFirst().path("id").asString());
    }
  }

  @Test
  void aReplyOverTheServersLimitIsRefusedBeforeAnythingIsSent() throws Exception {
    post("alice", "@brand " + marker + " tell me everything", null, null);
    Conversation c = awaitConversationWith(marker);
    // snac allows 100000 characters (it says so in /api/v1/instance); the "@alice " the
    // connector puts in front of the reply pushes this one over
    String text = marker + " " + "x".repeat(100_000 - marker.length() - 1);

    long reply = conversations.queueReply(workspace, c.id(), agent, text);
    Poll.until(
        "the delivery ends",
        Duration.ofSeconds(30),
        () -> {
          dispatcher.dispatchDue();
          return message(c.id(), reply).deliveryState() == DeliveryState.QUEUED ? "queued" : null;
        },
        () -> String.valueOf(dispatcher.forMessage(reply)));

    Message failed = message(c.id(), reply);
    assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
    assertThat(failed.deliveryError())
        .contains("100007 characters")
        .contains("limit here is 100000");
    assertThat(brandStatusesContaining(marker)).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  private ChannelAccount connect(String url) {
    return accounts.add(
        workspace,
        Network.MASTODON,
        "brand",
        "Brand",
        env.get("MASTODON_BRAND_ACCOUNT_ID"),
        url,
        Map.of(MastodonConnector.TOKEN, brandToken()));
  }

  private ConnectedAccount with(String url, String token) {
    return new ConnectedAccount(
        account.id(),
        workspace,
        Network.MASTODON,
        "brand",
        env.get("MASTODON_BRAND_ACCOUNT_ID"),
        url,
        Map.of(MastodonConnector.TOKEN, token));
  }

  private String post(String user, String text, String inReplyTo, String visibility) {
    var answer =
        http.postForm(
            base + "/api/v1/statuses",
            env.get("MASTODON_" + user.toUpperCase() + "_TOKEN"),
            form("status", text, "in_reply_to_id", inReplyTo, "visibility", visibility));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().path("id").asString();
  }

  private Conversation awaitConversationWith(String marker) throws Exception {
    Poll.until(
        "a conversation with " + marker + " is in the inbox",
        DELIVERY,
        () -> {
          poller.poll(account, connector);
          return inbox().stream().anyMatch(c -> hasText(c, marker)) ? null : "not yet";
        },
        () -> String.valueOf(cursors.health(account.id())));
    return inbox().stream().filter(c -> hasText(c, marker)).findFirst().orElseThrow();
  }

  /** Runs the outbox until the reply left the queue (snac sometimes drops a connection). */
  private void deliverNow(Conversation c, long reply) throws Exception {
    Poll.until(
        "the reply leaves the queue",
        Duration.ofSeconds(30),
        () -> {
          dispatcher.dispatchDue();
          return message(c.id(), reply).deliveryState() == DeliveryState.QUEUED ? "queued" : null;
        },
        () -> String.valueOf(dispatcher.forMessage(reply)));
  }

  private boolean hasText(Conversation c, String text) {
    return conversations.messages(c.id()).stream().anyMatch(m -> m.text().contains(text));
  }

  private List<JsonNode> brandStatusesContaining(String text) {
    JsonNode statuses =
        http.get(
                base
                    + "/api/v1/accounts/"
                    + env.get("MASTODON_BRAND_ACCOUNT_ID")
                    + "/statuses?limit=40",
                brandToken())
            .json();
    return StreamSupport.stream(statuses.spliterator(), false)
        .filter(s -> s.path("content").asString("").contains(text))
        .toList();
  }

  private static List<String> ids(JsonNode array) {
    return ids(array, null);
  }

  private static List<String> ids(JsonNode array, String inner) {
    List<String> ids = new ArrayList<>();
    for (JsonNode node : array) {
      ids.add((inner == null ? node : node.path(inner)).path("id").asString(""));
    }
    return ids;
  }

  /**
   * This test's conversations: snac delivers through a queue, so a late notification of an earlier
   * test (or run) can reach the brand while this one runs.
   */
  private List<Conversation> ours() {
    return inbox().stream().filter(c -> hasText(c, marker)).toList();
  }

  private List<Conversation> inbox() {
    return conversations.list(
        new InboxFilter(workspace, null, null, InboxFilter.Assignment.ALL, 0, null, 100));
  }

  private Message message(long conversation, long id) {
    return conversations.messages(conversation).stream()
        .filter(m -> m.id() == id)
        .findFirst()
        .orElseThrow();
  }

  private String brandToken() {
    return env.get("MASTODON_BRAND_TOKEN");
  }

  private String aliceToken() {
    return env.get("MASTODON_ALICE_TOKEN");
  }
}
