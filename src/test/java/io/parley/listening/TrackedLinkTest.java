package io.parley.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrackedLinkTest {

  @Test
  void utmParametersAreAddedAfterTheLinksOwnAndBeforeItsFragment() {
    assertThat(
            TrackedLink.of(
                "https://shop.example/dresses/red?size=38&color=red#reviews",
                "BLUESKY",
                "Party outfits (EN) — Été",
                42))
        .isEqualTo(
            "https://shop.example/dresses/red?size=38&color=red&utm_source=bluesky"
                + "&utm_medium=social&utm_campaign=party-outfits-en-ete"
                + "&utm_content=opportunity-42#reviews");
    assertThat(TrackedLink.of("http://shop.example", "MASTODON", "Jeans", 7))
        .isEqualTo(
            "http://shop.example/?utm_source=mastodon&utm_medium=social&utm_campaign=jeans"
                + "&utm_content=opportunity-7");
  }

  @Test
  void existingUtmParametersAreReplacedAndOthersKeptAsWritten() {
    assertThat(
            TrackedLink.of(
                "https://shop.example/p?UTM_Source=news&q=a%20b&utm_campaign=old&x", "X", "!!!", 1))
        .isEqualTo(
            "https://shop.example/p?q=a%20b&x&utm_source=x&utm_medium=social"
                + "&utm_campaign=listening&utm_content=opportunity-1");
  }

  @Test
  void onlyPlainWebLinksAreTracked() {
    for (String bad :
        new String[] {
          "javascript:alert(1)",
          "data:text/html,hi",
          "ftp://shop.example/",
          "https://user:secret@shop.example/",
          "shop.example/dresses",
          "https://exa mple.com/",
          "",
          "https://shop.example/" + "a".repeat(TrackedLink.MAX_LENGTH)
        }) {
      assertThatThrownBy(() -> TrackedLink.of(bad, "X", "q", 1))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
