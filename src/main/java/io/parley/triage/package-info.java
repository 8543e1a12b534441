/**
 * Reads every inbound message before a person does: language (Lingua over a configured set),
 * sentiment (a classifier on sentence embeddings plus our VADER-lexicon scorer), intents with
 * scores and urgency, offline with models shipped in the product. Stores the result per message and
 * publishes {@code MessageTriaged}. {@code parley train} and {@code parley eval} build and score
 * the models (docs/triage.md).
 *
 * <p>Allowed dependencies: shared, conversations, contacts, ingestion (its {@code MessageReceived}
 * event).
 */
@org.springframework.modulith.ApplicationModule(
    displayName = "Triage",
    allowedDependencies = {"shared", "conversations", "contacts", "ingestion"})
package io.parley.triage;
