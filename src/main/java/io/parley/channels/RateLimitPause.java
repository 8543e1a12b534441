package io.parley.channels;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * When a network wants an account left alone, learnt from its answers: after a 429 (its {@code
 * Retry-After}, else its quota reset, else a minute) or when its quota headers say nothing is left
 * until the reset. A connector notes every answer and checks before it calls, so polling pauses
 * instead of hammering the server; nothing is dropped, the next poll resumes from the cursor.
 * Networks name their quota headers differently; the rest is the same.
 */
public final class RateLimitPause {

  private static final Duration UNSAID = Duration.ofMinutes(1);

  private final Clock clock;
  private final String remainingHeader;
  private final String resetHeader;
  private final Function<String, Optional<Instant>> resetValue;
  private final Map<Long, Instant> notBefore = new ConcurrentHashMap<>();

  /**
   * @param remainingHeader the header with the requests left in the window
   * @param resetHeader the header saying when the window resets
   * @param resetValue reads that header's value (networks write instants differently)
   */
  public RateLimitPause(
      Clock clock,
      String remainingHeader,
      String resetHeader,
      Function<String, Optional<Instant>> resetValue) {
    this.clock = clock;
    this.remainingHeader = remainingHeader;
    this.resetHeader = resetHeader;
    this.resetValue = resetValue;
  }

  /** Remembers when the server wants the account left alone (429, or the quota used up). */
  public void note(long accountId, HttpResponse<?> response) {
    Instant until = null;
    if (response.statusCode() == 429) {
      Duration wait = retryAfter(response);
      until = clock.instant().plus(wait == null ? UNSAID : wait);
    } else if (response
        .headers()
        .firstValue(remainingHeader)
        .map(String::trim)
        .filter("0"::equals)
        .isPresent()) {
      until = resetAt(response).orElse(null);
    }
    if (until != null && until.isAfter(clock.instant())) {
      notBefore.merge(accountId, until, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /** Until when the account must wait, if it must now; a pause that has passed is forgotten. */
  public Optional<Instant> check(long accountId) {
    Instant until = notBefore.get(accountId);
    if (until == null) {
      return Optional.empty();
    }
    if (clock.instant().isBefore(until)) {
      return Optional.of(until);
    }
    notBefore.remove(accountId, until);
    return Optional.empty();
  }

  /** The pause noted for the account, passed or not, until a {@link #check} forgets it. */
  public Optional<Instant> noted(long accountId) {
    return Optional.ofNullable(notBefore.get(accountId));
  }

  /** Forgets the account's pause (e.g. after its credentials changed). */
  public void forget(long accountId) {
    notBefore.remove(accountId);
  }

  /**
   * How long the answer asks to wait: {@code Retry-After}, else until the reset; null if unsaid.
   */
  public Duration retryAfter(HttpResponse<?> response) {
    return retryAfterHeader(response)
        .or(
            () ->
                resetAt(response)
                    .map(reset -> Duration.between(clock.instant(), reset))
                    .filter(d -> !d.isNegative()))
        .orElse(null);
  }

  /** The {@code Retry-After} header in seconds, the form these networks send. */
  public static Optional<Duration> retryAfterHeader(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(String::trim)
        .filter(v -> v.matches("\\d{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)));
  }

  private Optional<Instant> resetAt(HttpResponse<?> response) {
    return response.headers().firstValue(resetHeader).map(String::trim).flatMap(resetValue);
  }
}
