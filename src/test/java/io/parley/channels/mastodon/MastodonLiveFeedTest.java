package io.parley.channels.mastodon;

import static io.parley.testing.ReplayServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.LiveFeed;
import io.parley.shared.Network;
import io.parley.testing.MutableClock;
import io.parley.testing.Poll;
import io.parley.testing.ReplayServer;
import io.parley.testing.ReplayServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Mastodon's streaming API, against a local server replaying the documented streaming events
 * ({@code shared/fixtures/mastodon/methods/streaming}: the WebSocket envelopes' event names and
 * payloads, sent the way Mastodon's server-sent-events endpoint frames them). The local peer (snac)
 * has no streaming API; that it stays on polling is checked in {@code MastodonConnectorTest}.
 */
class MastodonLiveFeedTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  private final MastodonConnector connector = new MastodonConnector(clock);
  private final AtomicInteger arrived = new AtomicInteger();
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private final LiveFeed.Listener listener =
      new LiveFeed.Listener() {
        @Override
        public void arrived() {
          arrived.incrementAndGet();
        }

        @Override
        public void ended(String reason) {
          ended.add(reason);
        }
      };
  private ReplayServer server;
  private ConnectedAccount brand;

  @BeforeEach
  void setUp() throws Exception {
    server = new ReplayServer();
    server.on("GET", "/api/v1/instance", Reply.json("{\"uri\":\"mastodon.example\"}"));
    brand =
        new ConnectedAccount(
            1,
            1,
            Network.MASTODON,
            "brand",
            "14715",
            server.url(),
            Map.of("access_token", "the-token"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void eachNotificationEventAnnouncesAFetchAndOtherEventsDoNotAgainstFixtureReplay()
      throws Exception {
    server.on("GET", "/api/v1/streaming/health", new Reply(200, "OK", Map.of()));
    var stream = server.stream("GET", "/api/v1/streaming/user/notification");
    String notification =
        JsonMapper.builder()
            .build()
            .readTree(fixture("mastodon/entities/Notification.partial.json"))
            .toString();
    // the documented envelope of a non-notification event on the user stream
    String filtersChanged =
        JsonMapper.builder()
            .build()
            .readTree(fixture("mastodon/methods/streaming/websocket__events_3.json"))
            .path("event")
            .asString();

    Optional<LiveFeed> feed = connector.openLiveFeed(brand, listener);

    assertThat(feed).as("the server's streaming health check said OK").isPresent();
    stream.send(":)\n\n").send(":thump\n\n");
    stream.send("event: " + filtersChanged + "\ndata: \n\n");
    stream.send("event: notification\ndata: " + notification + "\n\n");
    stream.send("event: notification\n").send("data: " + notification + "\n\n");
    Poll.until(
        "two announcements",
        Duration.ofSeconds(10),
        () -> arrived.get() == 2 ? null : arrived + " announced",
        () -> "");
    assertThat(arrived.get()).as("heartbeats and filters_changed announce nothing").isEqualTo(2);
    assertThat(feed.get().isOpen()).isTrue();
    var request = server.seen("GET", "/api/v1/streaming/user/notification").getFirst();
    assertThat(request.header("Authorization")).isEqualTo("Bearer the-token");
    assertThat(request.header("Accept")).isEqualTo("text/event-stream");

    feed.get().close();
    assertThat(feed.get().isOpen()).isFalse();
    Thread.sleep(200);
    assertThat(ended).as("closing on purpose is not reported as an ending").isEmpty();
  }

  @Test
  void aStreamTheServerClosesEndsWithItsReasonAgainstFixtureReplay() throws Exception {
    server.on("GET", "/api/v1/streaming/health", new Reply(200, "OK", Map.of()));
    var stream = server.stream("GET", "/api/v1/streaming/user/notification");
    LiveFeed feed = connector.openLiveFeed(brand, listener).orElseThrow();
    stream.send("event: notification\ndata: {\"id\":\"1\"}\n\n");
    stream.end();

    Poll.until(
        "the end is reported",
        Duration.ofSeconds(10),
        () -> ended.isEmpty() ? "open" : null,
        () -> "");
    assertThat(ended).containsExactly("The server closed the stream");
    assertThat(arrived.get()).isEqualTo(1);
    assertThat(feed.isOpen()).isFalse();
  }

  @Test
  void aRefusedTokenEndsTheStreamWithThatReasonAgainstFixtureReplay() throws Exception {
    server.on("GET", "/api/v1/streaming/health", new Reply(200, "OK", Map.of()));
    server.on(
        "GET",
        "/api/v1/streaming/user/notification",
        new Reply(401, fixture("mastodon/entities/Error.json"), Map.of()));

    connector.openLiveFeed(brand, listener).orElseThrow();

    Poll.until(
        "the end is reported",
        Duration.ofSeconds(10),
        () -> ended.isEmpty() ? "open" : null,
        () -> "");
    assertThat(ended.getFirst()).contains("refused the token").contains("401");
    assertThat(arrived.get()).isZero();
  }

  @Test
  void serversWithoutAWorkingStreamingApiStayOnPolling() {
    // no route: 404, as servers without streaming answer
    assertThat(connector.openLiveFeed(brand, listener)).isEmpty();
    server.on("GET", "/api/v1/streaming/health", new Reply(200, "{\"error\":\"nope\"}", Map.of()));
    assertThat(connector.openLiveFeed(brand, listener)).isEmpty();
    server.on("GET", "/api/v1/streaming/health", new Reply(503, "", Map.of()));
    assertThat(connector.openLiveFeed(brand, listener)).isEmpty();
    assertThat(server.seen("GET", "/api/v1/streaming/user/notification")).isEmpty();
  }

  @Test
  void theAnnouncedStreamingUrlIsUsedOnlyOnTheServersOwnSite() throws Exception {
    server.on(
        "GET",
        "/api/v1/instance",
        Reply.json(
            "{\"uri\":\"mastodon.example\",\"urls\":{\"streaming_api\":\"wss://elsewhere.example\"}}"));
    assertThat(connector.openLiveFeed(brand, listener))
        .as("the token is not sent to another host: the server's own address is asked instead")
        .isEmpty();
    assertThat(server.seen("GET", "/api/v1/streaming/health")).hasSize(1);

    assertThat(
            MastodonConnector.streamingBase(
                "https://social.example", "wss://streaming.social.example"))
        .isEqualTo("https://streaming.social.example");
    assertThat(MastodonConnector.streamingBase("https://social.example", "wss://social.example/"))
        .isEqualTo("https://social.example");
    assertThat(MastodonConnector.streamingBase("https://social.example", "ws://social.example"))
        .as("no downgrade to plain HTTP")
        .isEqualTo("https://social.example");
    assertThat(
            MastodonConnector.streamingBase("https://social.example", "wss://evilsocial.example"))
        .isEqualTo("https://social.example");
    assertThat(MastodonConnector.streamingBase("https://social.example", "not a url"))
        .isEqualTo("https://social.example");
    assertThat(MastodonConnector.streamingBase("https://social.example", null))
        .isEqualTo("https://social.example");
  }
}
