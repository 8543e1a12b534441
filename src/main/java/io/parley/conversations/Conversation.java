package io.parley.conversations;

import io.parley.shared.Network;
import java.time.Instant;
import java.util.List;

/** A conversation as the inbox lists it. */
public record Conversation(
    long id,
    long workspaceId,
    long channelAccountId,
    Network network,
    ConversationKind kind,
    ConversationStatus status,
    Priority priority,
    Long assigneeId,
    Long teamId,
    Long contactId,
    String contextExternalId,
    boolean unread,
    int messageCount,
    String preview,
    Instant createdAt,
    Instant lastActivityAt,
    Instant lastInboundAt,
    Instant snoozedUntil,
    List<String> tags) {}
