package io.parley.conversations;

/**
 * An agent's reply was stored (direction out, queued). Published inside the storing transaction so
 * the outbox writes its row atomically with it.
 */
public record ReplyQueued(
    long messageId, long conversationId, long workspaceId, long channelAccountId) {}
