package io.parley.outbox;

import java.time.Instant;

/** One delivery: a queued reply on its way to the network. */
public record OutboxEntry(
    long id,
    long workspaceId,
    long messageId,
    long channelAccountId,
    String idempotencyKey,
    String state,
    int attempts,
    Instant nextAttemptAt,
    String lastError,
    String externalId) {}
