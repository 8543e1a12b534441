package io.parley.routing;

import java.time.Instant;

/** A running SLA clock reached its warning time. Published once per clock. */
public record SlaBreachApproaching(
    long conversationId, long workspaceId, SlaKind kind, Instant dueAt) {}
