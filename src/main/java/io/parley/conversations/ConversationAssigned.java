package io.parley.conversations;

import java.time.Instant;

/**
 * A conversation got an assignee. {@code assignedByUserId} is null when a routing rule assigned it;
 * {@code assignedAt} tells two assignments of the same conversation apart for idempotent listeners.
 */
public record ConversationAssigned(
    long conversationId,
    long workspaceId,
    long assigneeId,
    Long assignedByUserId,
    Instant assignedAt) {}
