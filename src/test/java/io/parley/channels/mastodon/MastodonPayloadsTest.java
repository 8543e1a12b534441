package io.parley.channels.mastodon;

import static io.parley.testing.ReplayServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.InboundItem;
import io.parley.channels.InboundSignal;
import io.parley.shared.Network;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsing real Mastodon payloads from {@code shared/fixtures/mastodon} (the API docs' examples and
 * BigBone's recorded responses): HTML to plain text with entities, unknown fields ignored,
 * malformed entries rejected with a reason.
 */
class MastodonPayloadsTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final MastodonConnector connector = new MastodonConnector(Clock.systemUTC());
  // no HTTP: the parent look-up for replies to the brand goes to a closed port and says "no"
  private final ConnectedAccount brand =
      new ConnectedAccount(
          1, 1, Network.MASTODON, "brand", "14715", "http://127.0.0.1:1", Map.of());

  @Test
  void aDocumentedStatusBecomesPlainTextWithItsFullLink() {
    JsonNode status = json.readTree(fixture("mastodon/entities/Status.json"));
    InboundItem item =
        connector.fromStatus(
            brand, status, InboundItem.Change.CREATED, null, new HashMap<>(), status.toString());
    assertThat(item.externalId()).isEqualTo("103270115826048975");
    assertThat(item.kind()).isEqualTo(InboundItem.Kind.MENTION);
    assertThat(item.createdAt()).isEqualTo(Instant.parse("2019-12-08T03:48:33.901Z"));
    String url =
        "https://www.theguardian.com/money/2019/dec/07/"
            + "i-lost-my-193000-inheritance-with-one-wrong-digit-on-my-sort-code";
    assertThat(item.text())
        .isEqualTo("\"I lost my inheritance with one wrong digit on my sort code\"\n\n" + url);
    assertThat(item.entities())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("link");
              assertThat(e.value()).isEqualTo(url);
              assertThat(item.text().substring(e.start(), e.end())).isEqualTo(url);
            });
    assertThat(item.author().handle()).isEqualTo("Gargron");
  }

  @Test
  void recordedNotificationsGiveMentionsAndCountFavouritesAsSignals() {
    JsonNode notifications = json.readTree(fixture("mastodon/sdk-bigbone/notifications.json"));
    InboundItem mention = connector.fromNotification(brand, notifications.get(0), new HashMap<>());
    assertThat(mention.text()).isEqualTo("@trwnh sup!");
    assertThat(mention.entities())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo("mention");
              assertThat(e.start()).isZero();
              assertThat(e.end()).isEqualTo(6);
            });
    // a reply to the brand whose parent cannot be read is a reply, not a new comment thread
    assertThat(mention.kind()).isEqualTo(InboundItem.Kind.REPLY);
    assertThat(mention.inReplyToExternalId()).isEqualTo("103186038209478945");
    // a favourite is a signal, not a conversation
    assertThat(connector.fromNotification(brand, notifications.get(1), new HashMap<>())).isNull();
    assertThat(MastodonConnector.signalOf(notifications.get(0))).isNull();
    InboundSignal favourite = MastodonConnector.signalOf(notifications.get(1));
    assertThat(favourite)
        .isEqualTo(
            new InboundSignal(
                "34975535",
                InboundSignal.Kind.FAVOURITE,
                "haskal@cybre.space",
                "103186046267791694",
                Instant.parse("2019-11-23T07:29:18.903Z")));
  }

  @Test
  void boostsAndFollowsAreSignalsAndOneWithoutItsStatusIsRejectedWithAReason() {
    ObjectNode reblog =
        (ObjectNode) json.readTree(fixture("mastodon/entities/Notification.partial.json"));
    reblog.put("type", "reblog");
    assertThat(MastodonConnector.signalOf(reblog).kind()).isEqualTo(InboundSignal.Kind.BOOST);
    assertThat(MastodonConnector.signalOf(reblog).targetExternalId())
        .isEqualTo("103186126728896492");
    ObjectNode follow = reblog.deepCopy();
    follow.put("type", "follow").remove("status");
    assertThat(MastodonConnector.signalOf(follow).kind()).isEqualTo(InboundSignal.Kind.FOLLOW);
    assertThat(MastodonConnector.signalOf(follow).targetExternalId()).isNull();
    assertThat(MastodonConnector.signalOf(follow).actorHandle()).isEqualTo("zsc");
    ObjectNode broken = reblog.deepCopy();
    broken.remove("status");
    assertThatThrownBy(() -> MastodonConnector.signalOf(broken))
        .hasMessageContaining("status is missing");
    broken.put("type", "poll");
    assertThat(MastodonConnector.signalOf(broken)).as("polls are neither").isNull();
  }

  @Test
  void htmlIsDecodedOnceAndNeverKeptAsMarkup() {
    var parsed =
        StatusHtml.parse(
            "<p>a &lt;b&gt; &amp;amp; &#x1F600; <script>x</script>"
                + "<a href=\"https://h/@z\" class=\"u-url mention\">@<span>z</span></a> "
                + "<a href=\"https://h/tags/Rain\" class=\"mention hashtag\">#<span>Rain</span></a>"
                + "</p><p>two<br>lines &bogus; 5 < 6</p>",
            Map.of("https://h/@z", "z@h"));
    assertThat(parsed.text()).isEqualTo("a <b> &amp; 😀 x@z #Rain\n\ntwo\nlines &bogus; 5 < 6");
    assertThat(parsed.entities())
        .extracting(InboundItem.Entity::type, InboundItem.Entity::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("mention", "z@h"),
            org.assertj.core.groups.Tuple.tuple("hashtag", "Rain"));
  }

  @Test
  void malformedEntriesAreRejectedWithAReason() {
    assertThatThrownBy(
            () ->
                connector.fromNotification(
                    brand, json.readTree("{\"id\":\"1\",\"type\":\"mention\"}"), new HashMap<>()))
        .hasMessage("status is missing");
    assertThatThrownBy(
            () ->
                connector.fromNotification(
                    brand,
                    json.readTree(
                        "{\"id\":\"1\",\"type\":\"mention\",\"status\":{\"id\":\"9\","
                            + "\"created_at\":\"yesterday\",\"account\":{\"id\":\"2\"}}}"),
                    new HashMap<>()))
        .hasMessageContaining("created_at is not a timestamp");
    JsonNode unknownFields =
        json.readTree(
            "{\"id\":\"1\",\"type\":\"mention\",\"new_field\":[1,2],\"status\":{\"id\":\"9\","
                + "\"created_at\":\"2026-01-01T00:00:00Z\",\"visibility\":\"direct\","
                + "\"content\":\"<p>hi</p>\",\"quote\":{\"x\":1},"
                + "\"account\":{\"id\":\"2\",\"acct\":\"a@b\",\"followers_count\":\"many\"}}}");
    InboundItem dm = connector.fromNotification(brand, unknownFields, new HashMap<>());
    assertThat(dm.kind()).isEqualTo(InboundItem.Kind.DIRECT_MESSAGE);
    assertThat(dm.text()).isEqualTo("hi");
    assertThat(dm.author().followers()).isNull();
  }

  @Test
  void anAccountWithoutServerOrTokenSaysHowToConnectIt() {
    var imported = new ConnectedAccount(2, 1, Network.MASTODON, "brand", null, null, Map.of());
    assertThatThrownBy(() -> connector.fetch(imported, null))
        .hasMessageContaining("Settings → Channels");
  }

  @Test
  void lengthIsCountedAsMastodonCountsIt() {
    assertThat(MastodonConnector.countedLength("hi 👋", 23)).isEqualTo(4);
    assertThat(MastodonConnector.countedLength("see https://example.com/" + "a".repeat(300), 23))
        .isEqualTo(4 + 23);
    assertThat(MastodonConnector.countedLength("@alice@example.social hi", 23)).isEqualTo(9);
  }
}
