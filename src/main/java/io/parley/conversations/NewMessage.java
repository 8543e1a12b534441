package io.parley.conversations;

import java.time.Instant;

/**
 * An inbound (or brand-authored, fetched) message to append to a conversation.
 *
 * @param deleted true when a deletion arrived before the message itself: a tombstone is stored
 */
public record NewMessage(
    String externalId,
    Direction direction,
    String kind,
    String authorExternalId,
    String authorHandle,
    String authorName,
    Long contactId,
    String text,
    Instant createdAt,
    String inReplyToExternalId,
    boolean edited,
    Instant editedAt,
    boolean deleted,
    Instant deletedAt,
    String rawPayload) {}
