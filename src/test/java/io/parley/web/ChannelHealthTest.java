package io.parley.web;

import static io.parley.testing.ReplayServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.parley.accounts.Role;
import io.parley.channels.ChannelAccount;
import io.parley.channels.ChannelAccounts;
import io.parley.conversations.InboxFilter;
import io.parley.ingestion.ConnectorPoller;
import io.parley.ingestion.LiveFeeds;
import io.parley.shared.Network;
import io.parley.testing.Peers;
import io.parley.testing.Poll;
import io.parley.testing.ReplayServer;
import io.parley.testing.ReplayServer.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The connection health page and the broken-connection banner, against the real local peers: a
 * working account reports its polls, a refused token breaks the connection at once, shows in the
 * inbox header for the people working it and raises one alert.
 */
class ChannelHealthTest extends WebTestSupport {

  @Autowired ChannelAccounts accounts;
  @Autowired io.parley.channels.Connectors connectors;
  @Autowired ConnectorPoller poller;
  @Autowired LiveFeeds liveFeeds;
  private final JsonMapper json = JsonMapper.builder().build();

  /**
   * Mastodon's streaming API against a local server replaying documented payloads (the local peer,
   * snac, has none): the stream is chosen by itself, an announced mention is fetched at once with
   * no polling round, regular polling of the account slows down while the stream is up, and when
   * the server drops the stream the account is polled normally again; the health page says which.
   */
  @Test
  void aMastodonServerWithStreamingAnnouncesMentionsThatArriveAtOnceAgainstFixtureReplay()
      throws Exception {
    try (ReplayServer server = new ReplayServer()) {
      server.on("GET", "/api/v1/streaming/health", new Reply(200, "OK", Map.of()));
      server.on("GET", "/api/v1/notifications", Reply.json("[]"));
      var stream = server.stream("GET", "/api/v1/streaming/user/notification");
      Team team = team();
      ChannelAccount account = mastodonOn(server, team, "streaming-token");

      liveFeeds.refresh();

      assertThat(liveFeeds.isLive(account.id())).isTrue();
      Poll.until(
          "the catch-up fetch once the stream is open",
          Duration.ofSeconds(10),
          () -> notificationFetches(server) >= 1 ? null : "no fetch",
          () -> "");
      ObjectNode status = (ObjectNode) json.readTree(fixture("mastodon/entities/Status.json"));
      status.put("id", "stream-1").putNull("in_reply_to_id");
      status.put("content", "<p>Does the streamed lantern come in blue?</p>");
      ObjectNode mention =
          json.createObjectNode()
              .put("id", "5001")
              .put("type", "mention")
              .put("created_at", "2026-11-23T11:00:00Z")
              .set("status", status);
      server.on("GET", "/api/v1/notifications", Reply.json("[" + mention + "]"));
      stream.send("event: notification\ndata: " + mention + "\n\n");

      Poll.until(
          "the announced mention is in the inbox",
          Duration.ofSeconds(10),
          () ->
              texts(team).contains("Does the streamed lantern come in blue?") ? null : texts(team),
          () -> "");
      assertThat(page("/settings/channels/health", team.me()))
          .contains("Live: the network announces new items");
      int fetches = notificationFetches(server);
      poller.pollAll();
      assertThat(notificationFetches(server))
          .as("while the stream is up, a polling round leaves the account alone")
          .isEqualTo(fetches);

      stream.end();

      Poll.until(
          "the account is polled again",
          Duration.ofSeconds(10),
          () -> liveFeeds.isLive(account.id()) ? "still live" : null,
          () -> "");
      assertThat(page("/settings/channels/health", team.me()))
          .contains("Polling (The server closed the stream)");
      int before = notificationFetches(server);
      poller.pollAll();
      assertThat(notificationFetches(server)).isGreaterThan(before);
      assertThat(texts(team)).containsOnlyOnce("Does the streamed lantern come in blue?");
      accounts.setEnabled(account.id(), false);
      liveFeeds.refresh();
    }
  }

  /**
   * Favourites, boosts and follows against a local server replaying the recorded notifications
   * ({@code sdk-bigbone/notifications.json}: a mention and a favourite, plus a boost and a follow
   * made from them): counted once although the page is fetched twice, never conversations.
   */
  @Test
  void favouritesBoostsAndFollowsAreCountedOnceAndAreNotConversationsAgainstFixtureReplay()
      throws Exception {
    try (ReplayServer server = new ReplayServer()) {
      var recorded =
          (tools.jackson.databind.node.ArrayNode)
              json.readTree(fixture("mastodon/sdk-bigbone/notifications.json"));
      String hourAgo = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
      recorded.forEach(n -> ((ObjectNode) n).put("created_at", hourAgo));
      ObjectNode boost =
          ((ObjectNode) recorded.get(1)).deepCopy().put("id", "34975536").put("type", "reblog");
      ObjectNode follow =
          ((ObjectNode) recorded.get(1)).deepCopy().put("id", "34975537").put("type", "follow");
      follow.remove("status");
      // the replay server ignores min_id: every poll gets the same page again
      var page =
          json.createArrayNode().add(follow).add(boost).add(recorded.get(1)).add(recorded.get(0));
      server.on("GET", "/api/v1/notifications", Reply.json(page.toString()));
      server.on("GET", "/api/v1/statuses/103186038209478945", new Reply(404, "{}", Map.of()));
      Team team = team();
      ChannelAccount account = mastodonOn(server, team, "t");
      var mastodon = connectors.find(Network.MASTODON).orElseThrow();

      poller.poll(account, mastodon);
      poller.poll(account, mastodon);

      assertThat(page("/settings/channels/health", team.me()))
          .contains("1 favourite · 1 boost · 1 new follower in the last 24 hours");
      assertThat(texts(team)).isEqualTo("[@trwnh sup!]");
      accounts.setEnabled(account.id(), false);
    }
  }

  private static int notificationFetches(ReplayServer server) {
    return server.seen("GET", "/api/v1/notifications").size();
  }

  private String texts(Team team) {
    return conversations
        .list(
            new InboxFilter(
                team.workspace().id(), null, null, InboxFilter.Assignment.ALL, 0, null, 500))
        .stream()
        .flatMap(c -> conversations.messages(c.id()).stream())
        .map(m -> m.text())
        .toList()
        .toString();
  }

  @Test
  void aRefusedMastodonTokenShowsAsBrokenInTheInboxAndOnTheHealthPage() throws Exception {
    var env = Peers.mastodon();
    Team team = team();
    ChannelAccount account =
        accounts.add(
            team.workspace().id(),
            Network.MASTODON,
            "brand",
            "The Brand",
            env.get("MASTODON_BRAND_ACCOUNT_ID"),
            env.get("MASTODON_BASE_URL"),
            Map.of("access_token", env.get("MASTODON_BRAND_TOKEN")));
    var mastodon = connectors.find(Network.MASTODON).orElseThrow();

    poller.poll(account, mastodon);
    String healthy = page("/settings/channels/health", team.me());
    assertThat(healthy)
        .contains("id=\"account-" + account.id() + "\"")
        .contains("Working")
        .contains("Does not expire")
        .contains("None in the last days");
    assertThat(page("/inbox", team.me())).doesNotContain("connection-banner");

    accounts.updateEndpoint(
        account.id(),
        env.get("MASTODON_BASE_URL"),
        Map.of("access_token", "0123456789abcdef0123456789abcdef"));
    poller.poll(account, mastodon);

    String inbox = page("/inbox", team.me());
    assertThat(inbox)
        .contains("id=\"connection-banner\"")
        .contains("The connection of @brand (Mastodon) is broken.")
        .contains("rejected the access token")
        .contains("href=\"/settings/channels/health\"")
        .contains("1 unread alert")
        .doesNotContain("0123456789abcdef");
    String broken = page("/settings/channels/health", team.me());
    assertThat(broken)
        .contains("Broken: credentials refused")
        .contains("rejected the access token")
        .contains("Ask an admin or manager to reconnect")
        .contains("The connection of @brand is broken");

    var viewer = as(team, Role.VIEWER);
    assertThat(page("/inbox", viewer)).doesNotContain("connection-banner");
    mvc.perform(get("/settings/channels/health").with(user(viewer)))
        .andExpect(status().isForbidden());

    mvc.perform(post("/settings/channels/health/alerts/read").with(user(team.me())).with(csrf()))
        .andExpect(status().is3xxRedirection());
    assertThat(page("/inbox", team.me()))
        .as("the banner stays while the connection is broken; the bell is read")
        .contains("connection-banner")
        .doesNotContain("unread alert");
  }

  @Test
  void aBlueskyAccountShowsWhenItsSessionCanNoLongerBeRenewed() throws Exception {
    var env = Peers.bluesky();
    Team team = team();
    ChannelAccount account =
        accounts.add(
            team.workspace().id(),
            Network.BLUESKY,
            "brand.test",
            "The Brand",
            env.get("BSKY_BRAND_DID"),
            env.get("BSKY_PDS_URL"),
            Map.of("identifier", "brand.test", "app_password", env.get("BSKY_BRAND_PASSWORD")));

    poller.poll(account, connectors.find(Network.BLUESKY).orElseThrow());

    var manager = as(team, Role.MANAGER);
    String page = page("/settings/channels/health", manager);
    assertThat(page).contains("Working").contains("Renewable until");
    assertThat(page("/settings/channels", manager)).contains("/settings/channels/health");
  }

  private String page(String path, SignedIn me) throws Exception {
    return mvc.perform(get(path).with(user(me)))
        .andExpect(status().isOk())
        .andReturn()
        .getResponse()
        .getContentAsString();
  }

  private static SignedIn as(Team team, Role role) {
    var me = team.me();
    return new SignedIn(
        me.userId(), me.workspaceId(), me.email(), me.displayName(), role, true, null);
  }
}
