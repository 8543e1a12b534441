package io.parley.triage;

import java.time.Duration;

/**
 * Context for urgency: how many people follow the author and how long they have been waiting.
 *
 * @param followers the author's follower count, or null when unknown
 * @param waited time since the customer's first unanswered message, never negative
 */
public record Audience(Integer followers, Duration waited) {

  public static final Audience UNKNOWN = new Audience(null, Duration.ZERO);

  public Audience {
    waited = waited == null || waited.isNegative() ? Duration.ZERO : waited;
  }
}
