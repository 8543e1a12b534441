package io.parley.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@code max} failed sign-ins for one e-mail address within the
 * window, that address is refused until the oldest failure leaves the window. Kept in memory: a
 * restart forgets, which is acceptable for a throttle (bcrypt already makes each guess slow).
 */
@Component
class LoginThrottle {

  private final Clock clock;
  private final int max;
  private final Duration window;
  private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

  LoginThrottle(
      Clock clock,
      @Value("${parley.login.max-failures:5}") int max,
      @Value("${parley.login.window:15m}") Duration window) {
    this.clock = clock;
    this.max = max;
    this.window = window;
  }

  /** How long the address is still refused, if it is. */
  Optional<Duration> blockedFor(String email) {
    Deque<Instant> recent = failures.get(key(email));
    if (recent == null) {
      return Optional.empty();
    }
    synchronized (recent) {
      prune(recent);
      if (recent.size() < max) {
        return Optional.empty();
      }
      return Optional.of(Duration.between(clock.instant(), recent.peekFirst().plus(window)));
    }
  }

  void failed(String email) {
    Deque<Instant> recent = failures.computeIfAbsent(key(email), k -> new ArrayDeque<>());
    synchronized (recent) {
      prune(recent);
      recent.addLast(clock.instant());
      while (recent.size() > max) {
        recent.removeFirst();
      }
    }
    if (failures.size() > 10_000) {
      // Guessing many addresses must not grow memory without bound.
      failures.values().removeIf(d -> d.isEmpty() || isStale(d));
    }
  }

  void succeeded(String email) {
    failures.remove(key(email));
  }

  private void prune(Deque<Instant> recent) {
    Instant cutoff = clock.instant().minus(window);
    while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
      recent.removeFirst();
    }
  }

  private boolean isStale(Deque<Instant> recent) {
    synchronized (recent) {
      prune(recent);
      return recent.isEmpty();
    }
  }

  private static String key(String email) {
    return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
  }
}
