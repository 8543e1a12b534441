package io.parley.conversations;

import io.parley.shared.Network;
import java.time.Instant;

/** What ingestion knows when a thread is first seen. */
public record NewConversation(
    long workspaceId,
    long channelAccountId,
    Network network,
    ConversationKind kind,
    String contextExternalId,
    Long contactId,
    Instant startedAt) {}
