package io.parley.channels.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.accounts.Role;
import io.parley.accounts.Users;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ConnectedAccount;
import io.parley.channels.ConnectorCursors;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.channels.OutgoingPost;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The Bluesky connector against a real local AT Protocol network ({@code @atproto/dev-env}: PLC,
 * PDS, AppView; started by {@code shared/peers/bluesky/start.sh}), through the real poller,
 * ingestion, conversations and outbox. The AppView indexes asynchronously (≈1 s), so effects are
 * polled for; each test writes a unique marker and looks only for it.
 */
@OnH2
class BlueskyConnectorTest {

  private static final Duration INDEXING = Duration.ofSeconds(15);

  @Autowired BlueskyConnector connector;
  @Autowired ConnectorPoller poller;
  @Autowired ReplyDispatcher dispatcher;
  @Autowired Conversations conversations;
  @Autowired ChannelAccounts accounts;
  @Autowired ConnectorCursors cursors;
  @Autowired Users users;
  @Autowired Fixtures fixtures;
  @Autowired io.parley.channels.Signals signals;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

  Peers.Env env;
  PeerHttp http = new PeerHttp();
  String pds;
  ChannelAccount account;
  long workspace;
  long agent;
  String marker;
  final Map<String, String> tokens = new HashMap<>();

  @BeforeEach
  void setUp() {
    env = Peers.bluesky();
    pds = env.get("BSKY_PDS_URL");
    var ws = fixtures.workspace();
    workspace = ws.id();
    agent = users.create(workspace, ws.slug() + "@agent.test", "Agent", "x", Role.AGENT).id();
    account = add(pds, Map.of());
    // The connector has been running: start after what earlier tests left on the network.
    FetchPage now = connector.fetch(accounts.connect(account), null);
    if (now.nextCursor() != null) {
      cursors.advance(account.id(), now.nextCursor());
    }
    marker = "m" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void likesRepostsAndFollowsAreCountedOnceAndAreNotConversations() throws Exception {
    Ref brandPost = post("brand", "New lanterns are in " + marker, null, null, false);
    var subject = Map.of("uri", brandPost.uri(), "cid", brandPost.cid());
    String now = java.time.Instant.now().toString();
    String like =
        create("alice", "app.bsky.feed.like", Map.of("subject", subject, "createdAt", now));
    String repost =
        create("alice", "app.bsky.feed.repost", Map.of("subject", subject, "createdAt", now));
    String follow =
        create("bob", "app.bsky.graph.follow", Map.of("subject", brandDid(), "createdAt", now));

    // The network is shared with earlier tests and runs: look at this test's records only.
    Poll.until(
        "the like, the repost and the follow are counted",
        INDEXING,
        () -> {
          poller.poll(account, connector);
          var kinds = List.of(signalKind(like), signalKind(repost), signalKind(follow));
          return kinds.equals(List.of("FAVOURITE", "BOOST", "FOLLOW")) ? null : kinds.toString();
        },
        () -> "");
    cursors.advance(account.id(), null);
    poller.poll(account, connector);
    assertThat(List.of(like, repost, follow))
        .as("fetched again from the start: nothing counted twice")
        .allSatisfy(uri -> assertThat(signalRows(uri)).isEqualTo(1));
    assertThat(signals.onPosts(account.id(), List.of(brandPost.uri())).get(brandPost.uri()))
        .containsEntry(io.parley.channels.InboundSignal.Kind.FAVOURITE, 1)
        .containsEntry(io.parley.channels.InboundSignal.Kind.BOOST, 1);
    assertThat(inbox()).noneMatch(c -> hasText(c, marker));
  }

  @Test
  void connectingFindsThePdsInTheDidDocumentAndExplainsFailures() {
    var check = connector.verify(accounts.connect(account));
    assertThat(check.ok()).as(check.reason()).isTrue();
    // the DID document advertises the PDS as http://localhost:2583
    assertThat(check.reason()).contains("@brand.test").contains("via http://localhost:2583");
    assertThat(connector.sessionOf(accounts.connect(account)).did()).isEqualTo(brandDid());

    var byDid = connected(pds, brandDid(), env.get("BSKY_BRAND_PASSWORD"), Map.of());
    assertThat(connector.verify(byDid).ok()).isTrue();

    var badPassword = connected(pds, "brand.test", "wrong-pass", Map.of());
    assertThat(connector.verify(badPassword).reason())
        .contains("rejected the handle or app password");
    assertThat(connector.verify(connected("bsky social", "brand.test", "x", Map.of())).reason())
        .contains("is not a server address");
    assertThat(
            connector.verify(connected("http://127.0.0.1:1", "brand.test", "x", Map.of())).reason())
        .contains("Cannot reach")
        .contains("down");
    var alice = connected(pds, "alice.test", env.get("BSKY_ALICE_PASSWORD"), Map.of());
    assertThat(connector.verify(alice).reason()).contains("belong to @alice.test");
  }

  @Test
  void aMentionReachesTheInboxAndRepliesLandInTheRightThread() throws Exception {
    Ref mention = post("alice", "hey @brand.test " + marker + " my order?", null, null, true);

    Conversation c = awaitConversationWith(marker);
    assertThat(c.kind()).isEqualTo(ConversationKind.MENTION);
    Message first = conversations.messages(c.id()).getFirst();
    assertThat(first.externalId()).isEqualTo(mention.uri());
    assertThat(first.authorHandle()).isEqualTo("alice.test");
    assertThat(first.authorExternalId()).isEqualTo(env.get("BSKY_ALICE_DID"));

    long reply = conversations.queueReply(workspace, c.id(), agent, "Shipped today " + marker);
    dispatcher.dispatchDue();
    Message sent = message(c.id(), reply);
    assertThat(sent.deliveryState()).isEqualTo(DeliveryState.SENT);
    JsonNode record = record(sent.externalId());
    assertThat(record.path("reply").path("root").path("uri").asString()).isEqualTo(mention.uri());
    assertThat(record.path("reply").path("parent").path("uri").asString()).isEqualTo(mention.uri());
    assertThat(record.path("reply").path("parent").path("cid").asString()).isEqualTo(mention.cid());
    awaitInThread(mention.uri(), sent.externalId());

    // alice answers the brand's reply: same conversation; the next reply keeps the root
    JsonNode brandPost = record(sent.externalId());
    Ref brandRef = new Ref(sent.externalId(), cidOf(sent.externalId()));
    assertThat(brandPost.path("text").asString()).isEqualTo("Shipped today " + marker);
    Ref followUp = post("alice", "thanks! " + marker + " tracking?", brandRef, mention, false);
    Poll.until(
        "the follow-up joins the conversation",
        INDEXING,
        () -> {
          poller.poll(account, connector);
          return conversations.messages(c.id()).size() == 3 ? null : "not yet";
        },
        () -> inbox().toString());
    assertThat(inbox()).hasSize(1);
    long second = conversations.queueReply(workspace, c.id(), agent, "Link sent " + marker);
    dispatcher.dispatchDue();
    Message sent2 = message(c.id(), second);
    JsonNode record2 = record(sent2.externalId());
    assertThat(record2.path("reply").path("root").path("uri").asString()).isEqualTo(mention.uri());
    assertThat(record2.path("reply").path("parent").path("uri").asString())
        .isEqualTo(followUp.uri());
    assertThat(poller.poll(account, connector)).isZero();
  }

  @Test
  void unicodeAndEmojiFacetsKeepTheirPlaceBothWays() throws Exception {
    String text = "Grüße 👩‍👩‍👧 @brand.test " + marker + " → https://example.com/ü #Café";
    post("alice", text, null, null, true);
    List<InboundItem> items = new ArrayList<>();
    Poll.until(
        "the mention is listed",
        INDEXING,
        () -> {
          items.addAll(
              connector
                  .fetch(accounts.connect(account), cursors.cursor(account.id()).orElse(null))
                  .items());
          return items.stream().anyMatch(i -> i.text().contains(marker)) ? null : "not yet";
        },
        () -> "");
    InboundItem item = items.stream().filter(i -> i.text().contains(marker)).findFirst().get();
    assertThat(item.text()).isEqualTo(text);
    assertThat(item.entities())
        .extracting(e -> e.type() + ":" + text.substring(e.start(), e.end()) + "=" + e.value())
        .containsExactlyInAnyOrder(
            "mention:@brand.test=" + brandDid(),
            "link:https://example.com/ü=https://example.com/ü",
            "hashtag:#Café=Café");

    String reply = "🎉 Danke @alice.test! Siehe https://example.org/ä #Café " + marker;
    var result =
        connector.deliver(
            accounts.connect(account),
            new OutgoingPost(reply, item.externalId(), null, false),
            UUID.randomUUID().toString());
    assertThat(result).isInstanceOf(DeliveryResult.Delivered.class);
    JsonNode record = record(((DeliveryResult.Delivered) result).externalId());
    byte[] bytes = record.path("text").asString().getBytes(StandardCharsets.UTF_8);
    List<String> facets = new ArrayList<>();
    for (JsonNode facet : record.path("facets")) {
      int start = facet.path("index").path("byteStart").asInt();
      int end = facet.path("index").path("byteEnd").asInt();
      JsonNode feature = facet.path("features").get(0);
      facets.add(
          new String(Arrays.copyOfRange(bytes, start, end), StandardCharsets.UTF_8)
              + "="
              + feature
                  .path("did")
                  .asString(feature.path("uri").asString(feature.path("tag").asString())));
    }
    assertThat(facets)
        .containsExactlyInAnyOrder(
            "@alice.test=" + env.get("BSKY_ALICE_DID"),
            "https://example.org/ä=https://example.org/ä",
            "#Café=Café");
  }

  @Test
  void afterDowntimeAllFiftyPostsArriveOnceAndThreaded() throws Exception {
    // nobody polls while alice writes 10 threads of 5 posts, each mentioning the brand
    for (int t = 0; t < 10; t++) {
      Ref root = null;
      Ref parent = null;
      for (int i = 0; i < 5; i++) {
        Ref posted =
            post(
                "alice",
                "@brand.test " + marker + " thread " + t + " post " + i,
                parent,
                root,
                true);
        if (root == null) {
          root = posted;
        }
        parent = posted;
      }
    }
    // back up, reading 7 notifications per page: the timestamp cursor and page overlaps matter
    connector.pageSize(7);
    try {
      Poll.until(
          "all 50 posts are in the inbox",
          Duration.ofSeconds(60),
          () -> {
            poller.poll(account, connector);
            int messages = inbox().stream().mapToInt(Conversation::messageCount).sum();
            return messages == 50 ? null : messages + " messages";
          },
          () -> String.valueOf(cursors.health(account.id())));
    } finally {
      connector.pageSize(BlueskyConnector.PAGE_SIZE);
    }
    List<Conversation> inbox = inbox();
    assertThat(inbox).hasSize(10).allSatisfy(c -> assertThat(c.messageCount()).isEqualTo(5));
    for (Conversation c : inbox) {
      List<Message> messages = conversations.messages(c.id());
      String thread = messages.getFirst().text().replaceAll(".*thread (\\d+) post.*", "$1");
      assertThat(messages).allSatisfy(m -> assertThat(m.text()).contains("thread " + thread + " "));
    }
    assertThat(poller.poll(account, connector)).isZero();
  }

  @Test
  void whenTheAnswerToAPostIsLostTheRetryFindsItAndNothingIsPostedTwice() throws Exception {
    Ref mention = post("alice", "@brand.test " + marker + " hello?", null, null, true);
    Conversation c = awaitConversationWith(marker);
    try (ForwardingProxy proxy = new ForwardingProxy(pds)) {
      accounts.updateEndpoint(
          account.id(),
          proxy.url(),
          Map.of(
              BlueskyConnector.IDENTIFIER, "brand.test",
              BlueskyConnector.PASSWORD, env.get("BSKY_BRAND_PASSWORD"),
              BlueskyConnector.PDS_URL, proxy.url()));
      proxy.loseAnswers(1, e -> e.getRequestURI().getPath().endsWith("createRecord"));

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
      List<JsonNode> posted = brandRecordsWith("Hi there " + marker);
      assertThat(posted).hasSize(1);
      assertThat(
              posted.getFirst().path("value").path("reply").path("parent").path("uri").asString())
          .isEqualTo(mention.uri());
      assertThat(message(c.id(), reply).externalId())
          .isEqualTo(posted.getFirst().path("uri").asString());
    }
  }

  @Test
  void aReplyToADeletedPostIsRefusedWithAReason() throws Exception {
    Ref mention = post("alice", "@brand.test " + marker + " never mind", null, null, true);
    Conversation c = awaitConversationWith(marker);
    String rkey = mention.uri().substring(mention.uri().lastIndexOf('/') + 1);
    var deleted =
        http.postJson(
            pds + "/xrpc/com.atproto.repo.deleteRecord",
            token("alice"),
            Map.of(
                "repo",
                env.get("BSKY_ALICE_DID"),
                "collection",
                "app.bsky.feed.post",
                "rkey",
                rkey));
    assertThat(deleted.status()).isEqualTo(200);
    Poll.until(
        "the AppView forgets the post",
        INDEXING,
        () ->
            http.get(pds + "/xrpc/app.bsky.feed.getPosts?uris=" + mention.uri(), token("alice"))
                    .json()
                    .path("posts")
                    .isEmpty()
                ? null
                : "still there",
        () -> "");

    long reply = conversations.queueReply(workspace, c.id(), agent, "Sorry to hear " + marker);
    dispatcher.dispatchDue();
    Message failed = message(c.id(), reply);
    assertThat(failed.deliveryState()).isEqualTo(DeliveryState.FAILED);
    assertThat(failed.deliveryError()).contains("deleted");
    assertThat(brandRecordsWith("Sorry to hear " + marker)).isEmpty();
  }

  @Test
  void aPostDeletedOnTheNetworkShowsAsDeletedWithItsTextKeptInHistory() throws Exception {
    Ref gone = post("alice", "@brand.test " + marker + " oops, wrong account", null, null, true);
    Ref kept = post("alice", "@brand.test " + marker + " still here", gone, null, true);
    Poll.until(
        "both posts are in the inbox",
        INDEXING,
        () -> {
          poller.poll(account, connector);
          return inbox().stream().anyMatch(c -> hasText(c, "still here")) ? null : "not yet";
        },
        () -> String.valueOf(cursors.health(account.id())));
    Conversation c = awaitConversationWith(marker + " oops");
    String rkey = gone.uri().substring(gone.uri().lastIndexOf('/') + 1);
    var deleted =
        http.postJson(
            pds + "/xrpc/com.atproto.repo.deleteRecord",
            token("alice"),
            Map.of(
                "repo",
                env.get("BSKY_ALICE_DID"),
                "collection",
                "app.bsky.feed.post",
                "rkey",
                rkey));
    assertThat(deleted.status()).isEqualTo(200);
    Poll.until(
        "the post is found deleted",
        INDEXING,
        () -> poller.reconcile(account, connector) == 1 ? null : "not yet",
        () -> "");

    Message first = byExternalId(c.id(), gone.uri());
    assertThat(first.deleted()).isTrue();
    assertThat(first.text()).isEmpty();
    assertThat(conversations.revisions(first.id()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.change()).isEqualTo("DELETED");
              assertThat(r.oldText()).contains(marker + " oops, wrong account");
            });
    Message second = byExternalId(c.id(), kept.uri());
    assertThat(second.deleted()).isFalse();
    assertThat(second.text()).contains("still here");
    assertThat(poller.reconcile(account, connector)).as("nothing more is gone").isZero();
  }

  private Message byExternalId(long conversation, String externalId) {
    return conversations.messages(conversation).stream()
        .filter(m -> m.externalId().equals(externalId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void lengthIsCountedInGraphemesAndTooLongIsRefusedBeforeSending() throws Exception {
    // "é" written as e + combining accent: 2 chars, 3 bytes, 1 grapheme
    String accented = "e\u0301";
    var connected = accounts.connect(account);
    var tooLong =
        connector.deliver(
            connected,
            new OutgoingPost(
                marker + " " + accented.repeat(300 - marker.length()), null, null, false),
            UUID.randomUUID().toString());
    assertThat(tooLong).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(((DeliveryResult.Rejected) tooLong).reason()).contains("301 characters");
    assertThat(brandRecordsWith(marker)).isEmpty();

    String exactly = marker + " " + accented.repeat(299 - marker.length());
    assertThat(exactly.length()).isGreaterThan(300);
    var fits = connector.deliver(connected, new OutgoingPost(exactly, null, null, false), "k");
    assertThat(fits).isInstanceOf(DeliveryResult.Delivered.class);
    assertThat(brandRecordsWith(marker)).hasSize(1);
  }

  @Test
  void anExpiredAccessTokenIsRefreshedWithoutLoggingInAgain() throws Exception {
    try (ForwardingProxy proxy = new ForwardingProxy(pds)) {
      var connected =
          connected(
              proxy.url(),
              "brand.test",
              env.get("BSKY_BRAND_PASSWORD"),
              Map.of(BlueskyConnector.PDS_URL, proxy.url()));
      var before = connector.sessionOf(connected);
      connector.fetch(connected, null);
      assertThat(proxy.paths()).containsOnlyOnce("/xrpc/com.atproto.server.createSession");

      connector.expireAccessToken(connected.id());
      FetchPage page = connector.fetch(connected, null);

      var after = connector.sessionOf(connected);
      assertThat(page.nextCursor()).isNotNull();
      assertThat(proxy.paths())
          .containsOnlyOnce("/xrpc/com.atproto.server.createSession")
          .containsOnlyOnce("/xrpc/com.atproto.server.refreshSession");
      assertThat(after.refreshJwt()).isNotEqualTo(before.refreshJwt());
      assertThat(after.accessExpiry()).isAfter(java.time.Instant.now());
      connector.forget(connected.id());
    }
  }

  // ---------------------------------------------------------------- helpers

  record Ref(String uri, String cid) {}

  private ChannelAccount add(String url, Map<String, String> extra) {
    Map<String, String> secrets = new HashMap<>(extra);
    secrets.put(BlueskyConnector.IDENTIFIER, "brand.test");
    secrets.put(BlueskyConnector.PASSWORD, env.get("BSKY_BRAND_PASSWORD"));
    return accounts.add(
        workspace, Network.BLUESKY, "brand.test", "Brand", brandDid(), url, secrets);
  }

  private ConnectedAccount connected(
      String url, String identifier, String password, Map<String, String> extra) {
    Map<String, String> secrets = new HashMap<>(extra);
    secrets.put(BlueskyConnector.IDENTIFIER, identifier);
    secrets.put(BlueskyConnector.PASSWORD, password);
    return new ConnectedAccount(
        account.id() + 1_000_000,
        workspace,
        Network.BLUESKY,
        "brand.test",
        brandDid(),
        url,
        secrets);
  }

  private String brandDid() {
    return env.get("BSKY_BRAND_DID");
  }

  private String token(String user) {
    return tokens.computeIfAbsent(
        user,
        u -> {
          var answer =
              http.postJson(
                  pds + "/xrpc/com.atproto.server.createSession",
                  null,
                  Map.of(
                      "identifier",
                      env.get("BSKY_" + u.toUpperCase() + "_HANDLE"),
                      "password",
                      env.get("BSKY_" + u.toUpperCase() + "_PASSWORD")));
          assertThat(answer.status()).as(answer.body()).isEqualTo(200);
          return answer.json().path("accessJwt").asString();
        });
  }

  /** Posts as {@code user}; a mention facet for {@code @brand.test} when {@code mentionBrand}. */
  private Ref post(String user, String text, Ref parent, Ref root, boolean mentionBrand) {
    Map<String, Object> record = new HashMap<>();
    record.put("$type", "app.bsky.feed.post");
    record.put("text", text);
    record.put("createdAt", java.time.Instant.now().toString());
    if (parent != null) {
      Ref r = root == null ? parent : root;
      record.put(
          "reply",
          Map.of(
              "root", Map.of("uri", r.uri(), "cid", r.cid()),
              "parent", Map.of("uri", parent.uri(), "cid", parent.cid())));
    }
    List<Map<String, Object>> facets = new ArrayList<>();
    if (mentionBrand) {
      facets.add(
          facet(
              text,
              "@brand.test",
              Map.of("$type", "app.bsky.richtext.facet#mention", "did", brandDid())));
    }
    int link = text.indexOf("https://");
    if (link >= 0) {
      String uri = text.substring(link).split(" ")[0];
      facets.add(facet(text, uri, Map.of("$type", "app.bsky.richtext.facet#link", "uri", uri)));
    }
    int tag = text.indexOf('#');
    if (tag >= 0) {
      String t = text.substring(tag).split(" ")[0];
      facets.add(
          facet(text, t, Map.of("$type", "app.bsky.richtext.facet#tag", "tag", t.substring(1))));
    }
    if (!facets.isEmpty()) {
      record.put("facets", facets);
    }
    var answer =
        http.postJson(
            pds + "/xrpc/com.atproto.repo.createRecord",
            token(user),
            Map.of(
                "repo",
                env.get("BSKY_" + user.toUpperCase() + "_DID"),
                "collection",
                "app.bsky.feed.post",
                "record",
                record));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return new Ref(answer.json().path("uri").asString(), answer.json().path("cid").asString());
  }

  private String signalKind(String externalId) {
    return jdbc.sql(
            "select kind from channel_signals where channel_account_id = ? and external_id = ?")
        .params(account.id(), externalId)
        .query(String.class)
        .optional()
        .orElse("none");
  }

  private int signalRows(String externalId) {
    return jdbc.sql(
            "select count(*) from channel_signals where channel_account_id = ? and external_id = ?")
        .params(account.id(), externalId)
        .query(Integer.class)
        .single();
  }

  /** Creates a record in {@code user}'s repository; returns its URI. */
  private String create(String user, String collection, Map<String, Object> record) {
    Map<String, Object> typed = new HashMap<>(record);
    typed.put("$type", collection);
    var answer =
        http.postJson(
            pds + "/xrpc/com.atproto.repo.createRecord",
            token(user),
            Map.of(
                "repo",
                env.get("BSKY_" + user.toUpperCase() + "_DID"),
                "collection",
                collection,
                "record",
                typed));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().path("uri").asString();
  }

  /** A facet over the first occurrence of {@code part}, with UTF-8 byte offsets. */
  private static Map<String, Object> facet(String text, String part, Map<String, String> feature) {
    int at = text.indexOf(part);
    int start = text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    int end = start + part.getBytes(StandardCharsets.UTF_8).length;
    return Map.of(
        "index", Map.of("byteStart", start, "byteEnd", end), "features", List.of(feature));
  }

  private JsonNode record(String uri) {
    String[] parts = uri.substring("at://".length()).split("/");
    var answer =
        http.get(
            pds
                + "/xrpc/com.atproto.repo.getRecord?repo="
                + parts[0]
                + "&collection="
                + parts[1]
                + "&rkey="
                + parts[2],
            null);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().path("value");
  }

  private String cidOf(String uri) {
    String[] parts = uri.substring("at://".length()).split("/");
    return http.get(
            pds
                + "/xrpc/com.atproto.repo.getRecord?repo="
                + parts[0]
                + "&collection="
                + parts[1]
                + "&rkey="
                + parts[2],
            null)
        .json()
        .path("cid")
        .asString();
  }

  private List<JsonNode> brandRecordsWith(String text) {
    JsonNode records =
        http.get(
                pds
                    + "/xrpc/com.atproto.repo.listRecords?repo="
                    + brandDid()
                    + "&collection=app.bsky.feed.post&limit=100",
                null)
            .json()
            .path("records");
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode r : records) {
      if (r.path("value").path("text").asString("").contains(text)) {
        found.add(r);
      }
    }
    return found;
  }

  private void awaitInThread(String root, String reply) throws Exception {
    Poll.until(
        "the reply shows in the thread of " + root,
        INDEXING,
        () -> {
          JsonNode thread =
              http.get(pds + "/xrpc/app.bsky.feed.getPostThread?uri=" + root, token("alice"))
                  .json()
                  .path("thread");
          for (JsonNode r : thread.path("replies")) {
            if (reply.equals(r.path("post").path("uri").asString())) {
              return null;
            }
          }
          return "replies " + thread.path("replies").size();
        },
        () -> "");
  }

  private Conversation awaitConversationWith(String marker) throws Exception {
    Poll.until(
        "a conversation with " + marker + " is in the inbox",
        INDEXING,
        () -> {
          poller.poll(account, connector);
          return inbox().stream().anyMatch(c -> hasText(c, marker)) ? null : "not yet";
        },
        () -> String.valueOf(cursors.health(account.id())));
    return inbox().stream().filter(c -> hasText(c, marker)).findFirst().orElseThrow();
  }

  private boolean hasText(Conversation c, String text) {
    return conversations.messages(c.id()).stream().anyMatch(m -> m.text().contains(text));
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
}
