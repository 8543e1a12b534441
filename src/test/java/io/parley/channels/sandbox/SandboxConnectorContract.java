package io.parley.channels.sandbox;

import static io.parley.sandbox.SandboxApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.parley.accounts.FirstRun;
import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ConnectorCursors;
import io.parley.conversations.Conversation;
import io.parley.conversations.ConversationKind;
import io.parley.conversations.Conversations;
import io.parley.conversations.DeliveryState;
import io.parley.conversations.Direction;
import io.parley.conversations.InboxFilter;
import io.parley.conversations.Message;
import io.parley.ingestion.ConnectorPoller;
import io.parley.outbox.OutboxEntry;
import io.parley.outbox.ReplyDispatcher;
import io.parley.sandbox.SandboxApi;
import io.parley.sandbox.SandboxNetwork;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox connector against a real sandbox network over HTTP, through the real poller,
 * ingestion, conversations and outbox; run on H2 and PostgreSQL (see {@link SandboxConnectorTest}).
 */
abstract class SandboxConnectorContract {

  @Autowired SandboxConnector connector;
  @Autowired ConnectorPoller poller;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired Conversations conversations;
  @Autowired ChannelAccounts accounts;
  @Autowired ConnectorCursors cursors;
  @Autowired Users users;
  @Autowired Fixtures fixtures;
  @Autowired FirstRun firstRun;

  SandboxNetwork network;
  SandboxApi api;
  ChannelAccount account;
  long workspace;
  long agent;

  @BeforeEach
  void setUp() {
    network = SandboxNetwork.start(SandboxNetwork.Options.forTests());
    api = new SandboxApi(network.url());
    var ws = fixtures.workspace();
    workspace = ws.id();
    agent = users.create(workspace, ws.slug() + "@agent.test", "Agent", "x", Role.AGENT).id();
    account =
        accounts.add(
            workspace,
            Network.SANDBOX,
            "northwind",
            "Northwind Outfitters",
            null,
            network.url().toString(),
            Map.of(SandboxConnector.TOKEN, network.brandToken()));
  }

  @AfterEach
  void tearDown() {
    network.close();
  }

  @Test
  void pollingThreadsConversationsAndStoresNothingTwice() {
    String brandPost = brandPost("New: the Ridgeline rain jacket 🏔️");
    String mention =
        customer("hiker_jo", "@northwind my order NW-12345 never arrived", null, false);
    customer("hiker_jo", "Still waiting…", mention, false);
    String comment = customer("lea_grimpe", "Does it come in XS?", brandPost, false);
    customer("zofia_w", "I'd like to know too", comment, false);
    String dm = customer("mei_hikes", "Hi, can I change my delivery address?", null, true);
    customer("mei_hikes", "Order NW-55555 by the way", dm, false);
    customer("zofia_w", "nice weather, no brand here", null, false);

    int stored = poller.poll(account, connector);
    int again = poller.poll(account, connector);

    assertThat(stored).isEqualTo(6);
    assertThat(again).isZero();
    List<Conversation> inbox = inbox();
    assertThat(inbox)
        .extracting(Conversation::kind, Conversation::messageCount)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ConversationKind.MENTION, 2),
            org.assertj.core.groups.Tuple.tuple(ConversationKind.PUBLIC_THREAD, 2),
            org.assertj.core.groups.Tuple.tuple(ConversationKind.DIRECT_MESSAGE, 2));
    Conversation thread = only(inbox, ConversationKind.PUBLIC_THREAD);
    assertThat(thread.contextExternalId()).isEqualTo(brandPost);
    Message first = conversations.messages(only(inbox, ConversationKind.MENTION).id()).getFirst();
    assertThat(first.authorHandle()).isEqualTo("hiker_jo");
    assertThat(first.authorName()).isEqualTo("Jo Whitfield");
    assertThat(first.text()).isEqualTo("@northwind my order NW-12345 never arrived");
    assertThat(cursors.cursor(account.id())).isPresent();

    // edits and deletions on the network reach the stored messages
    api.method("PATCH", "/admin/posts/" + mention, null, json("text", "@northwind order NW-1?"));
    poller.poll(account, connector);
    Message edited =
        conversations.messages(only(inbox(), ConversationKind.MENTION).id()).getFirst();
    assertThat(edited.text()).isEqualTo("@northwind order NW-1?");
    assertThat(edited.edited()).isTrue();
  }

  @Test
  void aReplyIsPostedExactlyOnceInReplyToTheRightPostAndTheAnswerThreadsBack() {
    String mention =
        customer("hiker_jo", "@northwind need a jacket for a hike next week, where?", null, false);
    String followUp = customer("hiker_jo", "Size M ideally", mention, false);
    poller.poll(account, connector);
    Conversation c = only(inbox(), ConversationKind.MENTION);

    long reply = conversations.queueReply(workspace, c.id(), agent, "Try the Ridgeline in M!");
    dispatcher.dispatchDue();

    Message sent = message(c.id(), reply);
    assertThat(sent.deliveryState()).isEqualTo(DeliveryState.SENT);
    List<JsonNode> posted = brandPosts("Try the Ridgeline in M!");
    assertThat(posted).hasSize(1);
    assertThat(posted.getFirst().path("inReplyTo").asString()).isEqualTo(followUp);
    assertThat(sent.externalId()).isEqualTo(posted.getFirst().path("id").asString());

    // The sandbox customer answers the brand's reply; it lands in the same conversation, and the
    // brand's own reply coming back through the feed is not stored a second time.
    awaitTrue(
        () -> {
          poller.poll(account, connector);
          return conversations.messages(c.id()).size() == 4;
        });
    List<Message> messages = conversations.messages(c.id());
    assertThat(messages.getLast().direction()).isEqualTo(Direction.IN);
    assertThat(messages.getLast().inReplyToExternalId()).isEqualTo(sent.externalId());
    assertThat(messages).filteredOn(m -> m.direction() == Direction.OUT).hasSize(1);
    assertThat(inbox()).hasSize(1);
  }

  @Test
  void aDirectMessageReplyStaysInTheThread() {
    String dm = customer("mei_hikes", "Hi, where is my refund?", null, true);
    poller.poll(account, connector);
    Conversation c = only(inbox(), ConversationKind.DIRECT_MESSAGE);

    long reply = conversations.queueReply(workspace, c.id(), agent, "Checking now, one moment");
    dispatcher.dispatchDue();

    assertThat(message(c.id(), reply).deliveryState()).isEqualTo(DeliveryState.SENT);
    JsonNode post = brandPosts("Checking now, one moment").getFirst();
    assertThat(post.path("inReplyTo").asString()).isEqualTo(dm);
    assertThat(post.path("dmThread").asString()).isEqualTo(c.contextExternalId());
  }

  @Test
  void faultsDelayDeliveryButStillEndWithExactlyOnePost() {
    customer("rainy_ruth", "@northwind zipper broke on my jacket", null, false);
    poller.poll(account, connector);
    Conversation c = only(inbox(), ConversationKind.MENTION);
    long reply = conversations.queueReply(workspace, c.id(), agent, "So sorry! Bring it in.");

    api.post("/admin/faults", null, json("rate5xx", 1.0));
    dispatcher.dispatchDue();
    assertThat(entry(reply).state()).isEqualTo("PENDING");
    assertThat(entry(reply).lastError()).contains("503");

    // the post is made, but the answer is lost: only the idempotency key saves us now
    api.post("/admin/faults", null, json("rateLostResponse", 1.0));
    awaitTrue(
        () -> {
          dispatcher.dispatchDue();
          return entry(reply).attempts() == 2;
        });
    assertThat(brandPosts("So sorry! Bring it in.")).hasSize(1);
    assertThat(message(c.id(), reply).deliveryState()).isNotEqualTo(DeliveryState.SENT);

    api.post("/admin/faults", null, json("rate429", 1.0, "retryAfterSeconds", 1));
    awaitTrue(
        () -> {
          dispatcher.dispatchDue();
          return entry(reply).attempts() == 3;
        });
    assertThat(entry(reply).lastError()).contains("429");

    api.post("/admin/faults", null, json());
    awaitTrue(
        () -> {
          dispatcher.dispatchDue();
          return "SENT".equals(entry(reply).state());
        });
    List<JsonNode> posted = brandPosts("So sorry! Bring it in.");
    assertThat(posted).hasSize(1);
    assertThat(message(c.id(), reply).externalId())
        .isEqualTo(posted.getFirst().path("id").asString());
  }

  @Test
  void aRejectedReplyFailsWithTheNetworksReason() {
    String mention = customer("nadia_k", "@northwind hello?", null, false);
    poller.poll(account, connector);
    Conversation c = only(inbox(), ConversationKind.MENTION);
    api.method("DELETE", "/admin/posts/" + mention, null, null);

    long reply = conversations.queueReply(workspace, c.id(), agent, "Hi Nadia!");
    dispatcher.dispatchDue();

    assertThat(entry(reply).state()).isEqualTo("FAILED");
    assertThat(message(c.id(), reply).deliveryError()).contains("was deleted");
    assertThat(brandPosts("Hi Nadia!")).isEmpty();
  }

  @Test
  void aMalformedEventIsRejectedWithAReasonAndTheRestOfThePageIsStored() throws IOException {
    String page =
        """
        {"events":[
          {"seq":1,"type":"created","post":{"id":"x1","kind":"mention","text":"@northwind hi",
            "author":{"id":"u1","handle":"ann","name":"Ann","followers":3},
            "createdAt":"2026-11-01T10:00:00Z"}},
          {"seq":2,"type":"created","post":{"id":"x2","kind":"mention","text":"broken",
            "author":{"id":"u2","handle":"bob"}}},
          {"seq":3,"type":"teleported","post":{"id":"x3"}},
          {"seq":4,"type":"created","post":{"id":"x4","kind":"reply","inReplyTo":"x1",
            "text":"anyone?","author":{"id":"u1","handle":"ann"},
            "createdAt":"2026-11-01T10:05:00Z"}}
        ],"next":4,"hasMore":false}
        """;
    HttpServer fake =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    fake.createContext(
        "/",
        exchange -> {
          byte[] body = page.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    fake.start();
    try {
      accounts.updateEndpoint(
          account.id(),
          "http://127.0.0.1:" + fake.getAddress().getPort(),
          Map.of(SandboxConnector.TOKEN, "t"));
      var connected = accounts.connect(accounts.byId(account.id()).orElseThrow());

      var fetched = connector.fetch(connected, null);
      assertThat(fetched.items()).extracting(i -> i.externalId()).containsExactly("x1", "x4");
      assertThat(fetched.unreadable())
          .containsExactly("event 2: createdAt is missing", "event 3: unknown type \"teleported\"");

      assertThat(poller.poll(accounts.byId(account.id()).orElseThrow(), connector)).isEqualTo(2);
      assertThat(cursors.cursor(account.id())).contains("4");
      assertThat(inbox()).singleElement().extracting(Conversation::messageCount).isEqualTo(2);
    } finally {
      fake.stop(0);
    }
  }

  @Test
  void verifyExplainsWhatIsWrong() {
    var good = accounts.connect(account);
    assertThat(connector.verify(good).ok()).isTrue();
    assertThat(connector.verify(good).reason()).contains("@northwind");

    accounts.updateEndpoint(account.id(), network.url().toString(), Map.of("token", "nope"));
    var badToken = accounts.connect(accounts.byId(account.id()).orElseThrow());
    assertThat(connector.verify(badToken).ok()).isFalse();
    assertThat(connector.verify(badToken).reason()).contains("rejected the token");

    accounts.updateEndpoint(account.id(), "http://127.0.0.1:1", Map.of("token", "x"));
    var unreachable = accounts.connect(accounts.byId(account.id()).orElseThrow());
    assertThat(connector.verify(unreachable).ok()).isFalse();
    assertThat(connector.verify(unreachable).reason()).contains("Cannot reach the sandbox");
  }

  @Test
  void provisioningPointsTheDemoAccountAtTheRunningSandbox() {
    var env = new MockEnvironment();
    env.setProperty("parley.sandbox.enabled", "true");
    env.setProperty("parley.sandbox.embedded-url", network.url().toString());
    var provisioning = new SandboxProvisioning(firstRun, accounts, env);

    ChannelAccount created = provisioning.provision().orElseThrow();
    assertThat(created.baseUrl()).isEqualTo(network.url().toString());
    assertThat(accounts.connect(created).secret(SandboxConnector.TOKEN))
        .isEqualTo(network.brandToken());
    assertThat(connector.verify(accounts.connect(created)).ok()).isTrue();

    try (SandboxNetwork moved = SandboxNetwork.start(SandboxNetwork.Options.forTests())) {
      env.setProperty("parley.sandbox.embedded-url", moved.url().toString());
      ChannelAccount updated = provisioning.provision().orElseThrow();
      assertThat(updated.id()).isEqualTo(created.id());
      assertThat(updated.baseUrl()).isEqualTo(moved.url().toString());
      assertThat(accounts.connect(updated).secret(SandboxConnector.TOKEN))
          .isEqualTo(moved.brandToken());
    }

    env.setProperty("parley.sandbox.enabled", "false");
    assertThat(provisioning.provision().orElseThrow().enabled()).isFalse();
    assertThat(accounts.byId(created.id()).orElseThrow().enabled()).isFalse();
  }

  // ---------------------------------------------------------------- helpers

  private String brandPost(String text) {
    var r = api.post("/api/v1/posts", network.brandToken(), json("text", text));
    assertThat(r.status()).isEqualTo(201);
    return r.json().path("id").asString();
  }

  private String customer(String handle, String text, String inReplyTo, boolean dm) {
    return api.customerPost(handle, text, inReplyTo, dm);
  }

  private List<JsonNode> brandPosts(String text) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode p : api.get("/api/v1/accounts/northwind/posts", null).json().path("posts")) {
      if (p.path("text").asString().equals(text)) {
        found.add(p);
      }
    }
    return found;
  }

  private List<Conversation> inbox() {
    return conversations.list(
        new InboxFilter(workspace, null, null, InboxFilter.Assignment.ALL, 0, null, 100));
  }

  private static Conversation only(List<Conversation> inbox, ConversationKind kind) {
    List<Conversation> matching = inbox.stream().filter(c -> c.kind() == kind).toList();
    assertThat(matching).hasSize(1);
    return matching.getFirst();
  }

  private Message message(long conversation, long id) {
    return conversations.messages(conversation).stream()
        .filter(m -> m.id() == id)
        .findFirst()
        .orElseThrow();
  }

  private OutboxEntry entry(long messageId) {
    return dispatcher.forMessage(messageId).orElseThrow();
  }

  /** Polls {@code condition} until it holds or 20 seconds pass (retries wait out real backoff). */
  private static void awaitTrue(BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("Condition not met within 20 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
  }
}
