package io.parley.conversations;

import io.parley.shared.Network;

/** What the outbox needs to deliver a queued reply. */
public record OutgoingReply(
    long messageId,
    long conversationId,
    long channelAccountId,
    Network network,
    String text,
    String inReplyToExternalId,
    String contextExternalId,
    boolean direct) {}
