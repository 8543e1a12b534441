package io.parley.routing;

/**
 * A routing rule with a "notify" action matched a message: {@code userId} should hear of the
 * conversation. Published once per routed message (routing runs once per message).
 */
public record RuleNotified(
    long conversationId,
    long workspaceId,
    long messageId,
    long ruleId,
    String ruleName,
    long userId) {}
