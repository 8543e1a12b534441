package io.parley.channels;

/**
 * A reply (or post) to publish.
 *
 * @param text the text as the agent wrote it
 * @param inReplyToExternalId the message answered; null for a new post
 * @param contextExternalId the DM thread, when the reply is a direct message
 * @param direct whether it must stay private (DM)
 */
public record OutgoingPost(
    String text, String inReplyToExternalId, String contextExternalId, boolean direct) {}
