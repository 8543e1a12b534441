package io.parley.routing;

import java.time.Instant;

/**
 * One routing rule of a workspace; rules run in {@code order}, lowest first.
 *
 * @param builtIn the key of a rule Parley seeded, or null
 */
public record RoutingRule(
    long id,
    long workspaceId,
    int order,
    String name,
    boolean enabled,
    String builtIn,
    RuleConditions conditions,
    RuleActions actions,
    Instant createdAt) {}
