package io.parley.conversations;

import io.parley.shared.Network;
import java.time.Instant;

/** One message in a conversation, inbound or outbound. {@code text} is untrusted plain text. */
public record Message(
    long id,
    long conversationId,
    Network network,
    String externalId,
    Direction direction,
    String kind,
    String authorExternalId,
    String authorHandle,
    String authorName,
    Long contactId,
    Long sentByUserId,
    String text,
    Instant createdAt,
    Instant receivedAt,
    String inReplyToExternalId,
    boolean edited,
    Instant editedAt,
    boolean deleted,
    Instant deletedAt,
    DeliveryState deliveryState,
    String deliveryError) {}
