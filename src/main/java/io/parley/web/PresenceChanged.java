package io.parley.web;

/**
 * Who views or types in a conversation changed. Published as an application event carrying ids, so
 * that several nodes can share it later through the event bus.
 */
public record PresenceChanged(long conversationId, long workspaceId) {}
