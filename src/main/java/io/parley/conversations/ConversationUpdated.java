package io.parley.conversations;

/** Status, assignee or content of a conversation changed; carries ids only. */
public record ConversationUpdated(long conversationId, long workspaceId, String what) {}
