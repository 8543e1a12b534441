package io.parley.outbox;

/** The network has the reply, under {@code externalId}. */
public record ReplyDelivered(long messageId, long outboxId, String externalId) {}
