/**
 * Routing rules, SLA policies, business hours and reply approvals: which team owns a conversation
 * and how long it has (docs/routing.md).
 *
 * <p>Allowed dependencies: shared, conversations, triage (its {@code MessageTriaged} event and
 * labels), ingestion (its {@code MessageReceived} event, used when triage is off).
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Routing",
    allowedDependencies = {"shared", "conversations", "triage", "ingestion"})
package io.parley.routing;
