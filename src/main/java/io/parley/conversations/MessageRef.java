package io.parley.conversations;

import java.time.Instant;

/**
 * Just enough of a stored message for dedupe and edit/delete handling.
 *
 * @param tombstone a deletion arrived before the message itself: only its id is known so far
 */
public record MessageRef(
    long id,
    long conversationId,
    Direction direction,
    boolean deleted,
    Instant editedAt,
    boolean tombstone) {}
