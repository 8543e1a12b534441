package io.parley.routing;

import java.time.Instant;

/** A running SLA clock passed its target. Published once per clock. */
public record SlaBreached(long conversationId, long workspaceId, SlaKind kind, Instant dueAt) {}
