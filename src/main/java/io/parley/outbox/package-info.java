/**
 * Exactly-once delivery of everything Parley posts. An outbox row is written in the transaction
 * that queues the reply; the {@code ReplyDispatcher} claims rows, delivers them through the
 * network's connector with a stable idempotency key, retries with backoff and, where the network
 * has no idempotency, looks the post up before retrying so a crash never double-posts.
 *
 * <p>Allowed dependencies: shared, channels, conversations (its {@code ReplyQueued} event only).
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Outbox",
    allowedDependencies = {"shared", "channels", "conversations"})
package io.parley.outbox;
