package io.parley.channels.bluesky;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.channels.ConnectedAccount;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.listening.ListeningPipeline;
import io.parley.listening.ListeningQueries;
import io.parley.listening.Opportunities;
import io.parley.shared.Network;
import io.parley.testing.Fixtures;
import io.parley.testing.OnH2;
import io.parley.testing.PeerHttp;
import io.parley.testing.Peers;
import io.parley.testing.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Listening on Bluesky against the real local network ({@code @atproto/dev-env}, started by {@code
 * shared/peers/bluesky/start.sh}): posts written by other users arrive through the PDS's repository
 * firehose, with their authors' handles, once per cursor.
 */
@OnH2
class BlueskyFirehoseTest {

  private static final Duration ARRIVAL = Duration.ofSeconds(20);

  @Autowired BlueskyConnector connector;
  @Autowired ChannelAccounts accounts;
  @Autowired Fixtures fixtures;
  @Autowired ListeningPipeline listening;
  @Autowired ListeningQueries queries;
  @Autowired Opportunities opportunities;

  Peers.Env env;
  final PeerHttp http = new PeerHttp();
  final Map<String, String> tokens = new HashMap<>();
  String pds;
  long workspace;
  ChannelAccount account;
  ConnectedAccount brand;
  String marker;

  @BeforeEach
  void setUp() {
    env = Peers.bluesky();
    pds = env.get("BSKY_PDS_URL");
    workspace = fixtures.workspace().id();
    account =
        accounts.add(
            workspace,
            Network.BLUESKY,
            "brand.test",
            "Brand",
            env.get("BSKY_BRAND_DID"),
            pds,
            Map.of(
                BlueskyConnector.IDENTIFIER, "brand.test",
                BlueskyConnector.PASSWORD, env.get("BSKY_BRAND_PASSWORD"),
                BlueskyConnector.PLC_URL, env.get("BSKY_PLC_URL")));
    brand = accounts.connect(account);
    marker = "fh" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void postsAndRepliesArriveFromTheFirehoseOncePerCursor() throws Exception {
    String start = cursorBeforePosting();
    assertThat(connector.fetchPublic(brand, start).orElseThrow().items())
        .as("nothing of this test yet")
        .noneMatch(i -> i.text().contains(marker));

    Ref top = post("alice", "Anyone tried the new lanterns? " + marker, null);
    Ref reply = post("bob", "Yes, they glow " + marker, top);

    Map<String, InboundItem> seen = new HashMap<>();
    String[] cursor = {start};
    Poll.until(
        "the post and the reply arrive from the firehose",
        ARRIVAL,
        () -> {
          FetchPage page = connector.fetchPublic(brand, cursor[0]).orElseThrow();
          assertThat(page.unreadable()).isEmpty();
          page.items().forEach(i -> seen.put(i.externalId(), i));
          cursor[0] = page.nextCursor();
          return seen.containsKey(top.uri()) && seen.containsKey(reply.uri())
              ? null
              : seen.keySet().toString();
        },
        () -> "");

    InboundItem post = seen.get(top.uri());
    assertThat(post.change()).isEqualTo(InboundItem.Change.CREATED);
    assertThat(post.kind()).isEqualTo(InboundItem.Kind.MENTION);
    assertThat(post.text()).isEqualTo("Anyone tried the new lanterns? " + marker);
    assertThat(post.author().externalId()).isEqualTo(env.get("BSKY_ALICE_DID"));
    assertThat(post.author().handle()).isEqualTo("alice.test");
    assertThat(post.createdAt()).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    assertThat(post.rawPayload()).contains("\"langs\":[\"en\"]");
    assertThat(post.fromAccountOwner()).isFalse();
    InboundItem answer = seen.get(reply.uri());
    assertThat(answer.kind()).isEqualTo(InboundItem.Kind.REPLY);
    assertThat(answer.inReplyToExternalId()).isEqualTo(top.uri());
    assertThat(answer.author().handle()).isEqualTo("bob.test");
    assertThat(Long.parseLong(cursor[0])).isGreaterThan(Long.parseLong(start));

    FetchPage again = connector.fetchPublic(brand, cursor[0]).orElseThrow();
    assertThat(again.items())
        .extracting(InboundItem::externalId)
        .doesNotContain(top.uri(), reply.uri());
    assertThat(again.nextCursor()).isNotNull();
  }

  @Test
  void blueskyAccountsAreAListeningSource() throws Exception {
    var query = queries.create(workspace, "Lanterns", marker, null);
    // the pipeline's first read of an account starts from now: take it before posting
    listening.pollAll();
    listening.drain();
    Ref top = post("alice", "Where do I buy lanterns " + marker, null);
    Poll.until(
        "the listening pipeline turns the Bluesky post into an opportunity",
        ARRIVAL,
        () -> {
          listening.pollAll();
          listening.drain();
          var found = opportunities.forQuery(workspace, query.id(), null);
          return found.isEmpty() ? "none yet" : null;
        },
        () -> String.valueOf(listening.stats()));
    assertThat(opportunities.forQuery(workspace, query.id(), null))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.postExternalId()).isEqualTo(top.uri());
              assertThat(o.network()).isEqualTo(Network.BLUESKY);
              assertThat(o.authorHandle()).isEqualTo("alice.test");
            });
  }

  /** From now: a position on the PDS's stream, found without replaying history. */
  private String cursorBeforePosting() {
    FetchPage now = connector.fetchPublic(brand, null).orElseThrow();
    assertThat(now.nextCursor()).as("a null cursor starts from now, at a position").isNotBlank();
    return now.nextCursor();
  }

  record Ref(String uri, String cid) {}

  private Ref post(String user, String text, Ref parent) {
    Map<String, Object> record = new HashMap<>();
    record.put("$type", "app.bsky.feed.post");
    record.put("text", text);
    record.put("langs", List.of("en"));
    record.put("createdAt", Instant.now().toString());
    if (parent != null) {
      var ref = Map.of("uri", parent.uri(), "cid", parent.cid());
      record.put("reply", Map.of("root", ref, "parent", ref));
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

  private String token(String user) {
    return tokens.computeIfAbsent(
        user,
        u -> {
          var answer =
              http.postJson(
                  pds + "/xrpc/com.atproto.server.createSession",
                  null,
                  Map.of(
                      "identifier", env.get("BSKY_" + u.toUpperCase() + "_HANDLE"),
                      "password", env.get("BSKY_" + u.toUpperCase() + "_PASSWORD")));
          assertThat(answer.status()).as(answer.body()).isEqualTo(200);
          return answer.json().path("accessJwt").asString();
        });
  }
}
