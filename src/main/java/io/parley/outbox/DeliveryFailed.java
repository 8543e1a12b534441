package io.parley.outbox;

/** Delivery was given up: the network refused for good or retries ran out. */
public record DeliveryFailed(long messageId, long outboxId, String reason) {}
