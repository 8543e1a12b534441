/**
 * Small value types every module agrees on: workspace-scoped ids, the {@code Network} enum and the
 * injected clock. Kept deliberately tiny; anything with behaviour belongs to a domain module.
 *
 * <p>Allowed dependencies: none.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Shared kernel",
    type = org.springframework.modulith.ApplicationModule.Type.OPEN,
    allowedDependencies = {})
package io.parley.shared;
