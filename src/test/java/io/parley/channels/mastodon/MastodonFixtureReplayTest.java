package io.parley.channels.mastodon;

import static io.parley.testing.ReplayServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.DeliveryResult;
import io.parley.channels.FetchPage;
import io.parley.channels.InboundItem;
import io.parley.channels.OutgoingPost;
import io.parley.shared.Network;
import io.parley.testing.MutableClock;
import io.parley.testing.ReplayServer;
import io.parley.testing.ReplayServer.Reply;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the local Mastodon-API peer (snac) cannot show, against a local HTTP server replaying the
 * documented Mastodon payloads in {@code shared/fixtures/mastodon}: direct visibility (snac reports
 * it as private), rate-limit headers (snac sends none), scopes (snac ignores them) and deleted
 * statuses (snac cannot delete through the API). The instance answer is hand-written: the fixtures
 * have no Instance entity.
 */
class MastodonFixtureReplayTest {

  private static final String INSTANCE =
      """
      {"uri":"mastodon.example","title":"Example","version":"4.3.0",
       "configuration":{"statuses":{"max_characters":500,"characters_reserved_per_url":23}}}
      """;

  private final JsonMapper json = JsonMapper.builder().build();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  private final MastodonConnector connector = new MastodonConnector(clock);
  private ReplayServer server;
  private ConnectedAccount brand;

  @BeforeEach
  void setUp() throws Exception {
    server = new ReplayServer();
    server.on("GET", "/api/v1/instance", Reply.json(INSTANCE));
    brand =
        new ConnectedAccount(
            1, 1, Network.MASTODON, "brand", "14715", server.url(), Map.of("access_token", "t"));
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void thePublicTimelineIsReadOldestFirstFromTheCursorOnAgainstFixtureReplay() {
    ArrayNode timeline =
        (ArrayNode) json.readTree(fixture("mastodon/sdk-bigbone/public_timeline.json"));
    // one boost on top, as timelines carry them: the boosted status is not new speech
    ObjectNode boost = ((ObjectNode) timeline.get(1)).deepCopy();
    boost.put("id", "172430").set("reblog", timeline.get(1).deepCopy());
    timeline.insert(0, boost);
    server.on("GET", "/api/v1/timelines/public", Reply.json(timeline.toString()));

    FetchPage first = connector.fetchPublic(brand, null).orElseThrow();

    assertThat(first.items()).hasSize(20);
    assertThat(first.items().getFirst().externalId()).isEqualTo("172398");
    assertThat(first.items().getLast().externalId()).isEqualTo("172429");
    assertThat(first.items())
        .allSatisfy(
            i -> {
              assertThat(i.change()).isEqualTo(InboundItem.Change.CREATED);
              assertThat(i.kind()).isEqualTo(InboundItem.Kind.MENTION);
              assertThat(i.text()).doesNotContain("<p>");
            });
    assertThat(first.nextCursor()).isEqualTo("172430");
    assertThat(first.unreadable()).isEmpty();

    // the replay ignores min_id, like some servers: the walk stops at the cursor itself
    FetchPage again = connector.fetchPublic(brand, first.nextCursor()).orElseThrow();
    assertThat(again.items()).isEmpty();
    assertThat(again.nextCursor()).isEqualTo("172430");
    assertThat(server.seen("GET", "/api/v1/timelines/public").getLast().query())
        .contains("min_id=172430");
  }

  @Test
  void directStatusesBecomeDirectMessagesAndTheirRepliesStayDirectAgainstFixtureReplay() {
    ObjectNode status = (ObjectNode) json.readTree(fixture("mastodon/entities/Status.json"));
    status.put("visibility", "direct");
    ArrayNode notifications = json.createArrayNode();
    notifications
        .addObject()
        .put("id", "900")
        .put("type", "mention")
        .put("created_at", "2026-11-23T11:00:00Z")
        .set("status", status);
    server.on("GET", "/api/v1/notifications", Reply.json(notifications.toString()));
    server.on(
        "GET", "/api/v1/statuses/" + status.path("id").asString(), Reply.json(status.toString()));
    server.on("POST", "/api/v1/statuses", Reply.json("{\"id\":\"901\"}"));

    FetchPage page = connector.fetch(brand, "899");
    assertThat(page.items())
        .singleElement()
        .extracting(InboundItem::kind)
        .isEqualTo(InboundItem.Kind.DIRECT_MESSAGE);
    assertThat(page.nextCursor()).isEqualTo("900");
    assertThat(server.seen("GET", "/api/v1/notifications").getFirst().query())
        .contains("min_id=899");

    var result =
        connector.deliver(
            brand,
            new OutgoingPost("We'll look into it", status.path("id").asString(), null, true),
            "key-1");
    assertThat(result).isEqualTo(new DeliveryResult.Delivered("901"));
    var post = server.seen("POST", "/api/v1/statuses").getFirst();
    Map<String, String> form = form(post.body());
    assertThat(form)
        .containsEntry("visibility", "direct")
        .containsEntry("in_reply_to_id", status.path("id").asString())
        .containsEntry("status", "@Gargron We'll look into it");
    assertThat(post.header("Idempotency-Key")).isEqualTo("key-1");
  }

  @Test
  void rateLimitHeadersPausePollingAndDeliveryWithoutLosingAnythingAgainstFixtureReplay() {
    Instant reset = clock.instant().plus(Duration.ofMinutes(5));
    server.on(
        "GET",
        "/api/v1/notifications",
        new Reply(
            429,
            fixture("mastodon/methods/errors/429-rate-limited__too-many-requests.json"),
            Map.of(
                "X-RateLimit-Limit",
                "300",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                reset.toString())));

    assertThatThrownBy(() -> connector.fetch(brand, "10")).hasMessageContaining("Rate limited");
    int asked = server.seen("GET", "/api/v1/notifications").size();
    // while the window lasts the server is left alone, and the cursor stays where it was
    assertThatThrownBy(() -> connector.fetch(brand, "10")).hasMessageContaining("until " + reset);
    assertThat(server.seen("GET", "/api/v1/notifications")).hasSize(asked);

    server.on(
        "POST",
        "/api/v1/statuses",
        new Reply(
            429,
            "{\"error\":\"Too many requests\"}",
            Map.of("X-RateLimit-Reset", reset.toString())));
    var result = connector.deliver(brand, new OutgoingPost("hello", null, null, false), "k");
    assertThat(result).isInstanceOf(DeliveryResult.RetryLater.class);
    assertThat(((DeliveryResult.RetryLater) result).retryAfter()).isEqualTo(Duration.ofMinutes(5));

    clock.advance(Duration.ofMinutes(6));
    server.on(
        "GET",
        "/api/v1/notifications",
        Reply.json(fixture("mastodon/sdk-bigbone/notifications.json")));
    FetchPage page = connector.fetch(brand, "10");
    assertThat(page.items()).hasSize(1);
  }

  @Test
  void missingScopesAreNamedAgainstFixtureReplay() {
    server.on(
        "GET",
        "/api/v1/accounts/verify_credentials",
        Reply.json(fixture("mastodon/entities/Account.json")));
    var noScope =
        new ConnectedAccount(
            1, 1, Network.MASTODON, "noiob", null, server.url(), Map.of("access_token", "t"));
    server.on(
        "GET",
        "/api/v1/notifications",
        new Reply(
            403,
            fixture(
                "mastodon/methods/errors/403-forbidden__this-action-is-outside-the-authorized-scopes.json"),
            Map.of()));
    assertThat(connector.verify(noScope).reason()).contains("read:notifications");

    server.on("GET", "/api/v1/notifications", Reply.json("[]"));
    server.on(
        "GET",
        "/api/v1/apps/verify_credentials",
        Reply.json("{\"name\":\"Parley\",\"scopes\":[\"read\"]}"));
    assertThat(connector.verify(noScope).reason())
        .contains("may read but not post")
        .contains("write");

    server.on(
        "GET",
        "/api/v1/apps/verify_credentials",
        Reply.json("{\"name\":\"Parley\",\"scopes\":[\"read\",\"write\"]}"));
    assertThat(connector.verify(noScope).ok()).isTrue();
    assertThat(connector.verify(noScope).reason())
        .contains("@noiob@awoo.space")
        .contains("mastodon.example");

    server.on(
        "GET",
        "/api/v1/accounts/verify_credentials",
        new Reply(
            401,
            fixture("mastodon/methods/errors/401-unauthorized__the-access-token-is-invalid.json"),
            Map.of()));
    assertThat(connector.verify(noScope).reason()).contains("rejected the access token");
  }

  /** snac cannot delete statuses through the API, so deletions are checked against replay. */
  @Test
  void deletedStatusesAreFoundByLookingThemUpWithABoundedCostAgainstFixtureReplay() {
    String status = fixture("mastodon/entities/Status.json");
    String notFound = fixture("mastodon/methods/errors/404-not-found__record-not-found.json");
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String id = "1000" + i;
      ids.add(id);
      server.on(
          "GET",
          "/api/v1/statuses/" + id,
          i == 3 || i == 7 || i == 25 ? new Reply(404, notFound, Map.of()) : Reply.json(status));
    }
    ids.add(2, "local:not-delivered-yet");

    List<String> gone = connector.deletedAmong(brand, ids);

    assertThat(gone).containsExactly("10003", "10007");
    assertThat(server.seen().stream().filter(s -> s.path().startsWith("/api/v1/statuses/")))
        .as(
            "at most %s look-ups per pass, none for local ids",
            MastodonConnector.MAX_DELETION_CHECKS)
        .hasSize(MastodonConnector.MAX_DELETION_CHECKS)
        .noneMatch(s -> s.path().contains("local"));
  }

  @Test
  void aRateLimitStopsTheDeletionChecksWithoutCallingAnythingDeletedAgainstFixtureReplay() {
    server.on("GET", "/api/v1/statuses/1", Reply.json(fixture("mastodon/entities/Status.json")));
    server.on(
        "GET",
        "/api/v1/statuses/2",
        new Reply(
            429,
            fixture("mastodon/methods/errors/429-rate-limited__too-many-requests.json"),
            Map.of("Retry-After", "60")));
    server.on(
        "GET",
        "/api/v1/statuses/3",
        new Reply(
            404,
            fixture("mastodon/methods/errors/404-not-found__record-not-found.json"),
            Map.of()));

    assertThat(connector.deletedAmong(brand, List.of("1", "2", "3"))).isEmpty();
    assertThat(server.seen("GET", "/api/v1/statuses/3")).isEmpty();
  }

  @Test
  void aReplyToADeletedStatusIsRefusedAgainstFixtureReplay() {
    server.on(
        "GET",
        "/api/v1/statuses/55",
        new Reply(
            404,
            fixture("mastodon/methods/errors/404-not-found__record-not-found.json"),
            Map.of()));
    var result = connector.deliver(brand, new OutgoingPost("hi", "55", null, false), "k");
    assertThat(result).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(((DeliveryResult.Rejected) result).reason()).contains("deleted");
    assertThat(server.seen("POST", "/api/v1/statuses")).isEmpty();
  }

  @Test
  void
      aPublicReplyOverFiveHundredCharactersIsRefusedButLinksCountAsTwentyThreeAgainstFixtureReplay() {
    server.on("POST", "/api/v1/statuses", Reply.json("{\"id\":\"7\"}"));
    var tooLong =
        connector.deliver(brand, new OutgoingPost("x".repeat(501), null, null, false), "k");
    assertThat(tooLong).isInstanceOf(DeliveryResult.Rejected.class);
    assertThat(((DeliveryResult.Rejected) tooLong).reason())
        .contains("501 characters")
        .contains("limit here is 500");
    var withLink =
        connector.deliver(
            brand,
            new OutgoingPost(
                "x".repeat(470) + " https://example.com/" + "a".repeat(200), null, null, false),
            "k2");
    assertThat(withLink).isEqualTo(new DeliveryResult.Delivered("7"));
    assertThat(server.seen("POST", "/api/v1/statuses")).hasSize(1);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }
}
