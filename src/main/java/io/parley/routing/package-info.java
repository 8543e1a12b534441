/**
 * Routing rules, SLA policies, business hours and reply approvals: which team owns a conversation
 * and how long it has. Not built yet (see the triage/routing issue).
 *
 * <p>Allowed dependencies: shared, conversations, triage.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Routing",
    allowedDependencies = {"shared", "conversations", "triage"})
package io.parley.routing;
