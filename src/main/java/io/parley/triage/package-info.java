/**
 * Reads every inbound message before a person does: language, sentiment, intent and urgency,
 * offline with models shipped in the product. Not built yet (see the triage issue); the package
 * exists so the module graph is complete from the start.
 *
 * <p>Allowed dependencies: shared.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Triage",
    allowedDependencies = {"shared"})
package io.parley.triage;
