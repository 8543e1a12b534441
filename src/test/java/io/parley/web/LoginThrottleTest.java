package io.parley.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-11-01T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final ManualClock clock = new ManualClock();
  final LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofMinutes(15));

  @Test
  void blocksAfterFiveFailuresWithinTheWindowUntilTheOldestExpires() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("Ann@Example.test");
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(throttle.blockedFor("ann@example.test")).isEmpty();
    throttle.failed("ann@example.test");
    assertThat(throttle.blockedFor(" ANN@example.test ")).contains(Duration.ofMinutes(11));
    assertThat(throttle.blockedFor("bob@example.test")).isEmpty();

    clock.advance(Duration.ofMinutes(11));
    assertThat(throttle.blockedFor("ann@example.test")).isEmpty();
    // The other four failures are still inside the window: one more blocks again.
    throttle.failed("ann@example.test");
    assertThat(throttle.blockedFor("ann@example.test")).isPresent();
  }

  @Test
  void failuresSpreadWiderThanTheWindowNeverBlock() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("slow@example.test");
      clock.advance(Duration.ofMinutes(4));
    }
    assertThat(throttle.blockedFor("slow@example.test")).isEmpty();
  }

  @Test
  void aSuccessfulSignInClearsTheCount() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("cy@example.test");
    }
    throttle.succeeded("cy@example.test");
    throttle.failed("cy@example.test");
    assertThat(throttle.blockedFor("cy@example.test")).isEmpty();
  }
}
