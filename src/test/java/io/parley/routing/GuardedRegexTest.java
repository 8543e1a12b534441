package io.parley.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardedRegexTest {

  @Test
  void findsCaseInsensitively() {
    assertThat(GuardedRegex.compile("re+fund").find("I want a REEFUND")).isTrue();
    assertThat(GuardedRegex.compile("re+fund").find("I want a gift")).isFalse();
  }

  @Test
  void catastrophicBacktrackingGivesUpAsNoMatch() {
    GuardedRegex evil = GuardedRegex.compile("(a+)+$");
    String text = "a".repeat(40) + "!";
    long start = System.nanoTime();
    assertThat(evil.find(text)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void onlyTheBeginningOfAHugeTextIsSearched() {
    String text = "x".repeat(GuardedRegex.MAX_TEXT) + "needle";
    assertThat(GuardedRegex.compile("needle").find(text)).isFalse();
    assertThat(GuardedRegex.compile("needle").find("needle" + text)).isTrue();
  }

  @Test
  void invalidOrHugePatternsAreRejectedClearly() {
    assertThatThrownBy(() -> GuardedRegex.compile("[a-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid regular expression");
    assertThatThrownBy(() -> GuardedRegex.compile("a".repeat(501)))
        .hasMessageContaining("longer than 500");
  }
}
