package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.listening.QueryMatcher.QueryKey;
import io.parley.shared.Network;
import io.parley.triage.Audience;
import io.parley.triage.Languages;
import io.parley.triage.Triage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Public posts read by the shipped triage models feed {@code intent:} queries. */
class TriagedPostsTest {

  static Triage triage;

  @BeforeAll
  static void models() {
    triage = Triage.bundled(Languages.defaults());
  }

  @Test
  void aPostThatWantsToBuyMatchesAnIntentPurchaseQueryAndSmallTalkDoesNot() {
    PostSignals wants =
        TriagedPosts.of(
            triage.read(
                "I want to buy the new iPhone X, where can I get one today?", Audience.UNKNOWN));
    PostSignals chat =
        TriagedPosts.of(triage.read("lovely sunset at the beach tonight", Audience.UNKNOWN));

    assertThat(wants.intents()).contains("purchase", "purchase_intent");
    assertThat(wants.sentiment()).isNotNull();
    assertThat(chat.intents()).doesNotContain("purchase", "purchase_intent");

    QueryMatcher matcher = new QueryMatcher();
    matcher.put(1, 1, ListeningQuery.parse("intent:purchase (iphone OR phone)"));
    matcher.put(1, 2, ListeningQuery.parse("intent:purchase_intent (buy OR sunset)"));
    assertThat(
            matcher.match(
                post("I want to buy the new iPhone X, where can I get one today?", wants)))
        .containsExactlyInAnyOrder(new QueryKey(1, 1), new QueryKey(1, 2));
    assertThat(matcher.match(post("lovely sunset at the beach tonight", chat))).isEmpty();
  }

  private static Post post(String text, PostSignals s) {
    return new Post(text, "en", "someone", Network.BLUESKY, 10, s.intents());
  }
}
