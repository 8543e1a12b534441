package io.parley.channels;

/**
 * What a network supports, declared by its connector.
 *
 * @param receivesDirectMessages whether DMs can be read and answered
 * @param supportsIdempotencyKey whether the network itself deduplicates posts by a client key
 * @param maxReplyLength the longest reply the network accepts, counted as the network counts
 * @param lengthUnit how the network counts ("characters", "graphemes", "bytes")
 */
public record ConnectorCapabilities(
    boolean receivesDirectMessages,
    boolean supportsIdempotencyKey,
    int maxReplyLength,
    String lengthUnit) {}
