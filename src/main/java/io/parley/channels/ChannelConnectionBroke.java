package io.parley.channels;

/**
 * A channel account stopped working: its credentials were refused, or polling failed too many times
 * in a row. Published once per breakage (again only after a successful poll in between).
 */
public record ChannelConnectionBroke(
    long channelAccountId, long workspaceId, String handle, String reason) {}
