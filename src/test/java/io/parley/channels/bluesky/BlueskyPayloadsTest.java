package io.parley.channels.bluesky;

import static io.parley.testing.ReplayServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.channels.ConnectedAccount;
import io.parley.channels.InboundItem;
import io.parley.shared.Network;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsing real Bluesky records (production Jetstream events in {@code
 * shared/fixtures/bluesky/jetstream}) wrapped as notifications: reply refs, facets with UTF-8 byte
 * offsets, malformed and unknown parts ignored safely.
 */
class BlueskyPayloadsTest {

  private final JsonMapper json = JsonMapper.builder().build();
  private final BlueskyConnector connector = new BlueskyConnector(Clock.systemUTC());
  private final ConnectedAccount brand =
      new ConnectedAccount(
          1, 1, Network.BLUESKY, "brand.test", "did:plc:brand", "http://127.0.0.1:1", Map.of());

  @Test
  void everyRecordedPostWithFacetsGetsEntitiesOverExactlyTheirText() {
    int posts = 0;
    int entities = 0;
    for (String line : fixture("bluesky/jetstream/expected_v1.jsonl").split("\n")) {
      JsonNode event = json.readTree(line);
      JsonNode commit = event.path("commit");
      if (!"app.bsky.feed.post".equals(commit.path("collection").asString(""))
          || !commit.path("record").isObject()) {
        continue;
      }
      posts++;
      InboundItem item = connector.fromNotification(brand, notification(event, "mention"));
      JsonNode facets = commit.path("record").path("facets");
      for (InboundItem.Entity e : item.entities()) {
        entities++;
        String covered = item.text().substring(e.start(), e.end());
        switch (e.type()) {
          case "hashtag" -> assertThat(covered).isEqualToIgnoringCase("#" + e.value());
          case "mention" -> assertThat(covered).startsWith("@");
          case "link" -> assertThat(e.value()).startsWith("http");
          default -> throw new AssertionError("unexpected entity " + e);
        }
      }
      assertThat(item.entities().size()).isLessThanOrEqualTo(facets.size() * 2);
    }
    assertThat(posts).isEqualTo(17);
    assertThat(entities).isPositive();
  }

  @Test
  void aRecordedReplyKeepsItsParentAndIsACommentWhenItAnswersTheRoot() {
    JsonNode reply = json.readTree(fixture("bluesky/jetstream/golden_v1.jsonl").split("\n")[1]);
    InboundItem item = connector.fromNotification(brand, notification(reply, "reply"));
    String parent =
        reply.path("commit").path("record").path("reply").path("parent").path("uri").asString();
    assertThat(item.kind()).isEqualTo(InboundItem.Kind.COMMENT);
    assertThat(item.inReplyToExternalId()).isEqualTo(parent);
    assertThat(item.contextExternalId()).isEqualTo(parent);
    assertThat(item.text()).isEqualTo("Try RSV for a good time !!");
    assertThat(connector.fromNotification(brand, notification(reply, "like"))).isNull();
  }

  @Test
  void facetsOutsideTheTextOrInsideACharacterAreIgnored() {
    String text = "héllo 👋 @a.test";
    JsonNode facets =
        json.readTree(
            """
            [{"index":{"byteStart":0,"byteEnd":2},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"x"}]},
             {"index":{"byteStart":9,"byteEnd":10},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"y"}]},
             {"index":{"byteStart":12,"byteEnd":99},"features":[{"$type":"app.bsky.richtext.facet#link","uri":"u"}]},
             {"index":{"byteStart":"a"},"features":[]},
             {"index":{"byteStart":12,"byteEnd":19},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"did:plc:a"},{"$type":"com.example#new"}]}]
            """);
    List<InboundItem.Entity> entities = RichText.entities(text, facets);
    assertThat(entities)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(text.substring(e.start(), e.end())).isEqualTo("@a.test");
              assertThat(e.value()).isEqualTo("did:plc:a");
            });
  }

  @Test
  void outgoingFacetsUseUtf8ByteOffsets() {
    String text = "👩‍👩‍👧 hi @alice.test, see https://ex.com/ü. #Café!";
    var facets =
        RichText.facets(
            text, h -> h.equals("alice.test") ? Optional.of("did:plc:alice") : Optional.empty());
    byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<String> covered = new ArrayList<>();
    for (JsonNode f : facets) {
      covered.add(
          new String(
              java.util.Arrays.copyOfRange(
                  bytes,
                  f.path("index").path("byteStart").asInt(),
                  f.path("index").path("byteEnd").asInt()),
              java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(covered).containsExactly("@alice.test", "https://ex.com/ü", "#Café");
    assertThat(RichText.facets("mail me@x.test or @nobody.test", h -> Optional.empty())).isEmpty();
  }

  @Test
  void anAccountWithoutServerOrPasswordSaysHowToConnectIt() {
    var imported = new ConnectedAccount(2, 1, Network.BLUESKY, "b.test", null, null, Map.of());
    assertThatThrownBy(() -> connector.fetch(imported, null))
        .hasMessageContaining("Settings → Channels");
  }

  @Test
  void graphemesAreCountedAsPeopleSeeThem() {
    assertThat(RichText.graphemes("👩‍👩‍👧")).isEqualTo(1);
    assertThat(RichText.graphemes("🇩🇪🇫🇷")).isEqualTo(2);
    assertThat(RichText.graphemes("e\u0301")).isEqualTo(1);
    assertThat(RichText.graphemes("abc")).isEqualTo(3);
  }

  @Test
  void malformedNotificationsAreRejectedWithAReason() {
    assertThatThrownBy(
            () -> connector.fromNotification(brand, json.readTree("{\"reason\":\"mention\"}")))
        .hasMessage("uri is missing");
    assertThatThrownBy(
            () ->
                connector.fromNotification(
                    brand,
                    json.readTree(
                        "{\"reason\":\"mention\",\"uri\":\"at://d/app.bsky.feed.post/1\","
                            + "\"author\":{\"did\":\"did:plc:x\"},\"record\":{\"text\":\"hi\"}}")))
        .hasMessage("createdAt is missing");
  }

  private ObjectNode notification(JsonNode event, String reason) {
    ObjectNode n = json.createObjectNode();
    JsonNode commit = event.path("commit");
    n.put(
        "uri",
        "at://"
            + event.path("did").asString()
            + "/"
            + commit.path("collection").asString()
            + "/"
            + commit.path("rkey").asString());
    n.put("cid", commit.path("cid").asString());
    n.putObject("author").put("did", event.path("did").asString()).put("handle", "someone.test");
    n.put("reason", reason);
    n.set("record", commit.path("record"));
    n.put("indexedAt", commit.path("record").path("createdAt").asString());
    n.put("unknownField", 42);
    return n;
  }
}
