/**
 * Conversation analytics: response rate, first-response time, unanswered, sentiment trend and
 * conversions. A later wave; the package reserves the module's place in the graph.
 *
 * <p>Allowed dependencies: shared, conversations.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Analytics",
    allowedDependencies = {"shared", "conversations"})
package io.parley.analytics;
