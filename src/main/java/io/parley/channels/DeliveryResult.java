package io.parley.channels;

import java.time.Duration;

/**
 * The outcome of one delivery attempt.
 *
 * <p>{@code Delivered}: the network has the post. {@code RetryLater}: a transient failure (timeout,
 * 429, 5xx); {@code retryAfter} is the network's hint or null. {@code Rejected}: the network
 * refused for good (too long, forbidden, deleted parent); retrying cannot help.
 */
public sealed interface DeliveryResult {

  record Delivered(String externalId) implements DeliveryResult {}

  record RetryLater(String reason, Duration retryAfter) implements DeliveryResult {}

  record Rejected(String reason) implements DeliveryResult {}

  /**
   * What an HTTP answer other than success means: 429 waits for the server's hint; 5xx, 408 and 401
   * (a token can be renewed) are worth another try; anything else the network refused for good.
   */
  static DeliveryResult ofFailedStatus(int status, String reason, Duration retryAfter) {
    if (status == 429) {
      return new RetryLater(reason, retryAfter);
    }
    if (status >= 500 || status == 408 || status == 401) {
      return new RetryLater(reason, null);
    }
    return new Rejected(reason);
  }
}
