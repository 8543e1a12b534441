/**
 * Social listening: boolean queries over public posts, the compiled matcher, sources and the
 * opportunity pipeline with its etiquette guard. Not built yet (see the listening issue).
 *
 * <p>Allowed dependencies: shared, channels, triage, outbox.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Listening",
    allowedDependencies = {"shared", "channels", "triage", "outbox"})
package io.parley.listening;
