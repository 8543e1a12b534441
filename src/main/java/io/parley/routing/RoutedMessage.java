package io.parley.routing;

import io.parley.conversations.ConversationKind;
import io.parley.shared.Network;
import io.parley.triage.Intent;
import io.parley.triage.Sentiment;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An inbound message with what rules look at. The triage values are null when the message has not
 * been triaged; {@code contactTags} are the tags of the author's contact (lower case, empty when
 * none).
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
    Integer urgency,
    Set<String> contactTags) {

  RoutedMessage withContactTags(Set<String> tags) {
    return new RoutedMessage(
        messageId,
        conversationId,
        workspaceId,
        network,
        channelAccountId,
        kind,
        text,
        createdAt,
        followers,
        sentiment,
        intents,
        language,
        urgency,
        Set.copyOf(tags));
  }
}
