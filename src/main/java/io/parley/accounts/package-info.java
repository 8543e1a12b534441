/**
 * Workspaces, users, roles and teams: who may sign in and on whose behalf Parley speaks. Creates
 * the first-run administrator and the demo workspace.
 *
 * <p>Allowed dependencies: shared.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Accounts",
    allowedDependencies = {"shared"})
package io.parley.accounts;
