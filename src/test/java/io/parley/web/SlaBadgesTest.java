package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.routing.SlaClock;
import io.parley.routing.SlaKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlaBadgesTest {

  static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");

  static SlaClock clock(SlaKind kind, Duration left, Instant pausedAt, Instant stoppedAt) {
    Instant due = NOW.plus(left);
    return new SlaClock(
        1,
        kind,
        NOW.minusSeconds(3600),
        due,
        due.minus(Duration.ofMinutes(30)),
        pausedAt,
        stoppedAt);
  }

  @Test
  void theKindIsInTheTooltip() {
    var b =
        SlaBadges.Badge.of(clock(SlaKind.NEXT_RESPONSE, Duration.ofMinutes(25), null, null), NOW);
    assertThat(b.text()).isEqualTo("25m left");
    assertThat(b.css()).isEqualTo("sla sla-warning");
    assertThat(b.title()).isEqualTo("Next response due in 25m");

    var overdue =
        SlaBadges.Badge.of(clock(SlaKind.RESOLUTION, Duration.ofMinutes(-15), null, null), NOW);
    assertThat(overdue.text()).isEqualTo("Overdue 15m");
    assertThat(overdue.title()).isEqualTo("Resolution overdue by 15m");
  }

  @Test
  void pausedAndStoppedClocksShowNothing() {
    assertThat(
            SlaBadges.Badge.of(clock(SlaKind.FIRST_RESPONSE, Duration.ofHours(1), NOW, null), NOW))
        .isNull();
    assertThat(
            SlaBadges.Badge.of(clock(SlaKind.FIRST_RESPONSE, Duration.ofHours(1), null, NOW), NOW))
        .isNull();
  }
}
