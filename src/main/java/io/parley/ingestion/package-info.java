/**
 * Turns what connectors fetch (and what {@code parley import} reads) into conversations: dedupe on
 * (network, external id), threading that does not depend on arrival order, edits and deletions,
 * then {@code MessageReceived}. Also drives the connector polling loop and owns the import formats.
 *
 * <p>Allowed dependencies: shared, channels, conversations, contacts.
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Ingestion",
    allowedDependencies = {"shared", "channels", "conversations", "contacts"})
package io.parley.ingestion;
