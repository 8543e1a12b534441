package io.parley.ingestion;

/** A new inbound message is stored in a conversation. Listeners must tolerate duplicates. */
public record MessageReceived(long messageId, long conversationId, long workspaceId) {}
