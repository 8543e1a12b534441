package io.parley.conversations;

/** The network accepted a reply and gave it {@code externalId}. */
public record ReplySent(long messageId, long conversationId, long workspaceId, String externalId) {}
