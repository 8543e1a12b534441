package io.parley.routing;

import io.parley.conversations.ConversationKind;
import io.parley.shared.Network;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import java.time.Instant;
import java.util.List;

/**
 * An inbound message with what rules look at. The triage values are null when the message has not
 * been triaged.
 */
public record RoutedMessage(
    long messageId,
    long conversationId,
    long workspaceId,
    Network network,
    long channelAccountId,
    ConversationKind kind,
    String text,
    Instant createdAt,
    Integer followers,
    Sentiment sentiment,
    List<Intent> intents,
    String language,
    Integer urgency) {}
