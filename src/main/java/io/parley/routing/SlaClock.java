package io.parley.routing;

import java.time.Duration;
import java.time.Instant;

/**
 * One SLA clock of a conversation.
 *
 * @param pausedAt since when the conversation waits on the customer, null while counting
 * @param stoppedAt when the reply (or resolution) stopped the clock, null while it runs
 */
public record SlaClock(
    long conversationId,
    SlaKind kind,
    Instant startedAt,
    Instant dueAt,
    Instant warnAt,
    Instant pausedAt,
    Instant stoppedAt) {

  /** Whether a reply (or resolving) stopped the clock. */
  public boolean stopped() {
    return stoppedAt != null;
  }

  public boolean paused() {
    return pausedAt != null;
  }

  /** Counting now: neither stopped nor paused. */
  public boolean running() {
    return !stopped() && !paused();
  }

  /**
   * Time left until due at {@code now}; negative when overdue. Measured to the stop once stopped
   * and to the pause while paused (the due time moves when the pause ends).
   */
  public Duration left(Instant now) {
    Instant until = stopped() ? stoppedAt : paused() ? pausedAt : now;
    return Duration.between(until, dueAt);
  }

  /** Whether the target is (or was, at the stop) missed. */
  public boolean breached(Instant now) {
    return left(now).isNegative();
  }

  /** Whether the warning time has come and the target is not missed yet. */
  public boolean warning(Instant now) {
    return running() && !now.isBefore(warnAt) && !breached(now);
  }
}
