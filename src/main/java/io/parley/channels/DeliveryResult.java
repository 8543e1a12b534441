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
}
